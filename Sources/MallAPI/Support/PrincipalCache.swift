import Foundation
import Logging
import MallCore
import MallStore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Principals resolved from bearer tokens, kept for a few seconds so that a burst of requests with one token
/// costs one session lookup, not one per request (the hot read path of `GET /api/v1/listings/{id}` went from
/// three statements to one).
///
/// Revocation stays immediate: logging out evicts the session here at once, and every server listens on the
/// PostgreSQL channel `govmall_auth`, where triggers announce revoked sessions and changed or disabled users
/// (Schema/0003); ``AuthInvalidationService`` evicts on each notice and empties the cache whenever it is not
/// sure to have heard everything (at start, after a lost connection). An entry never outlives its session.
/// A `ttl` of zero turns the cache off.
package final class PrincipalCache: Sendable {
    /// How long an entry is used (`GOVMALL_PRINCIPAL_CACHE_SECONDS`).
    package let ttl: TimeInterval
    /// At most this many entries; when full, expired entries go, then everything.
    package let capacity: Int

    private struct Entry {
        var principal: Principal
        var until: Date
    }

    private let entries = Mutex<[Data: Entry]>([:])
    /// Whether ``AuthInvalidationService`` is subscribed: without it nothing is cached or served from here.
    private let listening = Mutex<Bool>(false)

    package init(ttl: TimeInterval, capacity: Int = 100_000) {
        self.ttl = max(0, ttl)
        self.capacity = max(1, capacity)
    }

    package var isEnabled: Bool { ttl > 0 }

    /// Whether entries are served and stored: enabled and the invalidation listener subscribed.
    package var isActive: Bool { isEnabled && listening.withLock { $0 } }

    /// Called by ``AuthInvalidationService``: on when subscribed, off (and emptied) when not.
    package func setListening(_ on: Bool) {
        listening.withLock { $0 = on }
        removeAll()
    }

    /// The cached principal of a token hash, if fresh.
    package func principal(tokenHash: [UInt8], now: Date) -> Principal? {
        guard isActive else { return nil }
        let key = Data(tokenHash)
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.until > now else {
                entries[key] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Keeps a principal until `now + ttl` or its session's expiry, whichever comes first.
    package func store(_ principal: Principal, tokenHash: [UInt8], sessionExpiresAt: Date, now: Date) {
        guard isActive else { return }
        let entry = Entry(principal: principal, until: min(now.addingTimeInterval(ttl), sessionExpiresAt))
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.until > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[Data(tokenHash)] = entry
        }
    }

    /// Forgets a session (logout, revocation).
    package func evict(sessionID: UUID) {
        entries.withLock { entries in entries = entries.filter { $0.value.principal.sessionID.uuid != sessionID } }
    }

    /// Forgets every session of a user (disabled, roles or organisation changed).
    package func evict(userID: UUID) {
        entries.withLock { entries in entries = entries.filter { $0.value.principal.userID.uuid != userID } }
    }

    package func removeAll() {
        entries.withLock { $0.removeAll(keepingCapacity: true) }
    }

    package var count: Int { entries.withLock { $0.count } }

    /// Applies one `govmall_auth` notice: `session:<uuid>` or `user:<uuid>`; anything else empties the cache.
    package func apply(notice payload: String) {
        let parts = payload.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = UUID(uuidString: String(parts[1])) else {
            removeAll()
            return
        }
        switch parts[0] {
        case "session": evict(sessionID: id)
        case "user": evict(userID: id)
        default: removeAll()
        }
    }
}

/// Keeps a ``PrincipalCache`` honest across servers: listens on `govmall_auth` over one pooled connection and
/// evicts what the notices name. Empties the cache when (re)subscribing, since notices sent meanwhile are lost.
package struct AuthInvalidationService: Service {
    static let channel = "govmall_auth"

    let database: Database
    let cache: PrincipalCache
    let logger: Logger

    package init(database: Database, cache: PrincipalCache, logger: Logger) {
        self.database = database
        self.cache = cache
        self.logger = logger
    }

    package func run() async throws {
        guard cache.isEnabled else { return }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown {
                    try await database.withConnection { conn in
                        try await conn.listen(on: Self.channel) { notices in
                            cache.setListening(true)
                            defer { cache.setListening(false) }
                            for try await notice in notices { cache.apply(notice: notice.payload) }
                        }
                    }
                }
            } catch {
                cache.setListening(false)
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                logger.warning("auth invalidation listener lost", metadata: ["error": "\(String(reflecting: error))"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
        cache.setListening(false)
    }
}
