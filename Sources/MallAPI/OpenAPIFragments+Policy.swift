extension OpenAPIDocument {
    /// Policy tracking (issue 6 points 1–5): the warnings feed, canteen filings, refunds, contract notices and
    /// the 832, SME and green reports (JSON, CSV, SVG).
    static let policy = #"""
{
 "paths": {
  "/api/v1/warnings": {
   "get": {
    "operationId": "listWarnings",
    "tags": [
     "policy"
    ],
    "summary": "The regulators' warnings feed, newest first: regulators their region's, operators all",
    "description": "One list of every warning (issue 6 point 3): `split_suspected` (§T1) and `split_suspected_near_limit` (§T2) raised at placement, `price_above_reference` (§C3: approved listings flagged above a fresh reference price), `payment_overdue` (§O5: unpaid past the due date, with the interest so far), `contract_notice_late` (§O6: published after the due date, or not yet and past it), `rotation_skip` (§F8: a supplier passed over in a framework agreement's rotation, with the unit's reason). Each item names the records that caused it (`records`: orders, listings, reference prices, contract notices, agreements) and kind-specific `details`; splitting warnings also keep issue 4's fields (`threshold`, `thresholdFen`, `sumFen`, `triggeredBy`, `orderIds`, …). Dates are in China (UTC+8).",
    "parameters": [
     {
      "name": "kind",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "split_suspected",
        "split_suspected_near_limit",
        "price_above_reference",
        "payment_overdue",
        "contract_notice_late",
        "rotation_skip"
       ]
      }
     },
     {
      "name": "unit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "A unit organisation id."
     },
     {
      "name": "supplier",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "A supplier organisation id."
     },
     {
      "name": "order",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Warnings naming this order among their records."
     },
     {
      "name": "from",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Occurred on or after this day (China)."
     },
     {
      "name": "to",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Occurred on or before this day (China)."
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "200": {
      "description": "A page of warnings",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/WarningPage"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/canteen-filings": {
   "post": {
    "operationId": "createCanteenFiling",
    "tags": [
     "policy"
    ],
    "summary": "File the unit's yearly canteen-food 832 share (buyers, approvers of a unit)",
    "description": "DOMAIN.md §V2: `canteen` with `foodBudgetFen` and `reservedRatioBp` (at least the configured minimum, 10 % by default), `no_canteen`, or `shared` naming the `representativeUnitId` that files for the shared canteen. 422 lists every bad field; 409 `filing.already_filed` when a submitted or approved filing exists for the year (a returned one may be filed again); 422 `filing.representative_invalid`. Filed after the configured deadline: accepted with `late: true`. Reviewed by the parent department (or the operators). Audited.",
    "parameters": [
     {
      "$ref": "#/components/parameters/IdempotencyKey"
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
     "201": {
      "description": "The filing",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CanteenFiling"
        }
       }
      },
      "headers": {
       "Location": {
        "description": "The filing's address",
        "schema": {
         "type": "string"
        }
       },
       "ETag": {
        "description": "The version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "A live filing exists for the year (`filing.already_filed`)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/CreateCanteenFilingRequest"
       }
      }
     }
    }
   },
   "get": {
    "operationId": "listCanteenFilings",
    "tags": [
     "policy"
    ],
    "summary": "Canteen filings, newest first: a unit its own and those it reviews, regulators their region's, operators all",
    "description": "DOMAIN.md §V2.",
    "parameters": [
     {
      "name": "year",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100
      }
     },
     {
      "name": "state",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "submitted",
        "approved",
        "returned"
       ]
      }
     },
     {
      "name": "unit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "A unit organisation id."
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "200": {
      "description": "A page of filings",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CanteenFilingPage"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/canteen-filings/{id}": {
   "get": {
    "operationId": "getCanteenFiling",
    "tags": [
     "policy"
    ],
    "summary": "One canteen filing",
    "description": "With its version in `ETag` (for approve and return).",
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
     "500": {
      "$ref": "#/components/responses/InternalError"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "200": {
      "description": "The filing",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CanteenFiling"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/canteen-filings/{id}/approve": {
   "post": {
    "operationId": "approveCanteenFiling",
    "tags": [
     "policy"
    ],
    "summary": "Approve a submitted filing (the parent department's approvers; operators for units without one)",
    "description": "DOMAIN.md §V2. 403 for anyone but the reviewer, 409 `filing.not_submitted` once reviewed, 428/412 for If-Match. A reason is optional. Audited.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "name": "If-Match",
      "in": "header",
      "required": true,
      "description": "The ETag of the version being changed, e.g. \"1\".",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/IdempotencyKey"
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
     "200": {
      "description": "The filing after the review",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CanteenFiling"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Reviewed already (`filing.not_submitted`)",
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
    },
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/FilingReviewRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/canteen-filings/{id}/return": {
   "post": {
    "operationId": "returnCanteenFiling",
    "tags": [
     "policy"
    ],
    "summary": "Return a submitted filing (the parent department's approvers; operators for units without one)",
    "description": "DOMAIN.md §V2. 403 for anyone but the reviewer, 409 `filing.not_submitted` once reviewed, 428/412 for If-Match. A reason is required. Audited.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "name": "If-Match",
      "in": "header",
      "required": true,
      "description": "The ETag of the version being changed, e.g. \"1\".",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/IdempotencyKey"
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
     "200": {
      "description": "The filing after the review",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CanteenFiling"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Reviewed already (`filing.not_submitted`)",
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
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/FilingReviewRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}/refunds": {
   "post": {
    "operationId": "refundOrder",
    "tags": [
     "orders"
    ],
    "summary": "Record a refund on a paid order (its unit or its supplier)",
    "description": "DOMAIN.md §V3: 832 progress and the SME and green shares subtract refunds in the month of `refundedOn` (default today; not in the future, not before the payment). The amount is spread over the lines pro rata (largest remainder). 409 `refund.order_not_paid`, 422 `refund.exceeds_paid` above what the lines have left. Audited as `order.refunded`.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": true,
      "description": "Required (money moves): without it 400 `request.idempotency_key_required`. A retry with the same key and body returns the first answer; with another body 422 `request.idempotency_key_reused`.",
      "schema": {
       "type": "string",
       "minLength": 1,
       "maxLength": 255
      }
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
     "201": {
      "description": "The refund",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Refund"
        }
       }
      }
     },
     "409": {
      "description": "The order is not paid (`refund.order_not_paid`)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/CreateRefundRequest"
       }
      }
     }
    }
   },
   "get": {
    "operationId": "listOrderRefunds",
    "tags": [
     "orders"
    ],
    "summary": "The refunds of an order (whoever may see the order)",
    "description": "Oldest first.",
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
     "500": {
      "$ref": "#/components/responses/InternalError"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "200": {
      "description": "The refunds",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/RefundList"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/contract-notices": {
   "get": {
    "operationId": "listContractNotices",
    "tags": [
     "policy"
    ],
    "summary": "Contract notices, newest first: units and suppliers their own, regulators their region's, operators all",
    "description": "DOMAIN.md §O6: opened when the supplier confirms an order, due within the configured working days (2) on the holiday calendar; `late` as of today.",
    "parameters": [
     {
      "name": "published",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "false"
       ]
      }
     },
     {
      "name": "late",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "false"
       ]
      },
      "description": "`true`: only late ones."
     },
     {
      "name": "unit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "supplier",
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
      "description": "A page of notices",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ContractNoticePage"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/contract-notices/{id}": {
   "get": {
    "operationId": "getContractNotice",
    "tags": [
     "policy"
    ],
    "summary": "One contract notice",
    "description": "DOMAIN.md §O6.",
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
     "500": {
      "$ref": "#/components/responses/InternalError"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "200": {
      "description": "The notice",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ContractNotice"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/contract-notices/{id}/publish": {
   "post": {
    "operationId": "publishContractNotice",
    "tags": [
     "policy"
    ],
    "summary": "Publish an order's contract notice (buyers, approvers of the order's unit)",
    "description": "DOMAIN.md §O6: records today (China) as the publication day and the optional address; `late` when after the due date (the warnings feed lists it). 409 `notice.already_published`. Audited.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/IdempotencyKey"
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
     "200": {
      "description": "The notice",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ContractNotice"
        }
       }
      }
     },
     "409": {
      "description": "Published already (`notice.already_published`)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PublishNoticeRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/reports/poverty": {
   "get": {
    "operationId": "povertyReport",
    "tags": [
     "policy"
    ],
    "summary": "832 progress: reserved (approved filings) against paid 832 products, per unit, department or region",
    "description": "DOMAIN.md §V3: paid orders of 832 products (origin county, or the supplier's county, on the list in force) in the period, refunds subtracted; reserved = the approved filings of the period's year; shortfall and completion rate (rounded down). Units see their own and their departments' units, regulators their region, operators all. Reads the roll-ups only.",
    "parameters": [
     {
      "name": "period",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"
      },
      "description": "A year (`2026`), a quarter (`2026-Q2`) or a month (`2026-05`). Default: the current year (China)."
     },
     {
      "name": "by",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "unit",
        "department",
        "region"
       ]
      },
      "description": "Rows per buying unit, per parent department, or per child region of `region` (provinces → prefectures → counties). Default: `unit` for units, `region` for others."
     },
     {
      "name": "region",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{6}$"
      },
      "description": "Narrow to a region and below (operators: any; regulators: within their own; units may not). Region rows list its children."
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      },
      "description": "`csv`: UTF-8 with a byte order mark, CRLF, Chinese headers, money in 元 (Excel opens it as is)."
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "200": {
      "description": "The report",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PovertyReport"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/reports/poverty/trend": {
   "get": {
    "operationId": "povertyTrend",
    "tags": [
     "policy"
    ],
    "summary": "The monthly 832 trend of a year: paid per month, cumulative, against the reserved amount",
    "description": "DOMAIN.md §V3. `unit` narrows to one unit and the units it is parent department of (visible ones only). `format=svg` is a chart (bars per month, cumulative line, reserved line, amounts in 元).",
    "parameters": [
     {
      "name": "year",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100
      },
      "description": "Default: the current year (China)."
     },
     {
      "name": "unit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "A unit organisation id."
     },
     {
      "name": "region",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{6}$"
      },
      "description": "Narrow to a region and below (operators: any; regulators: within their own; units may not). Region rows list its children."
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv",
        "svg"
       ],
       "default": "json"
      },
      "description": "`csv`: UTF-8 with a byte order mark, CRLF, Chinese headers, money in 元 (Excel opens it as is). `svg`: a chart with title, axes and units, readable on its own."
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "200": {
      "description": "The trend",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PovertyTrend"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       },
       "image/svg+xml": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/reports/sme": {
   "get": {
    "operationId": "smeReport",
    "tags": [
     "policy"
    ],
    "summary": "SME and small/micro shares of paid spending, per unit, department or region",
    "description": "DOMAIN.md §G2: spending with medium, small and micro suppliers (size fixed at contract time) and with small and micro ones, ÷ all paid spending, refunds subtracted, shares in basis points rounded down.",
    "parameters": [
     {
      "name": "period",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"
      },
      "description": "A year (`2026`), a quarter (`2026-Q2`) or a month (`2026-05`). Default: the current year (China)."
     },
     {
      "name": "by",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "unit",
        "department",
        "region"
       ]
      },
      "description": "Rows per buying unit, per parent department, or per child region of `region` (provinces → prefectures → counties). Default: `unit` for units, `region` for others."
     },
     {
      "name": "region",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{6}$"
      },
      "description": "Narrow to a region and below (operators: any; regulators: within their own; units may not). Region rows list its children."
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv",
        "svg"
       ],
       "default": "json"
      },
      "description": "`csv`: UTF-8 with a byte order mark, CRLF, Chinese headers, money in 元 (Excel opens it as is). `svg`: a chart with title, axes and units, readable on its own."
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "200": {
      "description": "The report",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SMEReport"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       },
       "image/svg+xml": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/reports/green": {
   "get": {
    "operationId": "greenReport",
    "tags": [
     "policy"
    ],
    "summary": "Green share in the green-list categories against the target, per unit, department or region",
    "description": "DOMAIN.md §G3: certified green amount ÷ all amount in the categories of the energy-saving and eco-label lists (tags fixed on each order line at the order date), target 80 % by default; spending in mandatory categories without a certificate.",
    "parameters": [
     {
      "name": "period",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"
      },
      "description": "A year (`2026`), a quarter (`2026-Q2`) or a month (`2026-05`). Default: the current year (China)."
     },
     {
      "name": "by",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "unit",
        "department",
        "region"
       ]
      },
      "description": "Rows per buying unit, per parent department, or per child region of `region` (provinces → prefectures → counties). Default: `unit` for units, `region` for others."
     },
     {
      "name": "region",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{6}$"
      },
      "description": "Narrow to a region and below (operators: any; regulators: within their own; units may not). Region rows list its children."
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv",
        "svg"
       ],
       "default": "json"
      },
      "description": "`csv`: UTF-8 with a byte order mark, CRLF, Chinese headers, money in 元 (Excel opens it as is). `svg`: a chart with title, axes and units, readable on its own."
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "200": {
      "description": "The report",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/GreenReport"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       },
       "image/svg+xml": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/reports/green/violations": {
   "get": {
    "operationId": "greenViolations",
    "tags": [
     "policy"
    ],
    "summary": "Paid lines of mandatory energy-saving categories without a valid certificate",
    "description": "DOMAIN.md §G3, §C5, newest first. JSON is paged; CSV is the whole list (at most 10 000 rows).",
    "parameters": [
     {
      "name": "period",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"
      },
      "description": "A year (`2026`), a quarter (`2026-Q2`) or a month (`2026-05`). Default: the current year (China)."
     },
     {
      "name": "region",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{6}$"
      },
      "description": "Narrow to a region and below (operators: any; regulators: within their own; units may not). Region rows list its children."
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      },
      "description": "`csv`: UTF-8 with a byte order mark, CRLF, Chinese headers, money in 元 (Excel opens it as is)."
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "200": {
      "description": "The violations",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/GreenViolationPage"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
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
   "WarningRecord": {
    "type": "object",
    "required": [
     "type",
     "id"
    ],
    "properties": {
     "type": {
      "type": "string",
      "enum": [
       "order",
       "listing",
       "reference_price",
       "contract_notice",
       "agreement"
      ]
     },
     "id": {
      "type": "string"
     },
     "label": {
      "type": "string"
     }
    }
   },
   "Warning": {
    "type": "object",
    "required": [
     "id",
     "kind",
     "rule",
     "regionCode",
     "occurredAt",
     "occurredOn",
     "message",
     "records",
     "details"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "kind": {
      "type": "string"
     },
     "rule": {
      "type": "string"
     },
     "regionCode": {
      "type": "string"
     },
     "unitId": {
      "type": "string"
     },
     "unitName": {
      "type": "string"
     },
     "supplierId": {
      "type": "string"
     },
     "supplierName": {
      "type": "string"
     },
     "occurredAt": {
      "type": "string",
      "format": "date-time"
     },
     "occurredOn": {
      "type": "string",
      "format": "date"
     },
     "amountFen": {
      "type": "integer"
     },
     "message": {
      "type": "string"
     },
     "records": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/WarningRecord"
      }
     },
     "details": {
      "type": "object",
      "description": "Kind-specific facts: thresholds, due dates, days late, interest."
     },
     "threshold": {
      "type": "string"
     },
     "thresholdFen": {
      "type": "integer"
     },
     "sumFen": {
      "type": "integer"
     },
     "categoryCode": {
      "type": "string"
     },
     "budgetProject": {
      "type": "string"
     },
     "fiscalYear": {
      "type": "integer"
     },
     "triggeredBy": {
      "type": "string"
     },
     "orderIds": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "WarningPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Warning"
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
   "CreateCanteenFilingRequest": {
    "type": "object",
    "required": [
     "fiscalYear",
     "kind"
    ],
    "properties": {
     "fiscalYear": {
      "type": "integer"
     },
     "kind": {
      "type": "string",
      "enum": [
       "canteen",
       "no_canteen",
       "shared"
      ]
     },
     "foodBudgetFen": {
      "type": "integer"
     },
     "reservedRatioBp": {
      "type": "integer"
     },
     "representativeUnitId": {
      "type": "string"
     }
    }
   },
   "FilingReviewRequest": {
    "type": "object",
    "required": [],
    "properties": {
     "reason": {
      "type": "string"
     }
    }
   },
   "CanteenFiling": {
    "type": "object",
    "required": [
     "id",
     "unitId",
     "unitName",
     "regionCode",
     "fiscalYear",
     "kind",
     "reservedFen",
     "state",
     "late",
     "version",
     "createdAt"
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
     "reviewerOrgId": {
      "type": "string"
     },
     "reviewerName": {
      "type": "string"
     },
     "fiscalYear": {
      "type": "integer"
     },
     "kind": {
      "type": "string",
      "enum": [
       "canteen",
       "no_canteen",
       "shared"
      ]
     },
     "foodBudgetFen": {
      "type": "integer"
     },
     "reservedRatioBp": {
      "type": "integer"
     },
     "reservedFen": {
      "type": "integer"
     },
     "representativeUnitId": {
      "type": "string"
     },
     "state": {
      "type": "string",
      "enum": [
       "submitted",
       "approved",
       "returned"
      ]
     },
     "late": {
      "type": "boolean"
     },
     "reviewReason": {
      "type": "string"
     },
     "reviewedAt": {
      "type": "string",
      "format": "date-time"
     },
     "version": {
      "type": "integer"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "CanteenFilingPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/CanteenFiling"
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
   "CreateRefundRequest": {
    "type": "object",
    "required": [
     "amountFen",
     "reason"
    ],
    "properties": {
     "amountFen": {
      "type": "integer"
     },
     "reason": {
      "type": "string"
     },
     "refundedOn": {
      "type": "string",
      "format": "date"
     }
    }
   },
   "Refund": {
    "type": "object",
    "required": [
     "id",
     "orderId",
     "amountFen",
     "refundedOn",
     "reason",
     "createdAt",
     "lines"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "orderId": {
      "type": "string"
     },
     "amountFen": {
      "type": "integer"
     },
     "refundedOn": {
      "type": "string"
     },
     "reason": {
      "type": "string"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     },
     "lines": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "lineNo",
        "amountFen"
       ],
       "properties": {
        "lineNo": {
         "type": "integer"
        },
        "amountFen": {
         "type": "integer"
        }
       }
      }
     }
    }
   },
   "RefundList": {
    "type": "object",
    "required": [
     "items",
     "refundedFen"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Refund"
      }
     },
     "refundedFen": {
      "type": "integer"
     }
    }
   },
   "PublishNoticeRequest": {
    "type": "object",
    "required": [],
    "properties": {
     "url": {
      "type": "string"
     }
    }
   },
   "ContractNotice": {
    "type": "object",
    "required": [
     "id",
     "orderId",
     "orderNo",
     "unitId",
     "unitName",
     "supplierId",
     "supplierName",
     "regionCode",
     "signedOn",
     "dueOn",
     "dueOnProvisional",
     "late",
     "daysLate",
     "version",
     "createdAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "orderId": {
      "type": "string"
     },
     "orderNo": {
      "type": "string"
     },
     "unitId": {
      "type": "string"
     },
     "unitName": {
      "type": "string"
     },
     "supplierId": {
      "type": "string"
     },
     "supplierName": {
      "type": "string"
     },
     "regionCode": {
      "type": "string"
     },
     "signedOn": {
      "type": "string"
     },
     "dueOn": {
      "type": "string"
     },
     "dueOnProvisional": {
      "type": "boolean"
     },
     "publishedOn": {
      "type": "string"
     },
     "url": {
      "type": "string"
     },
     "late": {
      "type": "boolean"
     },
     "daysLate": {
      "type": "integer"
     },
     "version": {
      "type": "integer"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "ContractNoticePage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ContractNotice"
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
   "PovertyRow": {
    "type": "object",
    "required": [
     "key",
     "name",
     "reservedFen",
     "paidFen",
     "shortfallFen",
     "progressBp"
    ],
    "properties": {
     "key": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "reservedFen": {
      "type": "integer"
     },
     "paidFen": {
      "type": "integer"
     },
     "shortfallFen": {
      "type": "integer"
     },
     "progressBp": {
      "type": "integer"
     }
    }
   },
   "PovertyReport": {
    "type": "object",
    "required": [
     "title",
     "period",
     "groupBy",
     "povertyListVersion",
     "rows",
     "total"
    ],
    "properties": {
     "title": {
      "type": "string"
     },
     "period": {
      "type": "string"
     },
     "groupBy": {
      "type": "string"
     },
     "povertyListVersion": {
      "type": "string"
     },
     "rows": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PovertyRow"
      }
     },
     "total": {
      "$ref": "#/components/schemas/PovertyRow"
     }
    }
   },
   "PovertyTrend": {
    "type": "object",
    "required": [
     "title",
     "year",
     "scope",
     "reservedFen",
     "paidFen",
     "shortfallFen",
     "progressBp",
     "months"
    ],
    "properties": {
     "title": {
      "type": "string"
     },
     "year": {
      "type": "integer"
     },
     "scope": {
      "type": "string"
     },
     "reservedFen": {
      "type": "integer"
     },
     "paidFen": {
      "type": "integer"
     },
     "shortfallFen": {
      "type": "integer"
     },
     "progressBp": {
      "type": "integer"
     },
     "months": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "month",
        "paidFen",
        "cumulativeFen"
       ],
       "properties": {
        "month": {
         "type": "string"
        },
        "paidFen": {
         "type": "integer"
        },
        "cumulativeFen": {
         "type": "integer"
        }
       }
      }
     }
    }
   },
   "SMERow": {
    "type": "object",
    "required": [
     "key",
     "name",
     "paidFen",
     "smeFen",
     "smallMicroFen",
     "smeShareBp",
     "smallMicroShareBp"
    ],
    "properties": {
     "key": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "paidFen": {
      "type": "integer"
     },
     "smeFen": {
      "type": "integer"
     },
     "smallMicroFen": {
      "type": "integer"
     },
     "smeShareBp": {
      "type": "integer"
     },
     "smallMicroShareBp": {
      "type": "integer"
     }
    }
   },
   "SMEReport": {
    "type": "object",
    "required": [
     "title",
     "period",
     "groupBy",
     "rows",
     "total"
    ],
    "properties": {
     "title": {
      "type": "string"
     },
     "period": {
      "type": "string"
     },
     "groupBy": {
      "type": "string"
     },
     "rows": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SMERow"
      }
     },
     "total": {
      "$ref": "#/components/schemas/SMERow"
     }
    }
   },
   "GreenRow": {
    "type": "object",
    "required": [
     "key",
     "name",
     "greenScopeFen",
     "greenFen",
     "greenShareBp",
     "meetsTarget",
     "mandatoryFen",
     "mandatoryViolationFen"
    ],
    "properties": {
     "key": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "greenScopeFen": {
      "type": "integer"
     },
     "greenFen": {
      "type": "integer"
     },
     "greenShareBp": {
      "type": "integer"
     },
     "meetsTarget": {
      "type": "boolean"
     },
     "mandatoryFen": {
      "type": "integer"
     },
     "mandatoryViolationFen": {
      "type": "integer"
     }
    }
   },
   "GreenReport": {
    "type": "object",
    "required": [
     "title",
     "period",
     "groupBy",
     "targetBp",
     "rows",
     "total"
    ],
    "properties": {
     "title": {
      "type": "string"
     },
     "period": {
      "type": "string"
     },
     "groupBy": {
      "type": "string"
     },
     "targetBp": {
      "type": "integer"
     },
     "rows": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/GreenRow"
      }
     },
     "total": {
      "$ref": "#/components/schemas/GreenRow"
     }
    }
   },
   "GreenViolation": {
    "type": "object",
    "required": [
     "orderId",
     "orderNo",
     "lineNo",
     "unitId",
     "unitName",
     "supplierId",
     "supplierName",
     "regionCode",
     "categoryCode",
     "title",
     "amountFen",
     "paidOn"
    ],
    "properties": {
     "orderId": {
      "type": "string"
     },
     "orderNo": {
      "type": "string"
     },
     "lineNo": {
      "type": "integer"
     },
     "unitId": {
      "type": "string"
     },
     "unitName": {
      "type": "string"
     },
     "supplierId": {
      "type": "string"
     },
     "supplierName": {
      "type": "string"
     },
     "regionCode": {
      "type": "string"
     },
     "categoryCode": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "amountFen": {
      "type": "integer"
     },
     "paidOn": {
      "type": "string"
     }
    }
   },
   "GreenViolationPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/GreenViolation"
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
