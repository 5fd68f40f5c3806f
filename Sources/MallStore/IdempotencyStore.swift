import Crypto
import Foundation
import Logging
import MallCore
import PostgresNIO

/// `Idempotency-Key` handling (DESIGN.md §4): the key is claimed with `INSERT … ON CONFLICT DO NOTHING`
/// in the same transaction as the write it guards, so a retry either waits for the first attempt to
/// commit and gets its stored response, or (when the first attempt rolled back) runs again.
package struct IdempotencyStore: Sendable {
    package init() {}

    /// A stored response.
    package struct StoredResponse: Sendable, Equatable {
        package var status: Int
        package var body: String

        package init(status: Int, body: String) {
            self.status = status
            self.body = body
        }
    }

    /// SHA-256 of what identifies a request: method, path and body.
    package static func requestHash(method: String, path: String, body: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(method) \(path)\n".utf8))
        hasher.update(data: body)
        return hasher.finalize().hexString
    }

    /// Claims the key on `conn` (inside the caller's transaction). Returns the stored response when the key
    /// was used before with the same request; throws `request.idempotency_key_reused` when it was used for a
    /// different request; returns `nil` when the key is new and now claimed.
    package func claim(
        userID: ID<User>, key: String, requestHash: String, now: Date, on conn: PostgresConnection, logger: Logger
    ) async throws -> StoredResponse? {
        let inserted = try await conn.execute(
            ClaimIdempotencyKey(userID: userID, key: key, requestHash: requestHash, now: now), logger: logger)
        if try await inserted.first(where: { _ in true }) != nil { return nil }
        let rows = try await conn.query(
            """
            SELECT request_hash, status_code, response_body FROM idempotency_keys
            WHERE user_id = \(userID) AND key = \(key)
            """, logger: logger)
        guard let (hash, status, body) = try await rows.decode((String, Int, String).self).first(where: { _ in true })
        else { throw DomainError(.conflict, "the idempotency key is in use; retry") }
        guard hash == requestHash else {
            throw DomainError(
                .idempotencyKeyReused,
                "this Idempotency-Key was used for a different request; use a new key for a new request")
        }
        return StoredResponse(status: status, body: body)
    }

    /// The response stored for `key` when a request with it has committed, read outside any transaction; `nil`
    /// when none has (then ``claim(userID:key:requestHash:now:on:logger:)`` decides, and waits for one in flight).
    /// Throws `request.idempotency_key_reused` when the key was used for a different request.
    package func completed(
        userID: ID<User>, key: String, requestHash: String, database: Database, logger: Logger
    ) async throws -> StoredResponse? {
        let rows = try await database.query(
            """
            SELECT request_hash, status_code, response_body FROM idempotency_keys
            WHERE user_id = \(userID) AND key = \(key)
            """, logger: logger)
        guard let (hash, status, body) = try await rows.decode((String, Int, String).self).first(where: { _ in true })
        else { return nil }
        guard hash == requestHash else {
            throw DomainError(
                .idempotencyKeyReused,
                "this Idempotency-Key was used for a different request; use a new key for a new request")
        }
        return StoredResponse(status: status, body: body)
    }

    /// Stores the response of the request that claimed the key, in the same transaction.
    package func complete(
        userID: ID<User>, key: String, response: StoredResponse, on conn: PostgresConnection, logger: Logger
    ) async throws {
        try await conn.run(
            CompleteIdempotencyKey(status: response.status, body: response.body, userID: userID, key: key),
            logger: logger)
    }
}
