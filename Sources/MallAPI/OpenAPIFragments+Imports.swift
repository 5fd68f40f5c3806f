extension OpenAPIDocument {
    /// Imports: `POST /api/v1/listings/imports`.
    static let imports = #"""
{
 "paths": {
  "/api/v1/listings/imports": {
   "post": {
    "operationId": "importListings",
    "summary": "Bulk-create draft listings from CSV or JSON lines (suppliers)",
    "description": "Every row becomes a draft listing of the caller's organisation under the rules of POST /api/v1/listings (leaf category, required spec attributes, price, tiers, fees, certificates, reference prices); in addition a row repeating an earlier row, or a draft, pending or approved listing of the supplier (same brand + model + specs), fails with `listing.duplicate`. Valid rows are created and invalid ones reported with row number, column and code; a row is never half-written. Up to 50 000 rows and 64 MiB. The import is one transaction guarded by `Idempotency-Key`: a replay returns the first report (`Idempotent-Replayed: true`), a different body with the same key answers 422 `request.idempotency_key_reused`. 201 for an import (also when every row failed), 200 for a dry run. Whole-file problems: 400 `import.malformed` (CSV syntax, naming the line) or `import.bad_encoding`, 422 `import.bad_header` (unknown, missing or repeated columns, listed in `errors`), `import.empty`, `import.too_many_rows`.",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "name": "dryRun",
      "in": "query",
      "required": false,
      "description": "Check every row exactly as an import would, and write nothing.",
      "schema": {
       "type": "boolean",
       "default": false
      }
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "description": "Any unique string: a retry with the same key and body returns the first report.",
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
      "text/csv": {
       "schema": {
        "type": "string",
        "description": "CSV (RFC 4180) with a header row, in UTF-8 (with or without a byte order mark) or GB18030/GBK as Excel on Chinese Windows saves it; `charset=` in the Content-Type is honoured, otherwise UTF-8 is detected and anything else read as GB18030. Columns (names match ignoring case): required `categoryCode`, `title`, `brand`, `model`, `unit`, `priceFen`; optional `specs`, `specs.<attribute>` (one column per attribute), `tiers`, `fees`, `stock`, `leadTimeDays`, `deliveryRegions`, `imageUrls`, `greenCertificates`, `governmentOnly`, `referencePrices`. Cells are trimmed; list items are separated by `;` (or `；`), parts of an item by `:` (or `：`): `specs` `分辨率=1920x1080;颜色=黑色`; `tiers` `10:1200;50:1100` (minQuantity:unitPriceFen); `fees` `delivery:500:per_line:送货上门` (kind:amountFen:per_unit|per_line[:description]); `greenCertificates` `energy_saving:中国质量认证中心:CQC12345:2027-12-31`; `deliveryRegions` `110000;310000`; `imageUrls` separated by `;` or spaces; `governmentOnly` true/false/1/0/是/否; `referencePrices` `ecommerce|京东自营|459900|2026-03-01|https://…` (kind|source|priceFen|capturedAt[|url], parts separated by `|`). A list cell starting with `[` (a `specs` cell starting with `{`) is JSON in the shape of the POST /api/v1/listings body. Blank rows are skipped; rows are numbered as a spreadsheet shows them (header = row 1)."
       }
      },
      "application/x-ndjson": {
       "schema": {
        "type": "string",
        "description": "JSON lines: one object per line in the shape of the POST /api/v1/listings body (`categoryCode`, `title`, `brand`, `model`, `unit`, `priceFen` required); rows are numbered by line and blank lines skipped. Errors name the field path (`tiers[0].unitPriceFen`) as the column."
       }
      },
      "application/jsonl": {
       "schema": {
        "type": "string",
        "description": "JSON lines: one object per line in the shape of the POST /api/v1/listings body (`categoryCode`, `title`, `brand`, `model`, `unit`, `priceFen` required); rows are numbered by line and blank lines skipped. Errors name the field path (`tiers[0].unitPriceFen`) as the column."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Dry run: the report, nothing written",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ImportResult"
        }
       }
      }
     },
     "201": {
      "description": "Imported: the report of every row",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ImportResult"
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
   }
  }
 },
 "components": {
  "schemas": {
   "ImportResult": {
    "type": "object",
    "required": [
     "dryRun",
     "format",
     "encoding",
     "total",
     "valid",
     "created",
     "failed",
     "rows"
    ],
    "properties": {
     "dryRun": {
      "type": "boolean"
     },
     "format": {
      "type": "string",
      "enum": [
       "csv",
       "jsonl"
      ]
     },
     "encoding": {
      "type": "string",
      "enum": [
       "UTF-8",
       "GB18030"
      ],
      "description": "How the body was read."
     },
     "total": {
      "type": "integer",
      "description": "Rows read (blank rows are not counted)."
     },
     "valid": {
      "type": "integer",
      "description": "Rows that passed every check."
     },
     "created": {
      "type": "integer",
      "description": "Listings created (0 in a dry run)."
     },
     "failed": {
      "type": "integer"
     },
     "rows": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ImportRowResult"
      }
     }
    }
   },
   "ImportRowResult": {
    "type": "object",
    "required": [
     "row",
     "status"
    ],
    "properties": {
     "row": {
      "type": "integer",
      "description": "Spreadsheet row (header = 1) for CSV, line number for JSON lines."
     },
     "status": {
      "type": "string",
      "enum": [
       "created",
       "valid",
       "failed"
      ]
     },
     "listingId": {
      "type": "string",
      "format": "uuid",
      "description": "The new draft listing (status `created`)."
     },
     "errors": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ImportCellError"
      }
     }
    }
   },
   "ImportCellError": {
    "type": "object",
    "required": [
     "code",
     "message"
    ],
    "properties": {
     "column": {
      "type": "string",
      "description": "The CSV column (`priceFen`, `specs.分辨率`, `tiers`) or JSON field path; absent for a problem of the whole row."
     },
     "code": {
      "type": "string",
      "description": "A field problem (`required`, `invalid`, `out_of_range`, `not_leaf`, …) or a row error code (`listing.duplicate`)."
     },
     "message": {
      "type": "string"
     }
    }
   }
  }
 }
}
"""#
}
