import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Prometheus
import Testing

@Suite("The OpenAPI document describes exactly the routes the server has")
struct OpenAPITests {
    struct Document: Decodable {
        var openapi: String
        var paths: [String: [String: Operation]]
        var security: [[String: [String]]]?
    }

    struct Operation: Decodable {
        var operationId: String?
        var security: [[String: [String]]]?
        var responses: [String: ResponseOrRef]?
    }

    struct ResponseOrRef: Decodable {}

    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    static func document() throws -> Document {
        try JSONDecoder().decode(Document.self, from: Data(OpenAPIDocument.json.utf8))
    }

    /// The endpoint list the router is built from (no database connection is made by building it).
    static func endpoints() -> [Endpoint] {
        let database = Database(
            config: DatabaseConfig(host: "127.0.0.1", username: "nobody", password: nil, database: "none"),
            logger: TestDatabase.logger)
        return buildEndpoints(
            config: testConfig(),
            services: AppServices(
                database: database, now: { Date() }, ids: IDGenerator { UUID() }, metrics: PrometheusCollectorRegistry()))
    }

    @Test("every registered route is documented and every documented operation is registered")
    func routesMatchDocument() throws {
        let document = try Self.document()
        #expect(document.openapi.hasPrefix("3.1"))
        let documented = Set(
            document.paths.flatMap { path, item in
                item.keys.filter(Self.methods.contains).map { "\($0.uppercased()) \(path)" }
            })
        let registered = Set(Self.endpoints().map { "\($0.method.rawValue) \($0.path)" })
        #expect(registered.subtracting(documented).sorted() == [], "registered but not documented")
        #expect(documented.subtracting(registered).sorted() == [], "documented but not registered")
        #expect(Self.endpoints().count == registered.count, "a route is registered twice")
    }

    @Test("anonymous routes say `security: []`; every other route needs the bearer token and documents 401")
    func securityMatchesAccess() throws {
        let document = try Self.document()
        #expect(document.security?.first?["bearerAuth"] != nil)
        for endpoint in Self.endpoints() {
            let operation = try #require(document.paths[endpoint.path]?[endpoint.method.rawValue.lowercased()])
            #expect(operation.operationId != nil, "\(endpoint.path)")
            if endpoint.allowedRoles == nil {
                #expect(operation.security?.isEmpty == true, "\(endpoint.method) \(endpoint.path) is anonymous")
            } else {
                #expect(operation.security == nil, "\(endpoint.method) \(endpoint.path) needs a token")
                #expect(operation.responses?["401"] != nil, "\(endpoint.method) \(endpoint.path) documents 401")
                if endpoint.allowedRoles != Set(Role.allCases) {
                    #expect(operation.responses?["403"] != nil, "\(endpoint.method) \(endpoint.path) documents 403")
                }
            }
        }
    }

    @Test("the server serves the document")
    func served() async throws {
        try await withApp { client, _ in
            let response = try await client.get("/openapi.json", token: nil)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == OpenAPIDocument.json)
        }
    }
}

@Suite("Operations endpoints")
struct OperationsTests {
    struct Status: Decodable {
        var status: String
        var database: String?
    }

    @Test("/health answers without the database; /ready checks it")
    func healthAndReady() async throws {
        try await withApp { client, _ in
            #expect(try await client.get("/health", token: nil).decode(Status.self).status == "ok")
            let ready = try await client.get("/ready", token: nil)
            #expect(ready.status == .ok)
            #expect(try ready.decode(Status.self).database == "ok")
        }
    }

    @Test("/metrics is Prometheus text")
    func metrics() async throws {
        try await withApp { client, _ in
            let response = try await client.get("/metrics", token: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    @Test("/metrics counts and times requests by route, method and status")
    func requestMetrics() async throws {
        try await withApp { client, _ in
            for _ in 0..<3 { #expect(try await client.get("/health", token: nil).status == .ok) }
            #expect(try await client.get("/api/v1/no-such-thing", token: nil).status == .notFound)
            let text = String(buffer: try await client.get("/metrics", token: nil).body)
            let lines = text.split(separator: "\n").map(String.init)
            func line(_ prefix: String, _ labels: [String]) -> String? {
                lines.first { line in line.hasPrefix(prefix + "{") && labels.allSatisfy { line.contains($0) } }
            }
            let health = ["http_route=\"/health\"", "http_request_method=\"GET\"", "http_response_status_code=\"200\""]
            #expect(line("hb_requests", health)?.hasSuffix(" 3") == true, "\(text)")
            #expect(line("http_server_request_duration_count", health)?.hasSuffix(" 3") == true, "\(text)")
            #expect(line("hb_requests", ["http_response_status_code=\"404\""])?.hasSuffix(" 1") == true, "\(text)")
        }
    }
}
