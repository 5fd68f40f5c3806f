/// The OpenAPI 3.1 document served at `GET /openapi.json`. Kept by hand next to the code; a test fails
/// when an endpoint is missing from it or it documents one that does not exist.
package enum OpenAPIDocument {
    /// The document as JSON text.
    package static let json = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "GovMall API",
  "version": "0.1.0",
  "description": "Public-procurement electronic mall and framework-agreement marketplace. Money is integer fen (`…Fen`), rates basis points (`…Bp`). Errors are RFC 9457 problem+json with a stable `code`. Lists are cursor-paginated."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "security": [
  {
   "bearerAuth": []
  }
 ],
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
      "name": "id",
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
  "securitySchemes": {
   "bearerAuth": {
    "type": "http",
    "scheme": "bearer",
    "description": "The token from POST /api/v1/sessions."
   }
  },
  "responses": {
   "BadRequest": {
    "description": "Malformed request (bad JSON, bad query parameter)",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Unauthorized": {
    "description": "No valid bearer token, or wrong credentials",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Forbidden": {
    "description": "The role may not do this",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "NotFound": {
    "description": "No such resource (or not visible to you)",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "MethodNotAllowed": {
    "description": "The path exists for other methods",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "ContentTooLarge": {
    "description": "The body is over the configured limit",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "UnsupportedMediaType": {
    "description": "The body is not application/json",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "UnprocessableContent": {
    "description": "The input failed validation; `errors` lists every field",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "TooManyRequests": {
    "description": "Too many failed logins: the account is locked for a while",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "InternalError": {
    "description": "Unexpected error; the log has the details under the request id",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   }
  },
  "schemas": {
   "Problem": {
    "type": "object",
    "required": [
     "type",
     "title",
     "status",
     "detail",
     "code"
    ],
    "properties": {
     "type": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "status": {
      "type": "integer"
     },
     "detail": {
      "type": "string"
     },
     "code": {
      "type": "string",
      "description": "Stable machine-readable code, e.g. `auth.unauthenticated`."
     },
     "errors": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/FieldError"
      }
     }
    }
   },
   "FieldError": {
    "type": "object",
    "required": [
     "field",
     "code",
     "message"
    ],
    "properties": {
     "field": {
      "type": "string"
     },
     "code": {
      "type": "string"
     },
     "message": {
      "type": "string"
     }
    }
   },
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
