import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MallCore
import NIOCore

/// Takes the request id from `X-Request-Id` (when it is a sane token) or makes one, puts it in the logger
/// metadata and returns it in the response header.
package struct RequestIDMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    package init() {}

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let incoming = request.headers[.requestID]
        let id: String
        if let incoming, (1...128).contains(incoming.utf8.count),
            incoming.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "\"") })
        {
            id = incoming
            context.logger[metadataKey: "hb.request.id"] = .string(id)
        } else if let existing = context.logger[metadataKey: "hb.request.id"] {
            // Hummingbird's own id, already in the logger's metadata.
            id = existing.description
        } else {
            id = UUID().lowercasedString
            context.logger[metadataKey: "hb.request.id"] = .string(id)
        }
        context.requestID = id
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    package static let requestID = HTTPField.Name.literal("X-Request-Id")
    /// `Idempotency-Key`.
    package static let idempotencyKey = HTTPField.Name.literal("Idempotency-Key")

    /// A field name from a literal known to be valid.
    static func literal(_ name: StaticString) -> HTTPField.Name {
        guard let field = HTTPField.Name("\(name)") else { preconditionFailure("invalid header name \(name)") }
        return field
    }
}

/// Applies the body limit: the configured one, or the endpoint's own (``Endpoint/bodyLimit``). A declared
/// `Content-Length` above it answers 413 at once, and decoding stops collecting at the limit.
package struct BodyLimitMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    let limit: Int
    /// The endpoints with their own limit: by the router's path (`context.endpointPath`), then method.
    let limits: [String: [(method: HTTPRequest.Method, limit: Int)]]

    package init(limit: Int, endpoints: [Endpoint] = []) {
        self.limit = limit
        var limits: [String: [(method: HTTPRequest.Method, limit: Int)]] = [:]
        for endpoint in endpoints {
            guard let own = endpoint.bodyLimit else { continue }
            limits[RouterPath(endpoint.routerPath).description, default: []].append((endpoint.method, own))
        }
        self.limits = limits
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        // A dictionary lookup on the path the router already resolved: nothing is built per request.
        let own = context.endpointPath.flatMap { limits[$0] }?.first { $0.method == request.method }?.limit
        let limit = own ?? self.limit
        context.bodyLimit = limit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem(
                status: .contentTooLarge, code: "request.too_large",
                detail: "the request body has \(length) bytes; the limit is \(limit)")
        }
        return try await next(request, context)
    }
}

/// Turns every error into problem+json: domain errors by the status table, Hummingbird's own errors by
/// their status, unknown routes into 404 or 405, and anything unexpected into 500 `internal` whose
/// details go only to the log.
package struct ProblemMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    let endpoints: [Endpoint]

    package init(endpoints: [Endpoint]) { self.endpoints = endpoints }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as DomainError {
            let problem = ProblemStatus.problem(for: error)
            if problem.status == .internalServerError { logUnexpected(error, context: context) }
            return try problem.response(from: request, context: context)
        } catch let error as HTTPError {
            return try problem(for: error, request: request, context: context).response(from: request, context: context)
        } catch let error as DecodingError {
            return try Problem(status: .badRequest, code: "request.malformed", detail: Self.describe(error))
                .response(from: request, context: context)
        } catch {
            if error is NIOTooManyBytesError {
                return try Problem(
                    status: .contentTooLarge, code: "request.too_large",
                    detail: "the request body is larger than \(context.bodyLimit) bytes"
                ).response(from: request, context: context)
            }
            logUnexpected(error, context: context)
            return try Problem.internalError.response(from: request, context: context)
        }
    }

    private func logUnexpected(_ error: any Error, context: Context) {
        context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
    }

    private func problem(for error: HTTPError, request: Request, context: Context) -> Problem {
        switch error.status {
        case .notFound where context.endpointPath == "NotFound" || context.endpointPath == nil:
            let path = request.uri.path
            let allowed = endpoints.filter { $0.matches(path: path) }.map(\.method)
            if !allowed.isEmpty {
                let allow = Set(allowed.map(\.rawValue)).sorted().joined(separator: ", ")
                return Problem(
                    status: .methodNotAllowed, code: "route.method_not_allowed",
                    detail: "\(request.method.rawValue) is not allowed on \(path); use \(allow)",
                    headers: [.allow: allow])
            }
            return .notFound(path)
        case .contentTooLarge:
            return Problem(
                status: .contentTooLarge, code: "request.too_large",
                detail: "the request body is larger than \(context.bodyLimit) bytes")
        case .badRequest:
            return Problem(status: .badRequest, code: "request.malformed", detail: error.body ?? "malformed request")
        case .unsupportedMediaType:
            return Problem(
                status: .unsupportedMediaType, code: "request.unsupported_media_type",
                detail: error.body ?? "send application/json")
        default:
            if error.status.code >= 500 {
                logUnexpected(error, context: context)
                return .internalError
            }
            return Problem(
                status: error.status, code: "http.\(error.status.code)", detail: error.body ?? error.status.reasonPhrase)
        }
    }

    /// A decoding error as one sentence that names the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let joined = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return joined.isEmpty ? "the body" : String(joined.drop(while: { $0 == "." }))
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the body is not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is required"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be of type \(Self.jsonType(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be of type \(Self.jsonType(type)), not null"
        @unknown default:
            return "the body does not match the expected shape"
        }
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Bool.Type: "boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: "integer"
        case is [Any].Type: "array"
        default: "object"
        }
    }
}
