extension OpenAPIDocument {
    /// Quotes, orders and their lifecycle, ratings, budget lines, splitting warnings and supplier credit
    /// (issue 4 points 3–7).
    static let orders = #"""
{
 "paths": {
  "/api/v1/quotes": {
   "post": {
    "operationId": "quoteCart",
    "tags": [
     "orders"
    ],
    "summary": "Price a prospective cart without placing it (buyers, approvers of a unit)",
    "description": "The same checks and pricing engine as placement (DOMAIN.md §P): one prospective order per supplier (§O1), each line with its ordered breakdown. Refused with 422 `order.listing_unavailable` (not approved), `order.green_certificate_required` (§C5), `order.direct_purchase_not_allowed`, `pricing.region_not_served` and the other `pricing.*` codes, 409 `order.listing_price_flagged` (§C3). Stock and budget are not checked; `aboveDirectPurchaseMax` tells whether placing would be refused for the direct purchase max (§O3).",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/QuoteRequest"
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
     "200": {
      "description": "The quote",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Quote"
        }
       }
      }
     },
     "409": {
      "description": "A listing is flagged for its price (`order.listing_price_flagged`)",
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
  "/api/v1/orders": {
   "post": {
    "operationId": "placeOrders",
    "tags": [
     "orders"
    ],
    "summary": "Place a cart: one order per supplier (buyers, approvers of a unit)",
    "description": "Each line priced at placement with its breakdown stored (DOMAIN.md §O1). `expectedTotalFen` is the cart total of the client's quote: when prices moved the answer is 409 `order.price_changed` with the new quote in `quote`. Stock is taken atomically (409 `order.stock_insufficient`). Refused: 422 `order.direct_purchase_limit_exceeded` above the direct purchase max of the region and category, pointing to a competition (§O3); 422 `order.over_budget` when the budget line has too little left (§O4), `request.validation_failed` for a budget line of another unit or year or outside its category scope; 422 `order.listing_unavailable`, `order.green_certificate_required` (§C5), `order.direct_purchase_not_allowed`, `order.payment_term_too_long` (§O5), `pricing.*` (e.g. `pricing.region_not_served`); 409 `order.listing_price_flagged` (§C3). Both splitting detectors (§T) run and their warnings come back in `warnings`. `Idempotency-Key` is required: without it 400 `request.idempotency_key_required`; a replay returns the same orders (`Idempotent-Replayed: true`), a replay with a different body 422 `request.idempotency_key_reused`.",
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": true,
      "description": "Required: a retry with the same key and body returns the orders placed the first time.",
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
        "$ref": "#/components/schemas/PlaceOrderRequest"
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
      "description": "The orders placed and the warnings raised",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Placement"
        }
       }
      }
     },
     "409": {
      "description": "Prices moved (`order.price_changed`, with `quote`), not enough stock (`order.stock_insufficient`) or a flagged listing (`order.listing_price_flagged`)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/PriceChangedProblem"
        }
       }
      }
     }
    }
   },
   "get": {
    "operationId": "listOrders",
    "tags": [
     "orders"
    ],
    "summary": "Orders newest first: a unit its own, a supplier its own, a regulator its region's, operators all",
    "parameters": [
     {
      "name": "state",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "placed",
        "confirmed",
        "rejected",
        "shipped",
        "delivered",
        "accepted",
        "acceptance_failed",
        "paid",
        "cancelled"
       ]
      }
     },
     {
      "name": "from",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Placed on or after this day (China date)."
     },
     {
      "name": "to",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Placed on or before this day (China date)."
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
      "name": "agreement",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Only the stage-2 orders of this framework agreement (DOMAIN.md §F), whatever their stage-2 method."
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
      "name": "overdue",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "false"
       ]
      },
      "description": "true: only unpaid orders past their due date (DOMAIN.md §O5)."
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
      "description": "A page of orders",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrderPage"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}": {
   "get": {
    "operationId": "getOrder",
    "tags": [
     "orders"
    ],
    "summary": "One order with its priced lines, payment state and the caller's allowed actions",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     }
    ],
    "responses": {
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
      "description": "The order",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}/confirm": {
   "post": {
    "operationId": "confirmOrder",
    "tags": [
     "orders"
    ],
    "summary": "Supplier: accept a placed order (接单) (suppliers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
  "/api/v1/orders/{id}/reject": {
   "post": {
    "operationId": "rejectOrder",
    "tags": [
     "orders"
    ],
    "summary": "Supplier: refuse a placed order, with a reason; its budget and stock are given back (suppliers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
        "$ref": "#/components/schemas/OrderReasonRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}/ship": {
   "post": {
    "operationId": "shipOrder",
    "tags": [
     "orders"
    ],
    "summary": "Supplier: ship a confirmed order (suppliers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
  "/api/v1/orders/{id}/reship": {
   "post": {
    "operationId": "reshipOrder",
    "tags": [
     "orders"
    ],
    "summary": "Supplier: send replacement goods after a failed acceptance (suppliers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
  "/api/v1/orders/{id}/deliver": {
   "post": {
    "operationId": "deliverOrder",
    "tags": [
     "orders"
    ],
    "summary": "Unit: confirm receipt (签收) on `deliveredOn` (default today); starts the payment clock of DOMAIN.md §O5 when delivery is the condition (buyers, approvers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
        "$ref": "#/components/schemas/DeliveryRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}/accept": {
   "post": {
    "operationId": "acceptOrder",
    "tags": [
     "orders"
    ],
    "summary": "Unit: record the acceptance check (履约验收): date, acceptor, result passed or failed, notes (required when failed) (buyers, approvers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
        "$ref": "#/components/schemas/AcceptanceRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}/pay": {
   "post": {
    "operationId": "payOrder",
    "tags": [
     "orders"
    ],
    "summary": "Unit: pay an accepted order; `amountFen` must equal the total (422 `order.payment_amount_mismatch`) (buyers, approvers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
        "$ref": "#/components/schemas/PaymentRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}/cancel": {
   "post": {
    "operationId": "cancelOrder",
    "tags": [
     "orders"
    ],
    "summary": "Unit: cancel before the supplier confirmed, with a reason; budget and stock are given back (buyers, approvers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
        "$ref": "#/components/schemas/OrderReasonRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}/request-cancellation": {
   "post": {
    "operationId": "requestOrderCancellation",
    "tags": [
     "orders"
    ],
    "summary": "Either party after confirmation: ask the other to cancel by agreement, with a reason (buyers, approvers, suppliers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
        "$ref": "#/components/schemas/OrderReasonRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}/agree-cancellation": {
   "post": {
    "operationId": "agreeOrderCancellation",
    "tags": [
     "orders"
    ],
    "summary": "The other party: agree to the open cancellation request; the order is cancelled (buyers, approvers, suppliers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
  "/api/v1/orders/{id}/decline-cancellation": {
   "post": {
    "operationId": "declineOrderCancellation",
    "tags": [
     "orders"
    ],
    "summary": "The other party: decline the open cancellation request (optional reason) (buyers, approvers, suppliers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
        "$ref": "#/components/schemas/OrderReasonRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/orders/{id}/withdraw-cancellation": {
   "post": {
    "operationId": "withdrawOrderCancellation",
    "tags": [
     "orders"
    ],
    "summary": "The requester: withdraw the open cancellation request (buyers, approvers, suppliers)",
    "description": "DOMAIN.md §O2: only the right party, in the right state (409 `order.invalid_transition`; 403 `order.transition_forbidden` when only the other party may). Audited. Needs `If-Match` (428 without, 412 when stale); `Idempotency-Key` makes a retry return the first answer.",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
     {
      "$ref": "#/components/parameters/OrderIfMatch"
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
      "description": "The order after the change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Order"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The order's version, for If-Match",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "409": {
      "description": "Not possible in the order's state (`order.invalid_transition`)",
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
  "/api/v1/orders/{id}/rating": {
   "post": {
    "operationId": "rateOrder",
    "tags": [
     "orders"
    ],
    "summary": "Unit: rate the supplier's delivery, quality and service (1–5) after a passed acceptance (buyers, approvers)",
    "description": "DOMAIN.md §O7: once per order, when accepted or paid (409 `order.rating_not_allowed`, `order.already_rated`); the rating becomes a credit event of the supplier (§S1). Accepts `Idempotency-Key`.",
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
        "$ref": "#/components/schemas/RatingRequest"
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
      "description": "The rating",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Rating"
        }
       }
      }
     },
     "409": {
      "description": "Not rateable now, or rated already",
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
  "/api/v1/budget-lines": {
   "post": {
    "operationId": "createBudgetLine",
    "tags": [
     "orders"
    ],
    "summary": "Create a budget line of the caller's unit (approvers)",
    "description": "DOMAIN.md §O4: a fiscal year, an amount, a category scope (a code prefix; empty for any) and the budget project. Orders reserve their total against it; cancelling releases it. Accepts `Idempotency-Key`.",
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
        "$ref": "#/components/schemas/CreateBudgetLineRequest"
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
      "description": "The budget line",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/BudgetLine"
        }
       }
      },
      "headers": {
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
    "operationId": "listBudgetLines",
    "tags": [
     "orders"
    ],
    "summary": "The budget lines of the caller's unit, newest first (buyers, approvers)",
    "parameters": [
     {
      "name": "fiscalYear",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100
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
      "description": "A page of budget lines",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/BudgetLinePage"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/budget-lines/{id}": {
   "get": {
    "operationId": "getBudgetLine",
    "tags": [
     "orders"
    ],
    "summary": "One budget line of the caller's unit with what is reserved and available (buyers, approvers)",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     }
    ],
    "responses": {
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
      "description": "The budget line",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/BudgetLine"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/suppliers/{id}/credit": {
   "get": {
    "operationId": "getSupplierCredit",
    "tags": [
     "orders"
    ],
    "summary": "A supplier's credit score for a year, with every event behind it (DOMAIN.md §S1)",
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     },
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
      "description": "The explained score",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Credit"
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
   "CartLine": {
    "type": "object",
    "required": [
     "listingId",
     "quantity"
    ],
    "properties": {
     "listingId": {
      "type": "string"
     },
     "quantity": {
      "type": "integer",
      "format": "int64",
      "minimum": 1
     }
    }
   },
   "QuoteRequest": {
    "type": "object",
    "required": [
     "lines"
    ],
    "properties": {
     "lines": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/CartLine"
      },
      "minItems": 1,
      "maxItems": 100
     }
    }
   },
   "PaymentTerms": {
    "type": "object",
    "required": [],
    "properties": {
     "clockStart": {
      "type": "string",
      "enum": [
       "delivery",
       "acceptance"
      ],
      "description": "What starts the payment clock (default delivery)."
     },
     "agreedTermDays": {
      "type": "integer",
      "minimum": 0,
      "maximum": 3650,
      "description": "At most 60 for an SME supplier (DOMAIN.md §O5)."
     },
     "agreedDailyInterestBp": {
      "type": "integer",
      "minimum": 0,
      "maximum": 10000,
      "description": "Late-payment interest per day; default 5 bp."
     }
    }
   },
   "PlaceOrderRequest": {
    "type": "object",
    "required": [
     "lines",
     "expectedTotalFen",
     "budgetLineId"
    ],
    "properties": {
     "lines": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/CartLine"
      },
      "minItems": 1,
      "maxItems": 100
     },
     "expectedTotalFen": {
      "type": "integer",
      "format": "int64",
      "description": "The cart total of the client's quote.",
      "minimum": 0
     },
     "budgetLineId": {
      "type": "string"
     },
     "paymentTerms": {
      "$ref": "#/components/schemas/PaymentTerms"
     }
    }
   },
   "OrderReasonRequest": {
    "type": "object",
    "required": [],
    "properties": {
     "reason": {
      "type": "string",
      "maxLength": 500,
      "description": "Required for reject, cancel and request-cancellation."
     }
    }
   },
   "DeliveryRequest": {
    "type": "object",
    "required": [],
    "properties": {
     "deliveredOn": {
      "type": "string",
      "format": "date"
     }
    }
   },
   "AcceptanceRequest": {
    "type": "object",
    "required": [
     "acceptorName",
     "result"
    ],
    "properties": {
     "date": {
      "type": "string",
      "format": "date"
     },
     "acceptorName": {
      "type": "string",
      "maxLength": 100
     },
     "result": {
      "type": "string",
      "enum": [
       "passed",
       "failed"
      ]
     },
     "notes": {
      "type": "string",
      "maxLength": 2000
     }
    }
   },
   "PaymentRequest": {
    "type": "object",
    "required": [
     "amountFen"
    ],
    "properties": {
     "amountFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "paidOn": {
      "type": "string",
      "format": "date"
     }
    }
   },
   "RatingRequest": {
    "type": "object",
    "required": [
     "delivery",
     "quality",
     "service"
    ],
    "properties": {
     "delivery": {
      "type": "integer",
      "minimum": 1,
      "maximum": 5
     },
     "quality": {
      "type": "integer",
      "minimum": 1,
      "maximum": 5
     },
     "service": {
      "type": "integer",
      "minimum": 1,
      "maximum": 5
     },
     "comment": {
      "type": "string",
      "maxLength": 2000
     }
    }
   },
   "CreateBudgetLineRequest": {
    "type": "object",
    "required": [
     "fiscalYear",
     "projectName",
     "amountFen"
    ],
    "properties": {
     "fiscalYear": {
      "type": "integer",
      "minimum": 2000,
      "maximum": 2100
     },
     "projectName": {
      "type": "string",
      "minLength": 1,
      "maxLength": 200
     },
     "categoryPrefix": {
      "type": "string",
      "pattern": "^([ABC][0-9]{0,8})?$",
      "description": "The start of the category codes the line may buy; empty for any."
     },
     "amountFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen.",
      "minimum": 1
     }
    }
   },
   "PricingStep": {
    "type": "object",
    "required": [
     "reason",
     "bound",
     "beforeFen",
     "afterFen",
     "percentOffBp"
    ],
    "properties": {
     "reason": {
      "type": "string",
      "description": "base_price, quantity_tier, promotion, agreement_cap, agreement_volume_tier, reference_cap, competition_quote, line_amount, rounding, delivery_fee, installation_fee, parts_fee, other_fee (DOMAIN.md §P1)."
     },
     "bound": {
      "type": "boolean"
     },
     "beforeFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "afterFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "percentOffBp": {
      "type": "integer"
     },
     "source": {
      "type": "string"
     },
     "minQuantity": {
      "type": "integer"
     }
    }
   },
   "PricedLine": {
    "type": "object",
    "required": [
     "listingId",
     "categoryCode",
     "title",
     "brand",
     "model",
     "unit",
     "quantity",
     "unitPriceFen",
     "percentOffBp",
     "lineAmountFen",
     "feesFen",
     "totalFen",
     "steps"
    ],
    "properties": {
     "lineNo": {
      "type": "integer"
     },
     "listingId": {
      "type": "string"
     },
     "categoryCode": {
      "type": "string"
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
     "unit": {
      "type": "string"
     },
     "quantity": {
      "type": "integer"
     },
     "unitPriceFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "percentOffBp": {
      "type": "integer"
     },
     "lineAmountFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "feesFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "totalFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "steps": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PricingStep"
      }
     }
    }
   },
   "QuoteOrder": {
    "type": "object",
    "required": [
     "supplierId",
     "supplierName",
     "amountFen",
     "feesFen",
     "totalFen",
     "directPurchaseMaxFen",
     "aboveDirectPurchaseMax",
     "lines"
    ],
    "properties": {
     "supplierId": {
      "type": "string"
     },
     "supplierName": {
      "type": "string"
     },
     "amountFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "feesFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "totalFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "directPurchaseMaxFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "aboveDirectPurchaseMax": {
      "type": "boolean"
     },
     "lines": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PricedLine"
      }
     }
    }
   },
   "Quote": {
    "type": "object",
    "required": [
     "pricedOn",
     "buyerRegion",
     "amountFen",
     "feesFen",
     "totalFen",
     "orders"
    ],
    "properties": {
     "pricedOn": {
      "type": "string",
      "format": "date"
     },
     "buyerRegion": {
      "type": "string"
     },
     "amountFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "feesFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "totalFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "orders": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/QuoteOrder"
      }
     }
    }
   },
   "PriceChangedProblem": {
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
      "type": "string"
     },
     "errors": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/FieldError"
      }
     },
     "quote": {
      "$ref": "#/components/schemas/Quote"
     }
    },
    "description": "A problem document; with `order.price_changed` it carries the new quote."
   },
   "Order": {
    "type": "object",
    "required": [
     "id",
     "orderNo",
     "placementId",
     "state",
     "version",
     "method",
     "unitId",
     "unitName",
     "supplierId",
     "supplierName",
     "regionCode",
     "budgetLineId",
     "budgetProject",
     "fiscalYear",
     "amountFen",
     "feesFen",
     "totalFen",
     "placedAt",
     "placedOn",
     "placedBy",
     "expectedDeliveryOn",
     "paymentTerms",
     "payment",
     "allowedActions",
     "updatedAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "orderNo": {
      "type": "string"
     },
     "placementId": {
      "type": "string"
     },
     "state": {
      "type": "string",
      "enum": [
       "placed",
       "confirmed",
       "rejected",
       "shipped",
       "delivered",
       "accepted",
       "acceptance_failed",
       "paid",
       "cancelled"
      ]
     },
     "version": {
      "type": "integer"
     },
     "method": {
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
     "budgetLineId": {
      "type": "string"
     },
     "budgetProject": {
      "type": "string"
     },
     "fiscalYear": {
      "type": "integer"
     },
     "amountFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "feesFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "totalFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "placedAt": {
      "type": "string",
      "format": "date-time"
     },
     "placedOn": {
      "type": "string",
      "format": "date"
     },
     "placedBy": {
      "type": "string"
     },
     "expectedDeliveryOn": {
      "type": "string",
      "format": "date"
     },
     "paymentTerms": {
      "type": "object",
      "required": [
       "supplierSize",
       "clockStart",
       "termDays",
       "dailyInterestBp"
      ],
      "properties": {
       "supplierSize": {
        "type": "string"
       },
       "clockStart": {
        "type": "string"
       },
       "termDays": {
        "type": "integer"
       },
       "agreedTermDays": {
        "type": "integer"
       },
       "dailyInterestBp": {
        "type": "integer"
       }
      }
     },
     "deliveredOn": {
      "type": "string",
      "format": "date"
     },
     "acceptance": {
      "type": "object",
      "required": [
       "date",
       "acceptorName",
       "result"
      ],
      "properties": {
       "date": {
        "type": "string",
        "format": "date"
       },
       "acceptorName": {
        "type": "string"
       },
       "result": {
        "type": "string"
       },
       "notes": {
        "type": "string"
       }
      }
     },
     "payment": {
      "type": "object",
      "required": [
       "dueOnProvisional",
       "daysOverdue",
       "overdueInterestFen",
       "overdue"
      ],
      "properties": {
       "dueOn": {
        "type": "string",
        "format": "date"
       },
       "dueOnProvisional": {
        "type": "boolean"
       },
       "paidFen": {
        "type": "integer",
        "format": "int64",
        "description": "Money in fen."
       },
       "paidOn": {
        "type": "string",
        "format": "date"
       },
       "daysOverdue": {
        "type": "integer"
       },
       "overdueInterestFen": {
        "type": "integer",
        "format": "int64",
        "description": "Money in fen."
       },
       "overdue": {
        "type": "boolean"
       }
      },
      "description": "DOMAIN.md §O5: due date on working days (§W1) and late-payment interest."
     },
     "cancellationRequest": {
      "type": "object",
      "required": [
       "requestedBy",
       "reason"
      ],
      "properties": {
       "requestedBy": {
        "type": "string"
       },
       "reason": {
        "type": "string"
       }
      }
     },
     "closingReason": {
      "type": "string"
     },
     "agreementId": {
      "type": "string",
      "description": "A stage-2 order under a framework agreement (DOMAIN.md §F): the agreement."
     },
     "agreementLotNo": {
      "type": "integer",
      "description": "The agreement's lot."
     },
     "stageTwoMethod": {
      "type": "string",
      "enum": [
       "direct_selection",
       "second_bidding",
       "rotation"
      ],
      "description": "How the supplier was chosen (DOMAIN.md §F6–§F8); second_bidding: the award of a second-bidding competition."
     },
     "allowedActions": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "Actions the caller may take now: POST /api/v1/orders/{id}/{action}, where `rating` is POST /api/v1/orders/{id}/rating."
     },
     "updatedAt": {
      "type": "string",
      "format": "date-time"
     },
     "lines": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PricedLine"
      }
     },
     "rating": {
      "$ref": "#/components/schemas/Rating"
     }
    }
   },
   "OrderPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Order"
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
   "SplitWarning": {
    "type": "object",
    "required": [
     "id",
     "kind",
     "rule",
     "threshold",
     "thresholdFen",
     "sumFen",
     "unitId",
     "unitName",
     "regionCode",
     "categoryCode",
     "triggeredBy",
     "orderIds",
     "message",
     "createdAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "kind": {
      "type": "string",
      "enum": [
       "split_suspected",
       "split_suspected_near_limit"
      ]
     },
     "rule": {
      "type": "string"
     },
     "threshold": {
      "type": "string",
      "enum": [
       "public_tender",
       "procurement",
       "direct_purchase_max"
      ]
     },
     "thresholdFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "sumFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
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
     "message": {
      "type": "string"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "SplitWarningPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SplitWarning"
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
   "Placement": {
    "type": "object",
    "required": [
     "placementId",
     "totalFen",
     "orders",
     "warnings"
    ],
    "properties": {
     "placementId": {
      "type": "string"
     },
     "totalFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "orders": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Order"
      }
     },
     "warnings": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SplitWarning"
      }
     }
    }
   },
   "Rating": {
    "type": "object",
    "required": [
     "orderId",
     "delivery",
     "quality",
     "service",
     "ratedBy",
     "ratedAt"
    ],
    "properties": {
     "orderId": {
      "type": "string"
     },
     "delivery": {
      "type": "integer"
     },
     "quality": {
      "type": "integer"
     },
     "service": {
      "type": "integer"
     },
     "comment": {
      "type": "string"
     },
     "ratedBy": {
      "type": "string"
     },
     "ratedAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "BudgetLine": {
    "type": "object",
    "required": [
     "id",
     "unitId",
     "regionCode",
     "fiscalYear",
     "projectName",
     "categoryPrefix",
     "amountFen",
     "reservedFen",
     "availableFen",
     "createdAt",
     "updatedAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "unitId": {
      "type": "string"
     },
     "regionCode": {
      "type": "string"
     },
     "fiscalYear": {
      "type": "integer"
     },
     "projectName": {
      "type": "string"
     },
     "categoryPrefix": {
      "type": "string"
     },
     "amountFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "reservedFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "availableFen": {
      "type": "integer",
      "format": "int64",
      "description": "Money in fen."
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     },
     "updatedAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "BudgetLinePage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/BudgetLine"
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
   "CreditEvent": {
    "type": "object",
    "required": [
     "id",
     "kind",
     "occurredAt",
     "points",
     "rule",
     "explanation",
     "scoreAfter"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "kind": {
      "type": "string",
      "enum": [
       "rating",
       "price_violation",
       "refused_award",
       "late_delivery",
       "acceptance_failed",
       "operator_deduction"
      ]
     },
     "occurredAt": {
      "type": "string",
      "format": "date-time"
     },
     "reference": {
      "type": "string"
     },
     "orderId": {
      "type": "string"
     },
     "listingId": {
      "type": "string"
     },
     "rating": {
      "type": "object",
      "required": [
       "delivery",
       "quality",
       "service"
      ],
      "properties": {
       "delivery": {
        "type": "integer"
       },
       "quality": {
        "type": "integer"
       },
       "service": {
        "type": "integer"
       }
      }
     },
     "daysLate": {
      "type": "integer"
     },
     "points": {
      "type": "integer"
     },
     "rule": {
      "type": "string"
     },
     "explanation": {
      "type": "string"
     },
     "scoreAfter": {
      "type": "integer"
     }
    }
   },
   "Credit": {
    "type": "object",
    "required": [
     "supplierId",
     "supplierName",
     "year",
     "startingScore",
     "score",
     "totalDeducted",
     "band",
     "exposureMonths",
     "formula",
     "events"
    ],
    "properties": {
     "supplierId": {
      "type": "string"
     },
     "supplierName": {
      "type": "string"
     },
     "year": {
      "type": "integer"
     },
     "startingScore": {
      "type": "integer"
     },
     "score": {
      "type": "integer"
     },
     "totalDeducted": {
      "type": "integer"
     },
     "band": {
      "type": "string",
      "enum": [
       "good",
       "warning",
       "serious",
       "severe"
      ]
     },
     "exposureMonths": {
      "type": "integer"
     },
     "bandSince": {
      "type": "string",
      "format": "date-time"
     },
     "formula": {
      "type": "string"
     },
     "events": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/CreditEvent"
      }
     }
    }
   }
  }
 }
}
"""#
}
