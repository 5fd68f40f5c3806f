import Foundation

/// The OpenAPI 3.1 document served at `GET /openapi.json`, kept by hand next to the code.
///
/// It is assembled from fragments, one per area of the API (`OpenAPIFragments+*.swift`), each a JSON
/// object with `paths` and `components.schemas`, merged onto the shared base below (info, security,
/// the problem responses, and the parameters many operations share: `Id`, `Limit`, `Cursor`,
/// `IdempotencyKey`, `IfMatch`, `OrderIfMatch`, referenced as `#/components/parameters/…`). A test fails when an endpoint is missing from the document or the document
/// describes one that does not exist, and when two fragments define the same path or schema.
package enum OpenAPIDocument {
    /// The merged document as JSON text.
    package static let json: String = {
        do {
            return try merge(base: base, fragments: fragments)
        } catch {
            preconditionFailure("the OpenAPI fragments are not valid JSON: \(error)")
        }
    }()

    /// Every fragment, one per area.
    package static let fragments: [String] = [
        core, catalog, search, imports, orders, competitions, splitExemptions, policy, agreements, openData,
    ]

    /// Merges fragments onto the base; throws on invalid JSON or a path or schema defined twice.
    package static func merge(base: String, fragments: [String]) throws -> String {
        guard var document = try JSONSerialization.jsonObject(with: Data(base.utf8)) as? [String: Any],
            var components = document["components"] as? [String: Any],
            var schemas = components["schemas"] as? [String: Any]
        else { throw DocumentError(message: "the base has no components.schemas") }
        var paths = document["paths"] as? [String: Any] ?? [:]
        for fragment in fragments {
            guard let object = try JSONSerialization.jsonObject(with: Data(fragment.utf8)) as? [String: Any] else {
                throw DocumentError(message: "a fragment is not a JSON object")
            }
            for (path, item) in object["paths"] as? [String: Any] ?? [:] {
                guard paths[path] == nil else { throw DocumentError(message: "path \(path) is defined twice") }
                paths[path] = item
            }
            let fragmentSchemas = (object["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
            for (name, schema) in fragmentSchemas {
                guard schemas[name] == nil else { throw DocumentError(message: "schema \(name) is defined twice") }
                schemas[name] = schema
            }
        }
        components["schemas"] = schemas
        document["components"] = components
        document["paths"] = paths
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    struct DocumentError: Error { var message: String }

    /// Info, servers, security and the shared problem responses and schemas.
    static let base = #"""
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
 "components": {
  "securitySchemes": {
   "bearerAuth": {
    "type": "http",
    "scheme": "bearer",
    "description": "The token from POST /api/v1/sessions."
   }
  },
  "parameters": {
   "Id": {
    "name": "id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string"
    }
   },
   "Limit": {
    "name": "limit",
    "in": "query",
    "required": false,
    "schema": {
     "type": "integer",
     "minimum": 1,
     "maximum": 200,
     "default": 20
    }
   },
   "Cursor": {
    "name": "cursor",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string",
     "maxLength": 512
    }
   },
   "IdempotencyKey": {
    "name": "Idempotency-Key",
    "in": "header",
    "required": false,
    "description": "A retry with the same key and body returns the first answer.",
    "schema": {
     "type": "string",
     "minLength": 1,
     "maxLength": 255
    }
   },
   "IfMatch": {
    "name": "If-Match",
    "in": "header",
    "required": true,
    "description": "The ETag of the version being changed, e.g. \"3\".",
    "schema": {
     "type": "string"
    }
   },
   "OrderIfMatch": {
    "name": "If-Match",
    "in": "header",
    "required": true,
    "description": "The ETag of the order version being changed, e.g. \"3\".",
    "schema": {
     "type": "string"
    }
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
   }
  }
 },
 "paths": {}
}
"""#
}
