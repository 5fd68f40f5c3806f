import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import PostgresNIO
import Testing

@Suite("Principal cache: fewer session lookups, revocation still immediate")
struct PrincipalCacheTests {
    static func principal(_ session: UUID = UUID(), user: UUID = UUID()) -> Principal {
        Principal(
            userID: ID(user), username: "u", displayName: "U", roles: [.buyer], sessionID: ID(session),
            organisationID: ID(UUID()), organisationName: "O", organisationKind: .unit,
            regionCode: RegionCode("110108")!, enterpriseSize: nil)
    }

    @Test("nothing is cached until the invalidation listener is subscribed, nor with a TTL of zero")
    func inactiveWithoutListener() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let cache = PrincipalCache(ttl: 60)
        cache.store(Self.principal(), tokenHash: [1], sessionExpiresAt: now + 3600, now: now)
        #expect(cache.principal(tokenHash: [1], now: now) == nil)
        let off = PrincipalCache(ttl: 0)
        off.setListening(true)
        off.store(Self.principal(), tokenHash: [1], sessionExpiresAt: now + 3600, now: now)
        #expect(off.principal(tokenHash: [1], now: now) == nil)
    }

    @Test("an entry lives for the TTL or until its session expires, whichever is first")
    func expiry() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let cache = PrincipalCache(ttl: 10)
        cache.setListening(true)
        let principal = Self.principal()
        cache.store(principal, tokenHash: [1], sessionExpiresAt: now + 3600, now: now)
        cache.store(principal, tokenHash: [2], sessionExpiresAt: now + 3, now: now)
        #expect(cache.principal(tokenHash: [1], now: now + 9) == principal)
        #expect(cache.principal(tokenHash: [1], now: now + 10) == nil)
        #expect(cache.principal(tokenHash: [2], now: now + 2) == principal)
        #expect(cache.principal(tokenHash: [2], now: now + 3) == nil)
    }

    @Test("notices evict a session or every session of a user; an unknown notice empties the cache")
    func notices() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let cache = PrincipalCache(ttl: 60)
        cache.setListening(true)
        let user = UUID()
        let first = Self.principal(user: user)
        let second = Self.principal(user: user)
        let other = Self.principal()
        cache.store(first, tokenHash: [1], sessionExpiresAt: now + 3600, now: now)
        cache.store(second, tokenHash: [2], sessionExpiresAt: now + 3600, now: now)
        cache.store(other, tokenHash: [3], sessionExpiresAt: now + 3600, now: now)
        cache.apply(notice: "session:\(first.sessionID.uuid.uuidString)")
        #expect(cache.principal(tokenHash: [1], now: now) == nil)
        #expect(cache.principal(tokenHash: [2], now: now) == second)
        cache.apply(notice: "user:\(user.uuidString)")
        #expect(cache.principal(tokenHash: [2], now: now) == nil)
        #expect(cache.principal(tokenHash: [3], now: now) == other)
        cache.apply(notice: "garbage")
        #expect(cache.count == 0)
        cache.setListening(false)
        cache.store(other, tokenHash: [3], sessionExpiresAt: now + 3600, now: now)
        #expect(cache.count == 0)
    }

    /// Waits (polling, bounded) until `condition` holds; the bound only stops a broken test from hanging.
    static func eventually(_ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    @Test("a session revoked or a user disabled in the database stops working although its principal was cached")
    func revocationThroughNotices() async throws {
        let cache = PrincipalCache(ttl: 300)
        try await withApp(principals: cache) { client, fixtures in
            let service = AuthInvalidationService(
                database: fixtures.database, cache: cache, logger: Logger(label: "test"))
            let listener = Task { try await service.run() }
            defer { listener.cancel() }
            #expect(try await Self.eventually { cache.isActive })

            let token = try await client.login("buyer-a")
            #expect(try await client.get("/api/v1/me", token: token).status == .ok)
            #expect(cache.count == 1)
            // Revoked behind the server's back: only the trigger's notice can tell the cache.
            try await fixtures.database.query("UPDATE sessions SET revoked_at = now()", logger: TestDatabase.logger)
            #expect(try await Self.eventually { cache.count == 0 })
            #expect(try await client.get("/api/v1/me", token: token).status == .unauthorized)

            let other = try await client.login("buyer-b")
            #expect(try await client.get("/api/v1/me", token: other).status == .ok)
            try await fixtures.database.query(
                "UPDATE users SET disabled = true WHERE username = 'buyer-b'", logger: TestDatabase.logger)
            #expect(try await Self.eventually { cache.count == 0 })
            #expect(try await client.get("/api/v1/me", token: other).status == .unauthorized)
        }
    }

    @Test("logging out evicts at once, on this server, without waiting for the notice")
    func logoutEvicts() async throws {
        let cache = PrincipalCache(ttl: 300)
        try await withApp(principals: cache) { client, fixtures in
            cache.setListening(true)  // as if subscribed; no listener runs, so only the logout path can evict
            let token = try await client.login("buyer-a")
            #expect(try await client.get("/api/v1/me", token: token).status == .ok)
            #expect(cache.count == 1)
            let response = try await client.execute(
                uri: "/api/v1/sessions/current", method: .delete, headers: [.authorization: "Bearer \(token)"],
                body: nil)
            #expect(response.status == .noContent)
            #expect(try await client.get("/api/v1/me", token: token).status == .unauthorized)
        }
    }
}
