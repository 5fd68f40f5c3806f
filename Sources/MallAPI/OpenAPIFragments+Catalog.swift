extension OpenAPIDocument {
    /// Categories, listings, review, price history and price control.
    static let catalog = #"""
{
 "paths": {
  "/api/v1/categories": {
   "get": {
    "operationId": "listCategories",
    "summary": "The category tree: the three roots, or the children of `parent`",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "name": "parent",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/Limit"
     },
     {
      "$ref": "#/components/parameters/Cursor"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CategoryPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/categories/{code}": {
   "get": {
    "operationId": "getCategory",
    "summary": "One category with its settings and path",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Category"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/categories/{code}/settings": {
   "put": {
    "operationId": "putCategorySettings",
    "summary": "Replace a category's settings (operators; inherited by its subtree)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/CategorySettingsRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Category"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/listings": {
   "post": {
    "operationId": "createListing",
    "summary": "Create a draft listing (suppliers)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "description": "A retry with the same key and body returns the first response.",
      "schema": {
       "type": "string",
       "minLength": 1,
       "maxLength": 255
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/CreateListingRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       },
       "Location": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/ContentTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   },
   "get": {
    "operationId": "listListings",
    "summary": "Listings: operators all, suppliers their own, others approved ones",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "name": "status",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "draft",
        "pending",
        "approved",
        "rejected",
        "delisted"
       ]
      }
     },
     {
      "name": "category",
      "in": "query",
      "required": false,
      "description": "A category code; matches its subtree.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "supplier",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     },
     {
      "$ref": "#/components/parameters/Limit"
     },
     {
      "$ref": "#/components/parameters/Cursor"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ListingPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/listings/{id}": {
   "get": {
    "operationId": "getListing",
    "summary": "One listing (a foreign draft answers 404)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   },
   "patch": {
    "operationId": "updateListing",
    "summary": "Change a listing (its supplier; If-Match required)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/UpdateListingRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Changed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "202": {
      "description": "A pending revision holds the change; the approved version stays on sale",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "description": "Conflict with the listing's state (invalid transition, duplicate, government-only, revision not pending)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "If-Match names a stale version",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/ContentTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "428": {
      "description": "If-Match is missing",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/listings/{id}/submit": {
   "post": {
    "operationId": "submitListing",
    "summary": "Ask for review: draft, rejected or delisted → pending (its supplier)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "The listing after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "description": "Conflict with the listing's state (invalid transition, duplicate, government-only, revision not pending)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "If-Match names a stale version",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "428": {
      "description": "If-Match is missing",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/listings/{id}/approve": {
   "post": {
    "operationId": "approveListing",
    "summary": "Approve a pending listing after the review checks (operators)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "The listing after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "description": "Conflict with the listing's state (invalid transition, duplicate, government-only, revision not pending)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "If-Match names a stale version",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "428": {
      "description": "If-Match is missing",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/listings/{id}/reject": {
   "post": {
    "operationId": "rejectListing",
    "summary": "Reject a pending listing with a reason (operators)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "The listing after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "description": "Conflict with the listing's state (invalid transition, duplicate, government-only, revision not pending)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "If-Match names a stale version",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "428": {
      "description": "If-Match is missing",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ReasonRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/listings/{id}/delist": {
   "post": {
    "operationId": "delistListing",
    "summary": "Take a listing off sale with a reason (its supplier or operators)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "The listing after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "description": "Conflict with the listing's state (invalid transition, duplicate, government-only, revision not pending)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "If-Match names a stale version",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "428": {
      "description": "If-Match is missing",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ReasonRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/listings/{id}/revisions": {
   "get": {
    "operationId": "listListingRevisions",
    "summary": "Revisions of a listing (its supplier, operators)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ListingRevisionPage"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/listings/{id}/revisions/{revisionId}/approve": {
   "post": {
    "operationId": "approveListingRevision",
    "summary": "Apply a pending revision (operators)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "name": "revisionId",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "The listing with the revision applied",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "description": "Conflict with the listing's state (invalid transition, duplicate, government-only, revision not pending)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "If-Match names a stale version",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "428": {
      "description": "If-Match is missing",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/listings/{id}/revisions/{revisionId}/reject": {
   "post": {
    "operationId": "rejectListingRevision",
    "summary": "Reject a pending revision with a reason (operators)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "name": "revisionId",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ReasonRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The listing, unchanged",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The listing's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "description": "Conflict with the listing's state (invalid transition, duplicate, government-only, revision not pending)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "If-Match names a stale version",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "428": {
      "description": "If-Match is missing",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/listings/{id}/price-history": {
   "get": {
    "operationId": "listingPriceHistory",
    "summary": "Every price change of a listing, newest first (DOMAIN.md §C6)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/Limit"
     },
     {
      "$ref": "#/components/parameters/Cursor"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PriceChangePage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/listings/{id}/reference-prices": {
   "post": {
    "operationId": "addReferencePrice",
    "summary": "Add a reference price; one that undercuts the listed price flags the listing (DOMAIN.md §C3)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "description": "A retry with the same key and body returns the first response.",
      "schema": {
       "type": "string",
       "minLength": 1,
       "maxLength": 255
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ReferencePriceInput"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Added",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Listing"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/ContentTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "422": {
      "$ref": "#/components/responses/UnprocessableContent"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/price-violations": {
   "get": {
    "operationId": "listPriceViolations",
    "summary": "Listings priced above a fresh reference, with their delisting date (operators)",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Limit"
     },
     {
      "$ref": "#/components/parameters/Cursor"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PriceViolationPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  }
 },
 "components": {
  "schemas": {
   "CategorySettings": {
    "type": "object",
    "required": [
     "energySaving",
     "ecoLabelPriority",
     "requiredAttributes",
     "unitHints",
     "directPurchaseAllowed",
     "source"
    ],
    "properties": {
     "energySaving": {
      "type": "string",
      "enum": [
       "none",
       "priority",
       "mandatory"
      ]
     },
     "ecoLabelPriority": {
      "type": "boolean"
     },
     "requiredAttributes": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "unitHints": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "directPurchaseAllowed": {
      "type": "boolean"
     },
     "source": {
      "type": "string"
     },
     "inheritedFrom": {
      "type": "string",
      "description": "The category whose settings apply (itself or an ancestor)."
     }
    }
   },
   "Category": {
    "type": "object",
    "required": [
     "code",
     "name",
     "level",
     "isLeaf",
     "settings"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "parentCode": {
      "type": "string"
     },
     "level": {
      "type": "integer"
     },
     "isLeaf": {
      "type": "boolean"
     },
     "settings": {
      "$ref": "#/components/schemas/CategorySettings"
     },
     "path": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "code",
        "name"
       ],
       "properties": {
        "code": {
         "type": "string"
        },
        "name": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "CategoryPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Category"
      }
     },
     "nextCursor": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "CategorySettingsRequest": {
    "type": "object",
    "required": [
     "energySaving",
     "ecoLabelPriority",
     "requiredAttributes",
     "unitHints",
     "directPurchaseAllowed"
    ],
    "properties": {
     "energySaving": {
      "type": "string",
      "enum": [
       "none",
       "priority",
       "mandatory"
      ]
     },
     "ecoLabelPriority": {
      "type": "boolean"
     },
     "requiredAttributes": {
      "type": "array",
      "maxItems": 30,
      "items": {
       "type": "string",
       "minLength": 1,
       "maxLength": 50
      }
     },
     "unitHints": {
      "type": "array",
      "maxItems": 20,
      "items": {
       "type": "string",
       "minLength": 1,
       "maxLength": 20
      }
     },
     "directPurchaseAllowed": {
      "type": "boolean"
     }
    }
   },
   "PriceTier": {
    "type": "object",
    "required": [
     "minQuantity",
     "unitPriceFen"
    ],
    "properties": {
     "minQuantity": {
      "type": "integer",
      "format": "int64"
     },
     "unitPriceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     }
    }
   },
   "DeclaredFee": {
    "type": "object",
    "required": [
     "kind",
     "amountFen",
     "perUnit",
     "description"
    ],
    "properties": {
     "kind": {
      "type": "string",
      "enum": [
       "installation",
       "delivery",
       "parts",
       "other"
      ]
     },
     "amountFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "perUnit": {
      "type": "boolean"
     },
     "description": {
      "type": "string"
     }
    }
   },
   "GreenCertificate": {
    "type": "object",
    "required": [
     "kind",
     "certifier",
     "number",
     "validUntil"
    ],
    "properties": {
     "kind": {
      "type": "string",
      "enum": [
       "energy_saving",
       "eco_label"
      ]
     },
     "certifier": {
      "type": "string"
     },
     "number": {
      "type": "string"
     },
     "validUntil": {
      "type": "string",
      "format": "date"
     }
    }
   },
   "ReferencePriceInput": {
    "type": "object",
    "required": [
     "kind",
     "source",
     "priceFen",
     "capturedAt"
    ],
    "properties": {
     "kind": {
      "type": "string",
      "enum": [
       "manufacturer",
       "ecommerce"
      ]
     },
     "source": {
      "type": "string",
      "minLength": 1,
      "maxLength": 200
     },
     "url": {
      "type": "string",
      "maxLength": 500
     },
     "priceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "capturedAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "ReferencePrice": {
    "type": "object",
    "required": [
     "id",
     "kind",
     "source",
     "priceFen",
     "capturedAt"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "kind": {
      "type": "string"
     },
     "source": {
      "type": "string"
     },
     "url": {
      "type": "string"
     },
     "priceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "capturedAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "Specs": {
    "type": "object",
    "description": "Attribute name → value (string, integer, boolean, array or object).",
    "additionalProperties": true
   },
   "ListingContent": {
    "type": "object",
    "required": [
     "categoryCode",
     "title",
     "brand",
     "model",
     "specs",
     "unit",
     "priceFen",
     "tiers",
     "fees",
     "deliveryRegions",
     "imageUrls",
     "greenCertificates",
     "governmentOnly"
    ],
    "properties": {
     "categoryCode": {
      "type": "string",
      "description": "A leaf code of the 2022 catalogue (DOMAIN.md §C1)."
     },
     "title": {
      "type": "string"
     },
     "brand": {
      "type": "string"
     },
     "model": {
      "type": "string"
     },
     "specs": {
      "$ref": "#/components/schemas/Specs"
     },
     "unit": {
      "type": "string"
     },
     "priceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "tiers": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PriceTier"
      }
     },
     "fees": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/DeclaredFee"
      }
     },
     "deliveryRegions": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "Region codes; empty means nationwide."
     },
     "imageUrls": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "greenCertificates": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/GreenCertificate"
      }
     },
     "governmentOnly": {
      "type": "boolean"
     },
     "originCounty": {
      "type": "string",
      "pattern": "^[0-9]{6}$",
      "description": "DOMAIN.md §V1: the county the product comes from, when not the supplier's registered county (a county code of the region table, else 422); it decides whether the product is an 832 product."
     }
    }
   },
   "CreateListingRequest": {
    "type": "object",
    "required": [
     "categoryCode",
     "title",
     "brand",
     "model",
     "unit",
     "priceFen"
    ],
    "properties": {
     "categoryCode": {
      "type": "string",
      "description": "A leaf code of the 2022 catalogue (DOMAIN.md §C1)."
     },
     "title": {
      "type": "string"
     },
     "brand": {
      "type": "string"
     },
     "model": {
      "type": "string"
     },
     "specs": {
      "$ref": "#/components/schemas/Specs"
     },
     "unit": {
      "type": "string"
     },
     "priceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "tiers": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PriceTier"
      }
     },
     "fees": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/DeclaredFee"
      }
     },
     "deliveryRegions": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "Region codes; empty means nationwide."
     },
     "imageUrls": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "greenCertificates": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/GreenCertificate"
      }
     },
     "governmentOnly": {
      "type": "boolean"
     },
     "originCounty": {
      "type": "string",
      "pattern": "^[0-9]{6}$",
      "description": "DOMAIN.md §V1: the county the product comes from, when not the supplier's registered county (a county code of the region table, else 422); it decides whether the product is an 832 product."
     },
     "stock": {
      "type": "integer",
      "format": "int64"
     },
     "leadTimeDays": {
      "type": "integer"
     },
     "referencePrices": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ReferencePriceInput"
      }
     }
    }
   },
   "UpdateListingRequest": {
    "type": "object",
    "description": "Any subset of the fields; absent fields keep their value. On an approved listing a price decrease (and stock, lead time) applies at once; other changes become a pending revision (202).",
    "properties": {
     "categoryCode": {
      "type": "string",
      "description": "A leaf code of the 2022 catalogue (DOMAIN.md §C1)."
     },
     "title": {
      "type": "string"
     },
     "brand": {
      "type": "string"
     },
     "model": {
      "type": "string"
     },
     "specs": {
      "$ref": "#/components/schemas/Specs"
     },
     "unit": {
      "type": "string"
     },
     "priceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "tiers": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PriceTier"
      }
     },
     "fees": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/DeclaredFee"
      }
     },
     "deliveryRegions": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "Region codes; empty means nationwide."
     },
     "imageUrls": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "greenCertificates": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/GreenCertificate"
      }
     },
     "governmentOnly": {
      "type": "boolean"
     },
     "originCounty": {
      "type": "string",
      "pattern": "^[0-9]{6}$",
      "description": "DOMAIN.md §V1: the county the product comes from, when not the supplier's registered county (a county code of the region table, else 422); it decides whether the product is an 832 product."
     },
     "stock": {
      "type": "integer",
      "format": "int64"
     },
     "leadTimeDays": {
      "type": "integer"
     }
    }
   },
   "ListingRevision": {
    "type": "object",
    "required": [
     "id",
     "status",
     "createdAt",
     "content"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "status": {
      "type": "string",
      "enum": [
       "pending",
       "approved",
       "rejected",
       "superseded"
      ]
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     },
     "reviewedAt": {
      "type": "string",
      "format": "date-time"
     },
     "reason": {
      "type": "string"
     },
     "content": {
      "$ref": "#/components/schemas/ListingContent"
     }
    }
   },
   "ReviewCheck": {
    "type": "object",
    "required": [
     "code",
     "message",
     "blocking"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "message": {
      "type": "string"
     },
     "blocking": {
      "type": "boolean"
     }
    }
   },
   "Listing": {
    "type": "object",
    "required": [
     "id",
     "supplierId",
     "supplierName",
     "regionCode",
     "status",
     "version",
     "categoryCode",
     "title",
     "brand",
     "model",
     "specs",
     "unit",
     "priceFen",
     "tiers",
     "fees",
     "stock",
     "leadTimeDays",
     "deliveryRegions",
     "imageUrls",
     "greenCertificates",
     "governmentOnly",
     "green",
     "povertyCounty",
     "createdAt",
     "updatedAt"
    ],
    "properties": {
     "categoryCode": {
      "type": "string",
      "description": "A leaf code of the 2022 catalogue (DOMAIN.md §C1)."
     },
     "title": {
      "type": "string"
     },
     "brand": {
      "type": "string"
     },
     "model": {
      "type": "string"
     },
     "specs": {
      "$ref": "#/components/schemas/Specs"
     },
     "unit": {
      "type": "string"
     },
     "priceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "tiers": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PriceTier"
      }
     },
     "fees": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/DeclaredFee"
      }
     },
     "deliveryRegions": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "Region codes; empty means nationwide."
     },
     "imageUrls": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "greenCertificates": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/GreenCertificate"
      }
     },
     "governmentOnly": {
      "type": "boolean"
     },
     "originCounty": {
      "type": "string",
      "pattern": "^[0-9]{6}$",
      "description": "DOMAIN.md §V1: the county the product comes from, when not the supplier's registered county (a county code of the region table, else 422); it decides whether the product is an 832 product."
     },
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "supplierId": {
      "type": "string",
      "format": "uuid"
     },
     "supplierName": {
      "type": "string"
     },
     "regionCode": {
      "type": "string"
     },
     "status": {
      "type": "string",
      "enum": [
       "draft",
       "pending",
       "approved",
       "rejected",
       "delisted"
      ]
     },
     "version": {
      "type": "integer"
     },
     "stock": {
      "type": "integer",
      "format": "int64"
     },
     "leadTimeDays": {
      "type": "integer"
     },
     "green": {
      "type": "boolean"
     },
     "povertyCounty": {
      "type": "boolean"
     },
     "rejectReason": {
      "type": "string"
     },
     "delistReason": {
      "type": "string"
     },
     "priceFlaggedAt": {
      "type": "string",
      "format": "date-time"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     },
     "updatedAt": {
      "type": "string",
      "format": "date-time"
     },
     "approvedAt": {
      "type": "string",
      "format": "date-time"
     },
     "referencePrices": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ReferencePrice"
      }
     },
     "pendingRevision": {
      "$ref": "#/components/schemas/ListingRevision"
     },
     "reviewChecks": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ReviewCheck"
      }
     }
    }
   },
   "ListingPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Listing"
      }
     },
     "nextCursor": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "ListingRevisionPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ListingRevision"
      }
     },
     "nextCursor": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "PriceChange": {
    "type": "object",
    "required": [
     "newPriceFen",
     "changedBy",
     "changedAt",
     "reason"
    ],
    "properties": {
     "oldPriceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "newPriceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "changedBy": {
      "type": "string",
      "format": "uuid"
     },
     "changedAt": {
      "type": "string",
      "format": "date-time"
     },
     "reason": {
      "type": "string"
     }
    }
   },
   "PriceChangePage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PriceChange"
      }
     },
     "nextCursor": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "PriceViolation": {
    "type": "object",
    "required": [
     "listing",
     "delistAt"
    ],
    "properties": {
     "listing": {
      "$ref": "#/components/schemas/Listing"
     },
     "lowestReferenceFen": {
      "type": "integer",
      "format": "int64",
      "description": "fen (1/100 yuan)"
     },
     "flaggedAt": {
      "type": "string",
      "format": "date-time"
     },
     "delistAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "PriceViolationPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PriceViolation"
      }
     },
     "nextCursor": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "ReasonRequest": {
    "type": "object",
    "required": [
     "reason"
    ],
    "properties": {
     "reason": {
      "type": "string",
      "minLength": 1,
      "maxLength": 500
     }
    }
   }
  }
 }
}
"""#
}
