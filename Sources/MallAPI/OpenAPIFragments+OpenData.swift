extension OpenAPIDocument {
    /// Open data (DOMAIN.md §X2; issue 6 point 6): OCDS 1.1 release packages of completed orders and framework
    /// agreements, public.
    static let openData = #"""
{
 "paths": {
  "/api/v1/ocds/releases": {
   "get": {
    "operationId": "listOCDSReleases",
    "tags": [
     "open data"
    ],
    "summary": "The open-data feed: OCDS 1.1 releases of accepted and paid orders and of framework agreements (public, no token)",
    "description": "DOMAIN.md §X2. One OCDS 1.1 release package per page (see `OCDSReleasePackage`), releases in the order they were recorded: by release `date`, then by recording. Each mall order (direct purchase, competition, framework-agreement stage-2 order) is a contracting process (`ocid` `<prefix>-order-<order id>`) with a release at acceptance (`…-accepted`) and one at payment (`…-paid`); a stage-2 order points at its agreement with `relatedProcesses` (`relationship` `framework`, `scheme` `ocid`). Each framework agreement's stage 1 is a contracting process (`ocid` `<prefix>-fa-<agreement id>`, `tender.techniques.hasFrameworkAgreement`) with a release (`…-r1`, `…-r2`, …) when it becomes active (one award and contract per admitted supplier and lot, the agreed price as the item's unit value) and one per later published change: a supplier joining, leaving or removed, an agreed price lowered, expiry, termination. No personal data. `since` keeps the releases dated at or after an RFC 3339 instant: a client that polls with the latest `date` it received (inclusive; releases are immutable, so drop the ones already seen by `id`) never misses a release, because a release is recorded in the transaction of the change it publishes and never dated before one already in the feed. The next page is in the `Link` header (`rel=\"next\"`); the package itself has no link field. 400 `request.invalid_query` for a bad `since` or `limit`, `request.invalid_cursor` for a cursor this server did not issue.",
    "security": [],
    "parameters": [
     {
      "name": "since",
      "in": "query",
      "required": false,
      "description": "Only releases dated at or after this RFC 3339 instant, e.g. `2026-03-01T00:00:00+08:00`.",
      "schema": {
       "type": "string",
       "format": "date-time"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 200,
       "default": 100
      }
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "description": "From the previous page's `Link: <…>; rel=\"next\"`.",
      "schema": {
       "type": "string",
       "maxLength": 512
      }
     }
    ],
    "responses": {
     "200": {
      "description": "One page of the feed as an OCDS release package",
      "headers": {
       "Link": {
        "description": "`<URL of the next page>; rel=\"next\"` (RFC 8288), absent on the last page",
        "schema": {
         "type": "string"
        }
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OCDSReleasePackage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "500": {
      "$ref": "#/components/responses/InternalError"
     }
    }
   }
  },
  "/api/v1/ocds/agreements/{id}": {
   "get": {
    "operationId": "getOCDSAgreement",
    "tags": [
     "open data"
    ],
    "summary": "Every OCDS release of one framework agreement's stage 1 (public, no token)",
    "description": "DOMAIN.md §X2, §F. The agreement's contracting process (`ocid` `<prefix>-fa-<agreement id>`) as an OCDS 1.1 release package, releases oldest first (at most 1000; the feed has them all): at activation, then one per published change (members joining, leaving or removed, agreed prices lowered, expiry, termination). The buyer and procuring entity is the operator organisation that runs the agreement. 404 alike for an unknown agreement and for one never activated: agreements are published once active.",
    "security": [],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     }
    ],
    "responses": {
     "200": {
      "description": "The agreement's releases as an OCDS release package",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OCDSReleasePackage"
        }
       }
      }
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
  "/api/v1/ocds/orders/{id}": {
   "get": {
    "operationId": "getOCDSOrder",
    "tags": [
     "open data"
    ],
    "summary": "Every OCDS release of one order: at acceptance, and at payment once paid (public, no token)",
    "description": "DOMAIN.md §X2. The order's contracting process as an OCDS 1.1 release package, releases oldest first. 404 alike for an unknown order and for one not accepted yet: orders are published once accepted.",
    "security": [],
    "parameters": [
     {
      "$ref": "#/components/parameters/Id"
     }
    ],
    "responses": {
     "200": {
      "description": "The order's releases as an OCDS release package",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OCDSReleasePackage"
        }
       }
      }
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
   "OCDSReleasePackage": {
    "type": "object",
    "description": "An OCDS 1.1 release package, described loosely here: the normative schema is OCDS 1.1's release-package-schema.json and release-schema.json (https://standard.open-contracting.org/1.1/en/schema/) with the extensions the package lists (copies in data/ocds/). CI validates packages served by this endpoint with libcoveocds. Absent values are omitted, never null.",
    "required": [
     "uri",
     "publishedDate",
     "publisher",
     "version",
     "extensions",
     "releases"
    ],
    "properties": {
     "uri": {
      "type": "string",
      "description": "This package's URL"
     },
     "publishedDate": {
      "type": "string",
      "description": "RFC 3339, China time"
     },
     "publisher": {
      "type": "object",
      "required": [
       "name"
      ],
      "properties": {
       "name": {
        "type": "string"
       },
       "scheme": {
        "type": "string"
       },
       "uid": {
        "type": "string"
       },
       "uri": {
        "type": "string"
       }
      }
     },
     "license": {
      "type": "string"
     },
     "publicationPolicy": {
      "type": "string"
     },
     "version": {
      "type": "string",
      "enum": [
       "1.1"
      ]
     },
     "extensions": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "releases": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/OCDSRelease"
      }
     }
    }
   },
   "OCDSRelease": {
    "type": "object",
    "description": "An OCDS 1.1 release (release-schema.json with the listed extensions): parties, buyer, tender, awards, contracts, relatedProcesses.",
    "required": [
     "ocid",
     "id",
     "date",
     "tag",
     "initiationType",
     "parties"
    ],
    "properties": {
     "ocid": {
      "type": "string"
     },
     "id": {
      "type": "string"
     },
     "date": {
      "type": "string"
     },
     "tag": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "initiationType": {
      "type": "string"
     },
     "parties": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "buyer": {
      "type": "object"
     },
     "tender": {
      "type": "object"
     },
     "awards": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "contracts": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "relatedProcesses": {
      "type": "array",
      "items": {
       "type": "object"
      }
     }
    }
   }
  }
 }
}
"""#
}
