extension OpenAPIDocument {
    /// Exemptions from the §T1 splitting detector (DOMAIN.md §T1; issue 4 point 5). Generated once from a
    /// description and edited by hand since.
    static let splitExemptions = #"""
{
 "paths": {
  "/api/v1/split-exemptions": {
   "post": {
    "operationId": "fileSplitExemption",
    "tags": [
     "orders"
    ],
    "summary": "File an exemption from the §T1 splitting detector (buyers, approvers of a unit)",
    "description": "DOMAIN.md §T1: crossing the tender or procurement threshold raises `split_suspected` unless an exemption (budget adjusted, approved) is attached. The group is the budget line's fiscal year and project (the line must be the unit's, else 404) and the second-level parent of `categoryCode` (422 `validation.failed` with `unknown` for a code not in the catalogue). `documentNo` is the number of the approval of the budget adjustment. 409 `split_exemption.duplicate` while the group has a pending or approved one. The exemption takes effect once a regulator of the unit's region approves it, for orders placed from then on; §T2 is never exempted. Audited.",
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": true,
      "description": "Required: a retry with the same key and body returns the first answer; without it 400 `request.idempotency_key_required`.",
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
        "$ref": "#/components/schemas/FileSplitExemptionRequest"
       }
      }
     }
    },
    "responses": {
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
     },
     "201": {
      "description": "The exemption, pending",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SplitExemption"
        }
       }
      },
      "headers": {
       "Location": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "The group has a pending or approved exemption (`split_exemption.duplicate`)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   },
   "get": {
    "operationId": "listSplitExemptions",
    "tags": [
     "orders"
    ],
    "summary": "Exemptions from §T1: a unit its own, a regulator its region's, an operator all",
    "parameters": [
     {
      "name": "state",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "pending",
        "approved",
        "rejected"
       ]
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
     },
     "200": {
      "description": "A page of exemptions, newest first",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SplitExemptionPage"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/split-exemptions/{id}": {
   "get": {
    "operationId": "getSplitExemption",
    "tags": [
     "orders"
    ],
    "summary": "One exemption (404 outside the caller's unit or region)",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     }
    ],
    "responses": {
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
     "500": {
      "$ref": "#/components/responses/InternalError"
     },
     "200": {
      "description": "The exemption",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SplitExemption"
        }
       }
      },
      "headers": {
       "ETag": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/split-exemptions/{id}/approve": {
   "post": {
    "operationId": "approveSplitExemption",
    "tags": [
     "orders"
    ],
    "summary": "Approve a pending exemption (regulators of the unit's region)",
    "description": "From now on the group's orders raise no `split_suspected` (§T1). An optional `note`. Audited.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/IdempotencyKey"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/DecideSplitExemptionRequest"
       }
      }
     }
    },
    "responses": {
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
     },
     "200": {
      "description": "The exemption, approved",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SplitExemption"
        }
       }
      }
     },
     "409": {
      "description": "Decided already (`split_exemption.not_pending`)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/split-exemptions/{id}/reject": {
   "post": {
    "operationId": "rejectSplitExemption",
    "tags": [
     "orders"
    ],
    "summary": "Reject a pending exemption with a note (regulators of the unit's region)",
    "description": "`note` is required (422). The group may file again. Audited.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/IdempotencyKey"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/DecideSplitExemptionRequest"
       }
      }
     }
    },
    "responses": {
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
     },
     "200": {
      "description": "The exemption, rejected",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SplitExemption"
        }
       }
      }
     },
     "409": {
      "description": "Decided already (`split_exemption.not_pending`)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  }
 },
 "components": {
  "schemas": {
   "FileSplitExemptionRequest": {
    "type": "object",
    "required": [
     "budgetLineId",
     "categoryCode",
     "documentNo"
    ],
    "properties": {
     "budgetLineId": {
      "type": "string"
     },
     "categoryCode": {
      "type": "string",
      "pattern": "^[ABC][0-9]{8}$"
     },
     "documentNo": {
      "type": "string",
      "minLength": 1,
      "maxLength": 200,
      "description": "预算调整批复文号"
     },
     "notes": {
      "type": "string",
      "maxLength": 2000
     }
    }
   },
   "DecideSplitExemptionRequest": {
    "type": "object",
    "properties": {
     "note": {
      "type": "string",
      "maxLength": 2000
     }
    }
   },
   "SplitExemption": {
    "type": "object",
    "required": [
     "id",
     "unitId",
     "unitName",
     "regionCode",
     "fiscalYear",
     "categoryGroup",
     "budgetProject",
     "reason",
     "documentNo",
     "state",
     "requestedAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "unitId": {
      "type": "string"
     },
     "unitName": {
      "type": "string"
     },
     "regionCode": {
      "type": "string"
     },
     "fiscalYear": {
      "type": "integer"
     },
     "categoryGroup": {
      "type": "string",
      "description": "The second-level parent category, e.g. A02020000"
     },
     "budgetProject": {
      "type": "string"
     },
     "reason": {
      "type": "string",
      "enum": [
       "budget_adjusted"
      ]
     },
     "documentNo": {
      "type": "string"
     },
     "notes": {
      "type": "string"
     },
     "state": {
      "type": "string",
      "enum": [
       "pending",
       "approved",
       "rejected"
      ]
     },
     "requestedAt": {
      "type": "string",
      "format": "date-time"
     },
     "decidedAt": {
      "type": "string",
      "format": "date-time"
     },
     "decisionNote": {
      "type": "string"
     }
    }
   },
   "SplitExemptionPage": {
    "type": "object",
    "required": [
     "items"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SplitExemption"
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
