/// The one error type of the domain, modelled on swift-nio's `FileSystemError`: a stable `code`, a
/// human-readable message and, for validation, every bad field at once (STYLE.md §2.4).
package struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable machine-readable error code such as `order.stock_insufficient`.
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package init(_ rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }
    }

    /// One problem with one input field.
    package struct FieldError: Sendable, Equatable, Codable {
        /// JSON pointer-ish path of the field, e.g. `lines[0].quantity`.
        package var field: String
        /// A stable code for the problem, e.g. `required`, `too_long`.
        package var code: String
        /// A human-readable explanation.
        package var message: String

        package init(field: String, code: String, message: String) {
            self.field = field
            self.code = code
            self.message = message
        }
    }

    package var code: Code
    package var message: String
    package var fields: [FieldError]

    package init(_ code: Code, _ message: String, fields: [FieldError] = []) {
        self.code = code
        self.message = message
        self.fields = fields
    }

    package var description: String { "\(code): \(message)" }
}

extension DomainError.Code {
    // MARK: - Requests
    /// The input failed validation; `fields` lists every problem.
    package static let validationFailed = Self("request.validation_failed")
    /// A resource with this id does not exist, or is not visible to the caller.
    package static let notFound = Self("resource.not_found")
    /// A uniqueness rule was violated.
    package static let conflict = Self("resource.conflict")
    /// The `If-Match` version is stale.
    package static let versionMismatch = Self("resource.version_mismatch")
    /// An `Idempotency-Key` was reused with a different request body.
    package static let idempotencyKeyReused = Self("request.idempotency_key_reused")

    // MARK: - Authentication and authorisation
    /// Credentials were wrong (the message never says which part).
    package static let invalidCredentials = Self("auth.invalid_credentials")
    /// The account is locked for a while after repeated failures.
    package static let accountLocked = Self("auth.account_locked")
    /// The account is disabled.
    package static let accountDisabled = Self("auth.account_disabled")
    /// No bearer token was sent, or it is unknown, expired or revoked.
    package static let unauthenticated = Self("auth.unauthenticated")
    /// The caller's role may not use this endpoint.
    package static let forbidden = Self("auth.forbidden")

    // MARK: - Migrations
    /// An applied migration file was changed or removed.
    package static let migrationsInconsistent = Self("schema.migrations_inconsistent")
    /// A configuration value is missing or malformed.
    package static let configInvalid = Self("config.invalid")
}

extension DomainError {
    /// A validation error listing all field problems.
    package static func validation(_ fields: [FieldError]) -> DomainError {
        DomainError(
            .validationFailed,
            fields.count == 1 ? "1 field is invalid" : "\(fields.count) fields are invalid",
            fields: fields
        )
    }

    /// The resource does not exist or is not the caller's.
    package static func notFound(_ what: String) -> DomainError {
        DomainError(.notFound, "\(what) was not found")
    }
}
