import Foundation
import HummingbirdTesting
import MallAPI
import NIOCore
import Testing

/// Checks a response body against a schema of the served OpenAPI document: every `required` key is present
/// (the encoder omits nil optionals, so an optional field marked required is a documentation bug), no key is
/// undocumented, and each value has a documented JSON type. Small on purpose: `$ref`, `type` (a name or a list),
/// `properties`, `required`, `items`, `additionalProperties`, `oneOf`/`anyOf`/`allOf`.
enum OpenAPIConformance {
    /// `components.schemas` of the merged document (parsed per check: `[String: Any]` is not `Sendable`).
    static func schemas() -> [String: Any] {
        guard let document = try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any],
            let components = document["components"] as? [String: Any],
            let schemas = components["schemas"] as? [String: Any]
        else { return [:] }
        return schemas
    }

    /// Expects the JSON body of `response` to match schema `name`.
    static func expect(
        _ response: TestResponse, matches name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let value = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) else {
            Issue.record("the body is not JSON", sourceLocation: sourceLocation)
            return
        }
        let problems = problems(value, ["$ref": "#/components/schemas/\(name)"], at: "$", schemas: schemas())
        #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "; "))", sourceLocation: sourceLocation)
    }

    static func problems(_ value: Any, _ schema: [String: Any], at path: String, schemas: [String: Any]) -> [String] {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = schemas[name] as? [String: Any] else { return ["\(path): unknown schema \(ref)"] }
            return problems(value, target, at: path, schemas: schemas)
        }
        if let all = schema["allOf"] as? [[String: Any]] {
            return all.flatMap { problems(value, $0, at: path, schemas: schemas) }
        }
        if let any = (schema["oneOf"] ?? schema["anyOf"]) as? [[String: Any]] {
            let results = any.map { problems(value, $0, at: path, schemas: schemas) }
            return results.contains(where: \.isEmpty) ? [] : ["\(path): matches none of oneOf/anyOf"]
        }
        var types: [String] = []
        if let type = schema["type"] as? String { types = [type] }
        if let list = schema["type"] as? [String] { types = list }
        if !types.isEmpty, !types.contains(where: { Self.has(value, type: $0) }) {
            return ["\(path): \(type(of: value)) is not \(types.joined(separator: "|"))"]
        }
        var found: [String] = []
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                found.append("\(path).\(key): required but absent")
            }
            for (key, member) in object {
                if let property = properties[key] as? [String: Any] {
                    found += problems(member, property, at: "\(path).\(key)", schemas: schemas)
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    found += problems(member, additional, at: "\(path).\(key)", schemas: schemas)
                } else if !properties.isEmpty, schema["additionalProperties"] as? Bool != true {
                    found.append("\(path).\(key): not documented")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() { found += problems(element, items, at: "\(path)[\(index)]", schemas: schemas) }
        }
        return found
    }

    static func has(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": value is NSNull
        case "string": value is String
        case "array": value is [Any]
        case "object": value is [String: Any]
        case "integer":
            if let number = value as? NSNumber, !(value is String) { number.doubleValue.rounded() == number.doubleValue }
            else { false }
        case "number", "boolean": value is NSNumber
        default: true
        }
    }
}
