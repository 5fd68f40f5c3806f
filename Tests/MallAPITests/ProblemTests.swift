import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import PostgresNIO
import MallTestSupport
import NIOCore
import Testing

@Suite("Every error is RFC 9457 problem+json with a stable code")
struct ProblemTests {
    static func expectProblem(
        _ response: TestResponse, _ status: HTTPResponse.Status, _ code: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = try response.problem()
        #expect(problem.code == code, sourceLocation: sourceLocation)
        #expect(problem.status == Int(status.code), sourceLocation: sourceLocation)
        #expect(problem.type.hasSuffix(code), sourceLocation: sourceLocation)
        #expect(!problem.title.isEmpty && !problem.detail.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("unknown route: 404 route.not_found")
    func unknownRoute() async throws {
        try await withApp { client, _ in
            try Self.expectProblem(try await client.get("/api/v1/nothing-here", token: nil), .notFound, "route.not_found")
        }
    }

    @Test("wrong method: 405 route.method_not_allowed with Allow")
    func wrongMethod() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/api/v1/me", method: .put, headers: [:], body: nil)
            try Self.expectProblem(response, .methodNotAllowed, "route.method_not_allowed")
            #expect(response.headers[.allow] == "GET")
            let withParam = try await client.execute(
                uri: "/api/v1/regions/110000", method: .delete, headers: [:], body: nil)
            try Self.expectProblem(withParam, .methodNotAllowed, "route.method_not_allowed")
        }
    }

    @Test("malformed JSON and wrong types: 400 request.malformed naming the field")
    func malformedJSON() async throws {
        try await withApp { client, _ in
            let broken = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username": "#))
            try Self.expectProblem(broken, .badRequest, "request.malformed")
            let wrongType = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username": 5, "password": "x"}"#))
            try Self.expectProblem(wrongType, .badRequest, "request.malformed")
            #expect(try wrongType.problem().detail.contains("username"))
            let missing = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username": "x"}"#))
            #expect(try missing.problem().detail == "password is required")
        }
    }

    @Test("validation reports every field at once: 422 request.validation_failed")
    func validation() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username": "  ", "password": ""}"#))
            try Self.expectProblem(response, .unprocessableContent, "request.validation_failed")
            #expect(try response.problem().errors?.map(\.field) == ["username", "password"])
        }
    }

    @Test("wrong content type: 415 request.unsupported_media_type")
    func wrongContentType() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "username=a&password=b"))
            try Self.expectProblem(response, .unsupportedMediaType, "request.unsupported_media_type")
        }
    }

    @Test("a body over the configured limit: 413 request.too_large")
    func tooLarge() async throws {
        try await withApp { client, _ in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 64 * 1024 + 1)
            let response = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"], body: big)
            try Self.expectProblem(response, .contentTooLarge, "request.too_large")
        }
    }

    @Test("no token or a bad token: 401 auth.unauthenticated", arguments: [nil, "Bearer nope", "Basic abc", "Bearer "])
    func unauthenticated(_ header: String?) async throws {
        try await withApp { client, _ in
            var headers: HTTPFields = [:]
            if let header { headers[.authorization] = header }
            let response = try await client.execute(uri: "/api/v1/me", method: .get, headers: headers, body: nil)
            try Self.expectProblem(response, .unauthorized, "auth.unauthenticated")
        }
    }

    @Test("an unexpected failure answers 500 internal with no internals; the log has them")
    func internalError() async throws {
        try await withApp { client, fixtures in
            // Break the database under the app: the login's session insert now fails in PostgreSQL.
            try await fixtures.database.query("DROP TABLE sessions", logger: TestDatabase.logger)
            let response = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json", .requestID: "req-500"],
                body: ByteBuffer(string: #"{"username":"ops","password":"\#(Fixtures.password)"}"#))
            try Self.expectProblem(response, .internalServerError, "internal")
            let text = String(buffer: response.body)
            #expect(!text.contains("sessions") && !text.contains("PSQL") && !text.contains("relation"))
            #expect(response.headers[.requestID] == "req-500")
        }
    }

    @Test("every domain error code has a status in the one table")
    func statusTable() {
        for code in ProblemStatus.allCodes { #expect(ProblemStatus.table[code] != nil, "\(code)") }
        #expect(ProblemStatus.table.count == ProblemStatus.allCodes.count)
    }

    @Test("the request id is taken from X-Request-Id or made, and always returned")
    func requestID() async throws {
        try await withApp { client, _ in
            let echoed = try await client.execute(
                uri: "/health", method: .get, headers: [.requestID: "abc-123"], body: nil)
            #expect(echoed.headers[.requestID] == "abc-123")
            let made = try await client.execute(uri: "/health", method: .get, headers: [:], body: nil)
            #expect((made.headers[.requestID]?.count ?? 0) >= 16)
            let unsafe = try await client.execute(
                uri: "/health", method: .get, headers: [.requestID: String(repeating: "x", count: 300)], body: nil)
            #expect(unsafe.headers[.requestID]?.count != 300)
        }
    }
}
