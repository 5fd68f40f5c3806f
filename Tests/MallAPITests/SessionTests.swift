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

private let json: HTTPFields = [.contentType: "application/json"]

private func loginBody(_ username: String, _ password: String) -> ByteBuffer {
    ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)
}

@Suite("Sessions: sign in, sign out, expiry, lock-out and roles")
struct SessionTests {
    struct SessionBody: Decodable {
        var token: String
        var tokenType: String
        var expiresAt: Date
        var user: MeBody
    }

    struct MeBody: Decodable {
        struct Org: Decodable {
            var id: String
            var kind: String
            var regionCode: String
        }
        var username: String
        var roles: [String]
        var organisation: Org
    }

    @Test("signing in returns a bearer token that GET /api/v1/me accepts")
    func loginSuccess() async throws {
        try await withApp { client, fixtures in
            let response = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: json, body: loginBody("Buyer-A", Fixtures.password))
            #expect(response.status == .created)
            let session = try response.decode(SessionBody.self)
            #expect(session.tokenType == "Bearer")
            #expect(session.token.count == 43)
            #expect(session.expiresAt == fixtures.clock.now.addingTimeInterval(3600))
            #expect(session.user.username == "buyer-a")
            let me = try await client.get("/api/v1/me", token: session.token)
            #expect(me.status == .ok)
            let body = try me.decode(MeBody.self)
            #expect(body.roles == ["buyer"])
            #expect(body.organisation.id == fixtures.unitA.description)
            #expect(body.organisation.regionCode == "110101")
        }
    }

    @Test("only the token's hash is stored")
    func tokenStoredAsHash() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("ops")
            let rows = try await fixtures.database.query(
                "SELECT count(*)::int FROM sessions WHERE token_hash = \(ByteBuffer(bytes: Authenticator.hash(token: token)))",
                logger: TestDatabase.logger)
            #expect(try await rows.decode(Int.self).first(where: { _ in true }) == 1)
            let plain = try await fixtures.database.query(
                "SELECT count(*)::int FROM sessions WHERE encode(token_hash, 'escape') LIKE \("%" + token + "%")",
                logger: TestDatabase.logger)
            #expect(try await plain.decode(Int.self).first(where: { _ in true }) == 0)
        }
    }

    @Test(
        "a wrong password and an unknown user both answer 401 auth.invalid_credentials",
        arguments: [("buyer-a", "wrong-password"), ("nobody", Fixtures.password)])
    func loginFailure(_ username: String, _ password: String) async throws {
        try await withApp { client, _ in
            let response = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: json, body: loginBody(username, password))
            #expect(response.status == .unauthorized)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(try response.problem().code == "auth.invalid_credentials")
        }
    }

    @Test("an expired token answers 401")
    func expiredToken() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("buyer-a")
            #expect(try await client.get("/api/v1/me", token: token).status == .ok)
            fixtures.clock.advance(by: 3601)
            let response = try await client.get("/api/v1/me", token: token)
            #expect(response.status == .unauthorized)
            #expect(try response.problem().code == "auth.unauthenticated")
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
        }
    }

    @Test("DELETE /api/v1/sessions/current revokes the token; other sessions stay valid")
    func revokedToken() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("buyer-a")
            let other = try await client.login("buyer-a")
            let logout = try await client.execute(
                uri: "/api/v1/sessions/current", method: .delete, headers: [.authorization: "Bearer \(token)"], body: nil)
            #expect(logout.status == .noContent)
            #expect(try await client.get("/api/v1/me", token: token).status == .unauthorized)
            #expect(try await client.get("/api/v1/me", token: other).status == .ok)
            let audited = try await fixtures.database.query(
                "SELECT count(*)::int FROM audit_log WHERE action = 'session.revoked'", logger: TestDatabase.logger)
            #expect(try await audited.decode(Int.self).first(where: { _ in true }) == 1)
        }
    }

    @Test("a role that is not allowed answers 403 auth.forbidden")
    func forbiddenRole() async throws {
        try await withApp { client, _ in
            let token = try await client.login("buyer-a")
            let response = try await client.get("/api/v1/organisations", token: token)
            #expect(response.status == .forbidden)
            #expect(try response.problem().code == "auth.forbidden")
            let supplier = try await client.login("sup-a")
            #expect(try await client.get("/api/v1/organisations", token: supplier).status == .forbidden)
        }
    }

    @Test("five wrong passwords lock the account: 429 with Retry-After, even for the right password, until it passes")
    func lockout() async throws {
        try await withApp { client, fixtures in
            for attempt in 1...5 {
                let response = try await client.execute(
                    uri: "/api/v1/sessions", method: .post, headers: json, body: loginBody("buyer-a", "wrong"))
                #expect(response.status == (attempt < 5 ? .unauthorized : .tooManyRequests))
            }
            let locked = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: json, body: loginBody("buyer-a", Fixtures.password))
            #expect(locked.status == .tooManyRequests)
            #expect(try locked.problem().code == "auth.account_locked")
            #expect(locked.headers[.retryAfter] == "900")
            // Another account is not affected.
            #expect(try await client.login("approver-a").isEmpty == false)
            fixtures.clock.advance(by: 901)
            let after = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: json, body: loginBody("buyer-a", Fixtures.password))
            #expect(after.status == .created)
            let audited = try await fixtures.database.query(
                "SELECT count(*)::int FROM audit_log WHERE action = 'user.locked'", logger: TestDatabase.logger)
            #expect(try await audited.decode(Int.self).first(where: { _ in true }) == 1)
        }
    }

    @Test("concurrent wrong passwords all count: the lock cannot be raced past")
    func concurrentFailures() async throws {
        try await withApp { client, _ in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await client.execute(
                            uri: "/api/v1/sessions", method: .post, headers: json, body: loginBody("buyer-a", "wrong")
                        ).status
                    }
                }
                for try await _ in group {}
            }
            let locked = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: json, body: loginBody("buyer-a", Fixtures.password))
            #expect(locked.status == .tooManyRequests)
        }
    }
}
