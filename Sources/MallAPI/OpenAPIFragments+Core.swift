extension OpenAPIDocument {
    /// Operations, sessions, regions and organisations.
    static let core = #"""
{
 "paths": {
  "/health": {
   "get": {
    "operationId": "health",
    "summary": "The process is up",
    "security": [],
    "tags": [
     "operations"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Status"
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
  "/ready": {
   "get": {
    "operationId": "ready",
    "summary": "The database answers",
    "security": [],
    "tags": [
     "operations"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Status"
        }
       }
      }
     },
     "503": {
      "description": "The database does not answer",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Status"
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
  "/metrics": {
   "get": {
    "operationId": "metrics",
    "summary": "Prometheus metrics (requests and latency per route and status)",
    "security": [],
    "tags": [
     "operations"
    ],
    "responses": {
     "200": {
      "description": "Prometheus text exposition format",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
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
  "/openapi.json": {
   "get": {
    "operationId": "openapi",
    "summary": "This document",
    "security": [],
    "tags": [
     "operations"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
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
  "/api/v1/sessions": {
   "post": {
    "operationId": "createSession",
    "summary": "Sign in: returns a bearer token",
    "description": "Repeated wrong passwords for one account lock it for a while (429 with `Retry-After`).",
    "security": [],
    "tags": [
     "accounts"
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/CreateSessionRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Signed in",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Session"
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
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/sessions/current": {
   "delete": {
    "operationId": "deleteCurrentSession",
    "summary": "Sign out: revokes the token used",
    "tags": [
     "accounts"
    ],
    "responses": {
     "204": {
      "description": "Revoked"
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
  "/api/v1/me": {
   "get": {
    "operationId": "me",
    "summary": "The signed-in user and organisation",
    "tags": [
     "accounts"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Me"
        }
       }
      }
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
  "/api/v1/regions": {
   "get": {
    "operationId": "listRegions",
    "summary": "Administrative regions (GB/T 2260): provinces, or the children of `parent`",
    "tags": [
     "reference"
    ],
    "parameters": [
     {
      "name": "parent",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{6}$"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "Page size (default 20).",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 200,
       "default": 20
      }
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "description": "The `nextCursor` of the previous page.",
      "schema": {
       "type": "string",
       "maxLength": 512
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/RegionPage"
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
  "/api/v1/regions/{code}": {
   "get": {
    "operationId": "getRegion",
    "summary": "One region",
    "tags": [
     "reference"
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
         "$ref": "#/components/schemas/Region"
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
  "/api/v1/organisations": {
   "get": {
    "operationId": "listOrganisations",
    "summary": "Organisations: operators see all, regulators their region",
    "tags": [
     "accounts"
    ],
    "parameters": [
     {
      "name": "kind",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "unit",
        "supplier",
        "operator",
        "regulator"
       ]
      }
     },
     {
      "name": "region",
      "in": "query",
      "required": false,
      "description": "A province, prefecture or county code: its organisations and those below it.",
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{6}$"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "Page size (default 20).",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 200,
       "default": 20
      }
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "description": "The `nextCursor` of the previous page.",
      "schema": {
       "type": "string",
       "maxLength": 512
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrganisationPage"
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
  },
  "/api/v1/organisations/{id}": {
   "get": {
    "operationId": "getOrganisation",
    "summary": "One organisation (your own; regulators their region; operators any)",
    "tags": [
     "accounts"
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
         "$ref": "#/components/schemas/Organisation"
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
  }
 },
 "components": {
  "schemas": {
   "Status": {
    "type": "object",
    "required": [
     "status"
    ],
    "properties": {
     "status": {
      "type": "string"
     },
     "database": {
      "type": "string"
     },
     "searchIndex": {
      "type": "string",
      "enum": [
       "loading",
       "ready",
       "off"
      ],
      "description": "/ready only: whether catalog search is served from the in-process index yet (while loading, from SQL)"
     }
    }
   },
   "CreateSessionRequest": {
    "type": "object",
    "required": [
     "username",
     "password"
    ],
    "properties": {
     "username": {
      "type": "string",
      "minLength": 1,
      "maxLength": 64,
      "examples": [
       "buyer1"
      ]
     },
     "password": {
      "type": "string",
      "minLength": 1,
      "maxLength": 72
     }
    }
   },
   "Session": {
    "type": "object",
    "required": [
     "token",
     "tokenType",
     "expiresAt",
     "user"
    ],
    "properties": {
     "token": {
      "type": "string"
     },
     "tokenType": {
      "type": "string",
      "const": "Bearer"
     },
     "expiresAt": {
      "type": "string",
      "format": "date-time"
     },
     "user": {
      "$ref": "#/components/schemas/Me"
     }
    }
   },
   "Me": {
    "type": "object",
    "required": [
     "id",
     "username",
     "displayName",
     "roles",
     "organisation"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "username": {
      "type": "string"
     },
     "displayName": {
      "type": "string"
     },
     "roles": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Role"
      }
     },
     "organisation": {
      "type": "object",
      "required": [
       "id",
       "name",
       "kind",
       "regionCode"
      ],
      "properties": {
       "id": {
        "type": "string",
        "format": "uuid"
       },
       "name": {
        "type": "string"
       },
       "kind": {
        "$ref": "#/components/schemas/OrganisationKind"
       },
       "regionCode": {
        "type": "string",
        "pattern": "^[0-9]{6}$"
       },
       "enterpriseSize": {
        "$ref": "#/components/schemas/EnterpriseSize"
       }
      }
     }
    }
   },
   "Role": {
    "type": "string",
    "enum": [
     "buyer",
     "approver",
     "supplier",
     "operator",
     "regulator"
    ]
   },
   "OrganisationKind": {
    "type": "string",
    "enum": [
     "unit",
     "supplier",
     "operator",
     "regulator"
    ]
   },
   "EnterpriseSize": {
    "type": "string",
    "enum": [
     "large",
     "medium",
     "small",
     "micro"
    ]
   },
   "Region": {
    "type": "object",
    "required": [
     "code",
     "name",
     "level",
     "povertyCounty"
    ],
    "properties": {
     "code": {
      "type": "string",
      "pattern": "^[0-9]{6}$"
     },
     "name": {
      "type": "string"
     },
     "level": {
      "type": "string",
      "enum": [
       "province",
       "prefecture",
       "county"
      ]
     },
     "parentCode": {
      "type": "string",
      "pattern": "^[0-9]{6}$"
     },
     "povertyCounty": {
      "type": "boolean",
      "description": "On the 832 list in force (DOMAIN.md §V1)."
     }
    }
   },
   "RegionPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Region"
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
   "Organisation": {
    "type": "object",
    "required": [
     "id",
     "kind",
     "name",
     "regionCode",
     "inPovertyCounty",
     "createdAt"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "kind": {
      "$ref": "#/components/schemas/OrganisationKind"
     },
     "name": {
      "type": "string"
     },
     "regionCode": {
      "type": "string",
      "pattern": "^[0-9]{6}$"
     },
     "creditCode": {
      "type": "string"
     },
     "enterpriseSize": {
      "$ref": "#/components/schemas/EnterpriseSize"
     },
     "parentId": {
      "type": "string",
      "format": "uuid"
     },
     "inPovertyCounty": {
      "type": "boolean"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "OrganisationPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Organisation"
      }
     },
     "nextCursor": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   }
  }
 }
}
"""#
}
