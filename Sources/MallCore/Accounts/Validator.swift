import Foundation

/// Collects field problems so that a request reports every bad field at once (STYLE.md §2.4).
package struct Validator: Sendable {
    package private(set) var problems: [DomainError.FieldError] = []

    package init() {}

    /// Records a problem with `field` unless `condition` holds.
    package mutating func check(_ condition: Bool, _ field: String, _ code: String, _ message: String) {
        if !condition { problems.append(.init(field: field, code: code, message: message)) }
    }

    /// A required, trimmed, non-empty string of at most `maxLength` characters.
    package mutating func text(_ value: String?, _ field: String, maxLength: Int, required: Bool = true) {
        guard let value else {
            if required { problems.append(.init(field: field, code: "required", message: "\(field) is required")) }
            return
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty {
            problems.append(.init(field: field, code: "required", message: "\(field) must not be empty"))
        } else if value.count > maxLength {
            problems.append(.init(field: field, code: "too_long", message: "\(field) has at most \(maxLength) characters"))
        } else if value.unicodeScalars.contains(where: { $0.value == 0 }) {
            problems.append(.init(field: field, code: "invalid", message: "\(field) contains a NUL character"))
        }
    }

    /// Throws a `request.validation_failed` error when any problem was recorded.
    package func validate() throws(DomainError) {
        if !problems.isEmpty { throw DomainError.validation(problems) }
    }
}
