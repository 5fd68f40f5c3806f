import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore
import NIOCore
import PostgresNIO

/// Runs a creating request once per `Idempotency-Key` (DESIGN.md §4): the key is claimed in the same
/// transaction as the write; a replay with the same body returns the stored response (same status and
/// body, header `Idempotent-Replayed: true`); a replay with a different body answers 422
/// `request.idempotency_key_reused`. Without a key the request simply runs, unless `required` (then 400
/// `request.idempotency_key_required`).
package struct IdempotentWriter: Sendable {
    package let database: Database
    package let store = IdempotencyStore()
    package let now: @Sendable () -> Date

    package init(database: Database, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.now = now
    }

    /// The raw body, collected up to the request's limit.
    package static func body(of request: Request, context: AppRequestContext) async throws -> ByteBuffer {
        try await request.body.collect(upTo: context.bodyLimit)
    }

    /// Runs `work` in a transaction guarded by the request's key and returns its JSON response. `requestHash`:
    /// ``hash(_:body:)``, when the caller has computed it already (for ``replay``).
    package func run<Output: Encodable & Sendable>(
        _ request: Request, body: ByteBuffer, requestHash: String? = nil, context: AppRequestContext,
        principal: Principal, status: HTTPResponse.Status = .created, required: Bool = false,
        locationPrefix: String? = nil, versionTag: Bool = false,
        work: @escaping @Sendable (PostgresConnection) async throws -> Output
    ) async throws -> Response {
        let key = request.headers[.idempotencyKey]
        if let key, key.isEmpty || key.count > 255 {
            throw Problem.invalidHeader(name: "Idempotency-Key", message: "1 to 255 characters")
        }
        if required && key == nil {
            throw Problem(
                status: .badRequest, code: "request.idempotency_key_required",
                detail: "send an Idempotency-Key header (any unique string) so that a retry cannot create twice")
        }
        let hash = requestHash ?? Self.hash(request, body: body)
        let at = now()
        let outcome: (Int, String, Bool) = try await database.transaction(logger: context.logger) { conn in
            if let key,
                let stored = try await store.claim(
                    userID: principal.userID, key: key, requestHash: hash, now: at, on: conn, logger: context.logger)
            {
                return (stored.status, stored.body, true)
            }
            let output = try await work(conn)
            let text = try Self.encode(output)
            if let key {
                try await store.complete(
                    userID: principal.userID, key: key, response: .init(status: Int(status.code), body: text), on: conn,
                    logger: context.logger)
            }
            return (Int(status.code), text, false)
        }
        return Self.response(
            status: outcome.0, body: outcome.1, replayed: outcome.2, locationPrefix: locationPrefix,
            versionTag: versionTag)
    }

    /// The stored answer when this request's `Idempotency-Key` has already been used by a committed request, the
    /// same as ``run`` would return for it; `nil` when there is no key or nothing committed under it yet (``run``
    /// then claims it). For a handler whose work before ``run`` is long, such as an import reading its whole file,
    /// so that a replay skips that work; `requestHash` is ``hash(_:body:)``, for ``run`` too. A key used for a
    /// different request answers 422 `request.idempotency_key_reused`, as ``run`` does.
    package func replay(
        _ request: Request, requestHash: String, context: AppRequestContext, principal: Principal,
        locationPrefix: String? = nil, versionTag: Bool = false
    ) async throws -> Response? {
        guard let key = request.headers[.idempotencyKey], !key.isEmpty, key.count <= 255 else { return nil }
        guard
            let stored = try await store.completed(
                userID: principal.userID, key: key, requestHash: requestHash, database: database,
                logger: context.logger)
        else { return nil }
        return Self.response(
            status: stored.status, body: stored.body, replayed: true, locationPrefix: locationPrefix,
            versionTag: versionTag)
    }

    /// What identifies a request for its key: method, path and canonical body.
    package static func hash(_ request: Request, body: ByteBuffer) -> String {
        IdempotencyStore.requestHash(
            method: request.method.rawValue, path: request.uri.description, body: Self.canonical(body))
    }

    /// The JSON response of a first answer or of a replay.
    static func response(
        status: Int, body: String, replayed: Bool, locationPrefix: String?, versionTag: Bool
    ) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if replayed { headers[.idempotentReplayed] = "true" }
        // `Location` and `ETag` of the created resource (or only the `ETag` of a changed one, `versionTag`), on
        // the first answer and on replays alike.
        if locationPrefix != nil || versionTag,
            let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let id = object["id"] as? String
        {
            if let locationPrefix { headers[.location] = locationPrefix + id }
            if let version = object["version"] as? Int { headers[.eTag] = "\"\(version)\"" }
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The body as canonical JSON (sorted keys), so that a retry that serialises the same object in another
    /// key order is the same request; other bodies as they are.
    static func canonical(_ body: ByteBuffer) -> [UInt8] {
        let bytes = Array(buffer: body)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return bytes }
        return Array(data)
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension HTTPField.Name {
    /// `Idempotent-Replayed: true` on a replayed response.
    package static let idempotentReplayed = HTTPField.Name.literal("Idempotent-Replayed")
}

extension Problem {
    /// 400 for a header that cannot be used.
    package static func invalidHeader(name: String, message: String) -> Problem {
        Problem(
            status: .badRequest, code: "request.invalid_header", detail: "\(name): \(message)",
            errors: [.init(field: name, code: "invalid", message: message)])
    }
}

extension Request {
    /// Decodes JSON from an already collected body (after the same content-type check as `decodeJSON`).
    package func decodeJSON<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        try Self.requireJSONContentType(headers)
        guard buffer.readableBytes > 0 else {
            throw Problem(status: .badRequest, code: "request.malformed", detail: "a JSON body is required")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
    }

    /// The expected version from `If-Match` (`"7"` or `W/"7"`): 428 when absent, 412 when unparseable.
    package func expectedVersion() throws -> Int {
        guard let raw = headers[.ifMatch] else {
            throw Problem(
                status: .preconditionRequired, code: DomainError.Code.preconditionRequired.rawValue,
                detail: "send If-Match with the ETag of the version you are changing")
        }
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(text), version > 0 else {
            throw Problem(
                status: .preconditionFailed, code: DomainError.Code.versionMismatch.rawValue,
                detail: "If-Match \(raw) is not a version of this resource")
        }
        return version
    }
}
