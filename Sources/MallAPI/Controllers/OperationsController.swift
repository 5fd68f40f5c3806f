import Foundation
import HTTPTypes
import Hummingbird
import MallStore
import NIOCore
import Prometheus

/// `GET /health` (the process answers), `GET /ready` (the database answers), `GET /metrics` (Prometheus
/// text format) and `GET /openapi.json` (the API document).
package struct OperationsController: Sendable {
    let database: Database
    let metrics: PrometheusCollectorRegistry
    let searchIndex: SearchIndex?

    package var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/health", .anonymous(health)),
            Endpoint(.get, "/ready", .anonymous(ready)),
            Endpoint(.get, "/metrics", .anonymous(metricsText)),
            Endpoint(.get, "/openapi.json", .anonymous(openAPI)),
        ]
    }

    struct Status: Encodable {
        var status: String
        var database: String?
        var searchIndex: String?
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(Status(status: "ok"))
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        if await database.ping(logger: context.logger) {
            let index = searchIndex.map { $0.isLoaded ? "ready" : "loading" } ?? "off"
            return try .json(Status(status: "ok", database: "ok", searchIndex: index))
        }
        return try .json(Status(status: "unavailable", database: "unreachable"), status: .serviceUnavailable)
    }

    @Sendable func metricsText(_ request: Request, context: AppRequestContext) async throws -> Response {
        var buffer: [UInt8] = []
        metrics.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    @Sendable func openAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
}
