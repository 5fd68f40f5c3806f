extension OpenAPIDocument {
    /// Competitions (竞价) and credit blacklists (DOMAIN.md §K; issue 4 point 8). Generated once from a
    /// description and edited by hand since.
    static let competitions = #"""
{
 "paths": {
  "/api/v1/competitions": {
   "post": {
    "operationId": "postCompetition",
    "tags": [
     "competitions"
    ],
    "summary": "Post a need for a competition (竞价) (buyers, approvers of a unit)",
    "description": "DOMAIN.md §K1: a leaf category (422 `listing.category_not_leaf`), quantity ≥ 1, a unit ceiling (最高限价) > 0, and a deadline at least the minimum response time in working days after publication (422 `competition.deadline_too_early`; a deadline in a year whose holiday calendar is not loaded answers `calendar.year_not_loaded`, §W1). The budget line must be the unit's, of this year, cover the category and have the ceiling total left (422 `order.over_budget`); it is reserved only when the award places the order. Any supplier with an approved listing of the category that delivers to the unit may quote; quotes are sealed until the deadline. Audited.",
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
        "$ref": "#/components/schemas/PostCompetitionRequest"
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
      "description": "The competition, open",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Competition"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The competition's version, for If-Match",
        "schema": {
         "type": "string"
        }
       },
       "Location": {
        "description": "The new resource",
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "get": {
    "operationId": "listCompetitions",
    "tags": [
     "competitions"
    ],
    "summary": "Competitions newest first: a unit its own, a supplier every mall competition and those it is invited to, a regulator its region's, operators all",
    "description": "Results are not in the list; read one competition for them.",
    "parameters": [
     {
      "name": "state",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "open",
        "evaluated",
        "failed",
        "awarded",
        "cancelled"
       ]
      }
     },
     {
      "name": "category",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[ABC][0-9]{0,8}$"
      },
      "description": "A category code or prefix: the subtree."
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
     "500": {
      "$ref": "#/components/responses/InternalError"
     },
     "200": {
      "description": "A page of competitions",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CompetitionPage"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/competitions/{id}": {
   "get": {
    "operationId": "getCompetition",
    "tags": [
     "competitions"
    ],
    "summary": "One competition, with its result for those who may see it",
    "description": "DOMAIN.md §K1, §K2: `result` (ranking by evaluated price, exclusions with their codes, the blacklist check time of each supplier, §K3) is shown from the deadline on to the posting unit, the suppliers that quoted, operators and regulators of the region; never to the unit and suppliers of a cancelled competition. The deadline service evaluates within `GOVMALL_COMPETITION_CLOSE_SECONDS` of the deadline.",
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
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     },
     "200": {
      "description": "The competition",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Competition"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The competition's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/competitions/{id}/quotes": {
   "post": {
    "operationId": "submitCompetitionQuote",
    "tags": [
     "competitions"
    ],
    "summary": "Quote in a competition (suppliers)",
    "description": "DOMAIN.md §K1: one total for the whole need, offering one of the supplier's own approved listings of the category that delivers to the unit (422 `competition.listing_not_eligible`). Refused: 409 `competition.closed` at or after the deadline or when not open; 422 `competition.quote_above_ceiling` above unit ceiling × quantity; 422 `competition.quote_above_agreed_price` above the agreed price in a second bidding (§F7). A supplier may quote again before the deadline; its latest quote counts. The supplier's size comes from its registration; `manufacturerSize` is the declaration the SME deduction needs for goods (§K2). Audited with a SHA-256 commitment instead of the price.",
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
        "$ref": "#/components/schemas/SubmitQuoteRequest"
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
      "description": "The quote, visible to its supplier",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CompetitionQuote"
        }
       }
      }
     },
     "409": {
      "description": "The competition takes no quotes (`competition.closed`)",
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
    "operationId": "listCompetitionQuotes",
    "tags": [
     "competitions"
    ],
    "summary": "The quotes of a competition, sealed as DOMAIN.md §K1 requires",
    "description": "Before the deadline a supplier sees only its own quotes and nobody else sees any. From the deadline on, the posting unit, the suppliers that quoted, operators and regulators see every price; others see the quotes listed as `sealed: true` without prices.",
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
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     },
     "200": {
      "description": "The quotes, oldest first",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CompetitionQuotePage"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/competitions/{id}/cancel": {
   "post": {
    "operationId": "cancelCompetition",
    "tags": [
     "competitions"
    ],
    "summary": "Cancel an open competition before its deadline, with a reason (buyers, approvers of the posting unit)",
    "description": "409 `competition.invalid_transition` when not open or past the deadline. Needs `If-Match` (428 without, 412 when stale). Audited.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "name": "If-Match",
      "in": "header",
      "required": true,
      "description": "The ETag of the competition version being changed, e.g. \"1\".",
      "schema": {
       "type": "string"
      }
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
        "$ref": "#/components/schemas/CancelCompetitionRequest"
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
      "description": "The competition, cancelled",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Competition"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The competition's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not open, or past the deadline (`competition.invalid_transition`)",
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
     "428": {
      "description": "If-Match is missing",
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
  "/api/v1/competitions/{id}/award": {
   "post": {
    "operationId": "awardCompetition",
    "tags": [
     "competitions"
    ],
    "summary": "Award an evaluated competition and place the order at the quoted price (buyers, approvers of the posting unit)",
    "description": "DOMAIN.md §K2, §K3, §P5: the contract is at the awardee's quoted total, never the evaluated price. Rank 1 needs no reason; a lower rank needs `reason` (422 `competition.award_reason_required`); a supplier without a valid quote is 422 `competition.supplier_not_ranked`. The blacklists are checked again (409 `competition.supplier_blacklisted`). The order goes through the order pipeline: budget reserved (422 `order.over_budget`), stock taken (409 `order.stock_insufficient`), splitting detectors (§T), audit. Needs `If-Match` (428 without, 412 when stale).",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "name": "If-Match",
      "in": "header",
      "required": true,
      "description": "The ETag of the competition version being changed, e.g. \"1\".",
      "schema": {
       "type": "string"
      }
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
        "$ref": "#/components/schemas/AwardRequest"
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
      "description": "The competition, awarded, and the order",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CompetitionAward"
        }
       }
      }
     },
     "409": {
      "description": "Not evaluated (`competition.invalid_transition`), a blacklisted supplier, not enough stock, or a listing flagged for its price",
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
     "428": {
      "description": "If-Match is missing",
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
  "/api/v1/suppliers/{id}/blacklist-entries": {
   "get": {
    "operationId": "listBlacklistEntries",
    "tags": [
     "competitions"
    ],
    "summary": "A supplier's credit blacklist entries, newest first (operators, regulators; a supplier its own)",
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
     },
     "200": {
      "description": "A page of entries",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/BlacklistEntryPage"
        }
       }
      }
     }
    }
   },
   "post": {
    "operationId": "recordBlacklistEntry",
    "tags": [
     "competitions"
    ],
    "summary": "Record that a supplier is on a credit blacklist (operators)",
    "description": "DOMAIN.md §K3 (财库〔2016〕125号): a listed supplier cannot be awarded; evaluations exclude it and store the time of the check. Audited.",
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
        "$ref": "#/components/schemas/BlacklistEntryRequest"
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
      "description": "The entry",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/BlacklistEntry"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/suppliers/{id}/blacklist-entries/{entryId}/lift": {
   "post": {
    "operationId": "liftBlacklistEntry",
    "tags": [
     "competitions"
    ],
    "summary": "Lift a blacklist entry with a reason (operators)",
    "description": "409 `blacklist.entry_lifted` when lifted already. Audited.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "name": "entryId",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
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
        "$ref": "#/components/schemas/LiftBlacklistEntryRequest"
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
      "description": "The entry, lifted",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/BlacklistEntry"
        }
       }
      }
     },
     "409": {
      "description": "Lifted already (`blacklist.entry_lifted`)",
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
   "PostCompetitionRequest": {
    "type": "object",
    "required": [
     "title",
     "categoryCode",
     "quantity",
     "unit",
     "unitCeilingFen",
     "budgetLineId",
     "deadline"
    ],
    "properties": {
     "title": {
      "type": "string",
      "minLength": 1,
      "maxLength": 200
     },
     "categoryCode": {
      "type": "string",
      "description": "A leaf 品目 code, e.g. A02010105"
     },
     "specs": {
      "type": "object",
      "description": "Required specifications, as on listings."
     },
     "quantity": {
      "type": "integer",
      "format": "int64",
      "minimum": 1
     },
     "unit": {
      "type": "string",
      "minLength": 1,
      "maxLength": 20
     },
     "unitCeilingFen": {
      "type": "integer",
      "format": "int64",
      "minimum": 1,
      "description": "The highest unit price (最高限价) in fen"
     },
     "budgetLineId": {
      "type": "string"
     },
     "deadline": {
      "type": "string",
      "format": "date-time",
      "description": "When quotes close and unseal (RFC 3339)"
     }
    }
   },
   "SubmitQuoteRequest": {
    "type": "object",
    "required": [
     "listingId",
     "totalFen"
    ],
    "properties": {
     "listingId": {
      "type": "string"
     },
     "totalFen": {
      "type": "integer",
      "format": "int64",
      "minimum": 1,
      "description": "All-inclusive total for the whole need"
     },
     "manufacturerSize": {
      "type": "string",
      "enum": [
       "large",
       "medium",
       "small",
       "micro"
      ]
     },
     "note": {
      "type": "string",
      "maxLength": 2000
     }
    }
   },
   "CancelCompetitionRequest": {
    "type": "object",
    "required": [
     "reason"
    ],
    "properties": {
     "reason": {
      "type": "string",
      "minLength": 1,
      "maxLength": 2000
     }
    }
   },
   "AwardRequest": {
    "type": "object",
    "required": [
     "supplierId"
    ],
    "properties": {
     "supplierId": {
      "type": "string"
     },
     "reason": {
      "type": "string",
      "maxLength": 2000
     }
    }
   },
   "BlacklistEntryRequest": {
    "type": "object",
    "required": [
     "list",
     "reference",
     "listedOn"
    ],
    "properties": {
     "list": {
      "type": "string",
      "enum": [
       "dishonest_judgment_debtor",
       "major_tax_violation",
       "serious_illegal_dishonesty"
      ]
     },
     "reference": {
      "type": "string",
      "minLength": 1,
      "maxLength": 200
     },
     "listedOn": {
      "type": "string",
      "format": "date"
     }
    }
   },
   "LiftBlacklistEntryRequest": {
    "type": "object",
    "required": [
     "reason"
    ],
    "properties": {
     "reason": {
      "type": "string",
      "minLength": 1,
      "maxLength": 2000
     }
    }
   },
   "CompetitionResult": {
    "type": "object",
    "required": [
     "smeDeductionBp",
     "ranking",
     "exclusions"
    ],
    "description": "DOMAIN.md §K2, §K3: ranking by evaluated price (quoted × (1 − SME deduction) for qualifying small/micro quotes, half-up), ties broken by lower quoted price, earlier submission, lower supplier id, lower quote id.",
    "properties": {
     "smeDeductionBp": {
      "type": "integer"
     },
     "ranking": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "rank",
        "quoteId",
        "supplierId",
        "quotedFen",
        "evaluatedFen",
        "deductionApplied",
        "deductionBp",
        "submittedAt",
        "blacklistCheckedAt"
       ],
       "properties": {
        "rank": {
         "type": "integer"
        },
        "quoteId": {
         "type": "string"
        },
        "supplierId": {
         "type": "string"
        },
        "quotedFen": {
         "type": "integer",
         "format": "int64"
        },
        "evaluatedFen": {
         "type": "integer",
         "format": "int64"
        },
        "deductionApplied": {
         "type": "boolean"
        },
        "deductionBp": {
         "type": "integer"
        },
        "submittedAt": {
         "type": "string"
        },
        "blacklistCheckedAt": {
         "type": "string"
        },
        "tieBreak": {
         "type": "string",
         "enum": [
          "quoted_price",
          "submitted_at",
          "supplier_id",
          "quote_id"
         ]
        }
       }
      }
     },
     "exclusions": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "quoteId",
        "supplierId",
        "quotedFen",
        "code",
        "message",
        "blacklistCheckedAt"
       ],
       "properties": {
        "quoteId": {
         "type": "string"
        },
        "supplierId": {
         "type": "string"
        },
        "quotedFen": {
         "type": "integer",
         "format": "int64"
        },
        "code": {
         "type": "string"
        },
        "message": {
         "type": "string"
        },
        "blacklistCheckedAt": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "Competition": {
    "type": "object",
    "required": [
     "id",
     "competitionNo",
     "unitId",
     "unitName",
     "regionCode",
     "method",
     "categoryCode",
     "categoryName",
     "title",
     "specs",
     "quantity",
     "unit",
     "unitCeilingFen",
     "totalCeilingFen",
     "publishedAt",
     "deadline",
     "minimumResponseWorkingDays",
     "smeDeductionBp",
     "state",
     "version"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "competitionNo": {
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
     "method": {
      "type": "string",
      "enum": [
       "mall",
       "second_bidding"
      ]
     },
     "agreementId": {
      "type": "string"
     },
     "agreementLotNo": {
      "type": "integer",
      "description": "Second bidding: the agreement's lot (DOMAIN.md §F7)."
     },
     "categoryCode": {
      "type": "string"
     },
     "categoryName": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "specs": {
      "type": "object"
     },
     "quantity": {
      "type": "integer",
      "format": "int64"
     },
     "unit": {
      "type": "string"
     },
     "unitCeilingFen": {
      "type": "integer",
      "format": "int64"
     },
     "totalCeilingFen": {
      "type": "integer",
      "format": "int64"
     },
     "budgetLineId": {
      "type": "string",
      "description": "Only for the posting unit, operators and regulators"
     },
     "publishedAt": {
      "type": "string",
      "format": "date-time"
     },
     "deadline": {
      "type": "string",
      "format": "date-time"
     },
     "minimumResponseWorkingDays": {
      "type": "integer"
     },
     "smeDeductionBp": {
      "type": "integer"
     },
     "state": {
      "type": "string",
      "enum": [
       "open",
       "evaluated",
       "failed",
       "awarded",
       "cancelled"
      ]
     },
     "version": {
      "type": "integer"
     },
     "evaluatedAt": {
      "type": "string",
      "format": "date-time"
     },
     "result": {
      "$ref": "#/components/schemas/CompetitionResult"
     },
     "failureReason": {
      "type": "string"
     },
     "award": {
      "type": "object",
      "required": [
       "supplierId"
      ],
      "properties": {
       "supplierId": {
        "type": "string"
       },
       "quoteId": {
        "type": "string"
       },
       "contractFen": {
        "type": "integer",
        "format": "int64"
       },
       "reason": {
        "type": "string"
       },
       "awardedAt": {
        "type": "string",
        "format": "date-time"
       },
       "orderId": {
        "type": "string"
       }
      }
     },
     "cancelReason": {
      "type": "string"
     },
     "cancelledAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "CompetitionPage": {
    "type": "object",
    "required": [
     "items"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Competition"
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
   "CompetitionQuote": {
    "type": "object",
    "required": [
     "id",
     "supplierId",
     "supplierName",
     "sealed",
     "submittedAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "supplierId": {
      "type": "string"
     },
     "supplierName": {
      "type": "string"
     },
     "listingId": {
      "type": "string"
     },
     "listingTitle": {
      "type": "string"
     },
     "brand": {
      "type": "string"
     },
     "model": {
      "type": "string"
     },
     "sealed": {
      "type": "boolean",
      "description": "true: the price is hidden from this viewer (§K1)"
     },
     "totalFen": {
      "type": "integer",
      "format": "int64"
     },
     "supplierSize": {
      "type": "string",
      "enum": [
       "large",
       "medium",
       "small",
       "micro"
      ]
     },
     "manufacturerSize": {
      "type": "string",
      "enum": [
       "large",
       "medium",
       "small",
       "micro"
      ]
     },
     "note": {
      "type": "string"
     },
     "submittedAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "CompetitionQuotePage": {
    "type": "object",
    "required": [
     "items"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/CompetitionQuote"
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
   "CompetitionAward": {
    "type": "object",
    "required": [
     "competition",
     "order",
     "warnings"
    ],
    "properties": {
     "competition": {
      "$ref": "#/components/schemas/Competition"
     },
     "order": {
      "$ref": "#/components/schemas/Order"
     },
     "warnings": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SplitWarning"
      }
     }
    }
   },
   "BlacklistEntry": {
    "type": "object",
    "required": [
     "id",
     "supplierId",
     "list",
     "reference",
     "listedOn",
     "recordedAt",
     "active"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "supplierId": {
      "type": "string"
     },
     "list": {
      "type": "string",
      "enum": [
       "dishonest_judgment_debtor",
       "major_tax_violation",
       "serious_illegal_dishonesty"
      ]
     },
     "reference": {
      "type": "string"
     },
     "listedOn": {
      "type": "string",
      "format": "date"
     },
     "recordedAt": {
      "type": "string",
      "format": "date-time"
     },
     "liftedAt": {
      "type": "string",
      "format": "date-time"
     },
     "liftReason": {
      "type": "string"
     },
     "active": {
      "type": "boolean"
     }
    }
   },
   "BlacklistEntryPage": {
    "type": "object",
    "required": [
     "items"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/BlacklistEntry"
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
