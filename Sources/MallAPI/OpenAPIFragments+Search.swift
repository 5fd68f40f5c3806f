extension OpenAPIDocument {
    /// Search endpoints: `GET /api/v1/catalog/search`.
    static let search = #"""
{
 "paths": {
  "/api/v1/catalog/search": {
   "get": {
    "operationId": "searchCatalog",
    "summary": "Search the catalog: approved listings, with filters, sorts, paging and facet counts",
    "description": "Every signed-in role searches the same public catalog: only approved listings. `total` and the facets count the whole match set up to 500 listings; past that `total` is 500, `totalIsCapped` is true and the facets count the 500 most recently approved matches. Sorted by relevance, the 500 most recently approved matches are ranked (a result window, like a search engine's): narrow the query, or sort by price or date, to reach further. The work of a search is bounded by these windows and the page, not by how many listings match.",
    "tags": [
     "catalog"
    ],
    "parameters": [
     {
      "name": "q",
      "in": "query",
      "required": false,
      "description": "Free text, matched the way users type Chinese: folded (full-width forms to ASCII, U+3000 to a space, lower case) and split at whitespace; every term must occur in the title, brand or model (`打印` finds `彩色激光打印机`, `惠普 M454dn` matches brand 惠普 and model M454dn). Form encoding applies: `+` is a space, a plus sign is `%2B`.",
      "schema": {
       "type": "string",
       "maxLength": 100
      }
     },
     {
      "name": "category",
      "in": "query",
      "required": false,
      "description": "A category code; matches its subtree (`A02010000` matches every code starting `A0201`, `A02021000` those starting `A020210`, a leaf only itself, `A` all goods).",
      "schema": {
       "type": "string",
       "pattern": "^[ABC]([0-9]{8})?$"
      }
     },
     {
      "name": "minPriceFen",
      "in": "query",
      "required": false,
      "description": "Lowest unit price in fen (inclusive).",
      "schema": {
       "type": "integer",
       "format": "int64",
       "minimum": 0
      }
     },
     {
      "name": "maxPriceFen",
      "in": "query",
      "required": false,
      "description": "Highest unit price in fen (inclusive); not below minPriceFen.",
      "schema": {
       "type": "integer",
       "format": "int64",
       "minimum": 0
      }
     },
     {
      "name": "green",
      "in": "query",
      "required": false,
      "description": "Only listings with (true) or without (false) a valid green certificate.",
      "schema": {
       "type": "boolean"
      }
     },
     {
      "name": "povertyCounty",
      "in": "query",
      "required": false,
      "description": "Only listings of suppliers in (true) or outside (false) an 832 poverty county.",
      "schema": {
       "type": "boolean"
      }
     },
     {
      "name": "supplier",
      "in": "query",
      "required": false,
      "description": "Only this supplier's listings.",
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     },
     {
      "name": "agreement",
      "in": "query",
      "required": false,
      "description": "Only the admitted products of this framework agreement (its active members' listings, issue 5).",
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     },
     {
      "name": "deliversTo",
      "in": "query",
      "required": false,
      "description": "A region code: listings delivering nationwide or to this region, its prefecture or its province.",
      "schema": {
       "type": "string",
       "pattern": "^[0-9]{6}$"
      }
     },
     {
      "name": "sort",
      "in": "query",
      "required": false,
      "description": "Order; `relevance` (the default with `q`) scores 3 if the title contains the whole query, plus 1 per term in the title and 1 per term in the brand or model, ties newest first; `newest` (the default without `q`, and what `relevance` means without `q`) is by approval time. Every order ends with the id, so paging is stable.",
      "schema": {
       "type": "string",
       "enum": [
        "relevance",
        "price_asc",
        "price_desc",
        "newest"
       ]
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
      "description": "The `nextCursor` of the previous page of the same search and sort.",
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
         "$ref": "#/components/schemas/SearchPage"
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
  }
 },
 "components": {
  "schemas": {
   "SearchPage": {
    "type": "object",
    "required": [
     "items",
     "nextCursor",
     "facets",
     "total",
     "totalIsCapped"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SearchItem"
      }
     },
     "nextCursor": {
      "type": [
       "string",
       "null"
      ]
     },
     "facets": {
      "$ref": "#/components/schemas/SearchFacets"
     },
     "total": {
      "type": "integer",
      "minimum": 0,
      "description": "Matching listings, counted up to 500."
     },
     "totalIsCapped": {
      "type": "boolean",
      "description": "More listings match than `total` says."
     }
    }
   },
   "SearchItem": {
    "type": "object",
    "required": [
     "id",
     "title",
     "brand",
     "model",
     "categoryCode",
     "unit",
     "priceFen",
     "green",
     "povertyCounty",
     "supplierId",
     "supplierName",
     "leadTimeDays",
     "approvedAt"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
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
     "categoryCode": {
      "type": "string"
     },
     "unit": {
      "type": "string"
     },
     "priceFen": {
      "type": "integer",
      "format": "int64",
      "minimum": 0
     },
     "green": {
      "type": "boolean"
     },
     "povertyCounty": {
      "type": "boolean"
     },
     "supplierId": {
      "type": "string",
      "format": "uuid"
     },
     "supplierName": {
      "type": "string"
     },
     "leadTimeDays": {
      "type": "integer",
      "minimum": 0
     },
     "approvedAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "SearchFacets": {
    "type": "object",
    "required": [
     "categories",
     "brands",
     "green",
     "povertyCounty"
    ],
    "properties": {
     "categories": {
      "type": "array",
      "maxItems": 20,
      "description": "The 20 most frequent categories, by count then code.",
      "items": {
       "$ref": "#/components/schemas/SearchCategoryCount"
      }
     },
     "brands": {
      "type": "array",
      "maxItems": 20,
      "description": "The 20 most frequent brands, by count then brand.",
      "items": {
       "$ref": "#/components/schemas/SearchBrandCount"
      }
     },
     "green": {
      "$ref": "#/components/schemas/SearchFlagCounts"
     },
     "povertyCounty": {
      "$ref": "#/components/schemas/SearchFlagCounts"
     }
    }
   },
   "SearchCategoryCount": {
    "type": "object",
    "required": [
     "code",
     "name",
     "count"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "count": {
      "type": "integer",
      "minimum": 1
     }
    }
   },
   "SearchBrandCount": {
    "type": "object",
    "required": [
     "brand",
     "count"
    ],
    "properties": {
     "brand": {
      "type": "string"
     },
     "count": {
      "type": "integer",
      "minimum": 1
     }
    }
   },
   "SearchFlagCounts": {
    "type": "object",
    "required": [
     "true",
     "false"
    ],
    "description": "Matches with the flag and without it.",
    "properties": {
     "true": {
      "type": "integer",
      "minimum": 0
     },
     "false": {
      "type": "integer",
      "minimum": 0
     }
    }
   }
  }
 }
}
"""#
}
