import Foundation
import Logging
import MallCore
import MallStore
import MallTestSupport
import PostgresNIO
import Testing

@Suite("Audit hash chain (DOMAIN.md §X1): linked by a sequencer, verified end to end, tampering detected")
struct AuditChainTests {
    static let audit = AuditStore(ids: IDGenerator { UUID() })
    static let at = Date(timeIntervalSince1970: 1_795_000_000)

    static func append(_ database: Database, _ count: Int, tag: String) async throws {
        for index in 0..<count {
            try await database.transaction(logger: TestDatabase.logger) { conn in
                try await audit.append(
                    .init(
                        occurredAt: at, action: "test.\(tag)", entityType: "test", entityID: UUID(),
                        regionCode: "110108", after: ["n": .int(Int64(index))], requestID: "req-\(tag)-\(index)"),
                    on: conn, logger: TestDatabase.logger)
            }
        }
    }

    static func linkAll(_ chain: AuditChain) async throws {
        while try await chain.link(batch: 50, now: at, logger: TestDatabase.logger) > 0 {}
    }

    static func admin(_ database: Database, _ sql: String) async throws {
        try await database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
    }

    @Test("every audit row is linked once, in one chain, and the chain verifies")
    func linksAndVerifies() async throws {
        try await TestDatabase.withDatabase { database in
            let chain = AuditChain(database: database)
            let before = try await chain.verify(logger: TestDatabase.logger)
            try await Self.append(database, 120, tag: "a")
            let queued = try await chain.verify(logger: TestDatabase.logger)
            #expect(queued.pending == before.pending + 120)
            try await Self.linkAll(chain)
            let verification = try await chain.verify(logger: TestDatabase.logger)
            #expect(verification.isIntact)
            #expect(verification.pending == 0)
            #expect(verification.checked == before.checked + before.pending + 120)
        }
    }

    @Test("an audit row changed directly in SQL is found, with its position, and nothing after it is trusted")
    func tamperingDetected() async throws {
        try await TestDatabase.withDatabase { database in
            let chain = AuditChain(database: database)
            try await Self.append(database, 30, tag: "t")
            try await Self.linkAll(chain)
            #expect(try await chain.verify(logger: TestDatabase.logger).isIntact)
            // Someone with database rights rewrites history: the append-only trigger has to be switched off first.
            try await Self.admin(database, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
            try await Self.admin(
                database,
                "UPDATE audit_log SET after = '{\"n\": 999}' WHERE request_id = 'req-t-17'")
            try await Self.admin(database, "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
            let verification = try await chain.verify(logger: TestDatabase.logger)
            let broken = try #require(verification.broken)
            let rows = try await database.query(
                """
                SELECT c.position FROM audit_chain c JOIN audit_log a ON a.seq = c.audit_seq
                WHERE a.request_id = 'req-t-17'
                """, logger: TestDatabase.logger)
            var position: Int64 = 0
            for try await value in rows.decode(Int64.self) { position = value }
            #expect(broken.position == position)
            #expect(broken.reason.contains("no longer matches"))
            #expect(verification.checked == Int(position) - 1)
        }
    }

    @Test("a link's stored hash replaced directly in SQL breaks the next link")
    func chainTamperingDetected() async throws {
        try await TestDatabase.withDatabase { database in
            let chain = AuditChain(database: database)
            try await Self.append(database, 10, tag: "h")
            try await Self.linkAll(chain)
            try await Self.admin(database, "ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_append_only")
            try await Self.admin(
                database,
                "UPDATE audit_chain SET hash = sha256('forged'::bytea) WHERE position = 4")
            try await Self.admin(database, "ALTER TABLE audit_chain ENABLE TRIGGER audit_chain_append_only")
            let broken = try #require(try await chain.verify(logger: TestDatabase.logger).broken)
            #expect(broken.position == 4)
        }
    }

    @Test("concurrent writers and three concurrent sequencers never fork the chain nor link a row twice")
    func concurrentSequencers() async throws {
        try await TestDatabase.withDatabase { database in
            let chain = AuditChain(database: database)
            try await Self.linkAll(chain)
            let start = try await chain.verify(logger: TestDatabase.logger).checked
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<6 {
                    group.addTask { try await Self.append(database, 40, tag: "w\(writer)") }
                }
                for _ in 0..<3 {
                    group.addTask {
                        for _ in 0..<60 {
                            _ = try await chain.link(batch: 7, now: Self.at, logger: TestDatabase.logger)
                            try await Task.sleep(for: .milliseconds(5))
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await Self.linkAll(chain)
            let verification = try await chain.verify(logger: TestDatabase.logger)
            #expect(verification.isIntact)
            #expect(verification.checked == start + 240)
            let rows = try await database.query(
                """
                SELECT count(*)::bigint, count(DISTINCT audit_seq)::bigint, min(position), max(position)
                FROM audit_chain
                """, logger: TestDatabase.logger)
            for try await (links, distinct, first, last) in rows.decode((Int64, Int64, Int64, Int64).self) {
                #expect(links == distinct)
                #expect(first == 1 && last == links)
            }
        }
    }

    @Test("a row that commits after later rows were linked is linked late, at a later position")
    func lateCommit() async throws {
        try await TestDatabase.withDatabase { database in
            let chain = AuditChain(database: database)
            try await Self.linkAll(chain)
            let (opened, release) = AsyncStream.makeStream(of: Void.self)
            let (written, signal) = AsyncStream.makeStream(of: Void.self)
            let slow = Task {
                try await database.transaction(logger: TestDatabase.logger) { conn in
                    try await Self.audit.append(
                        .init(occurredAt: Self.at, action: "test.slow", entityType: "test", requestID: "slow"),
                        on: conn, logger: TestDatabase.logger)
                    signal.yield()
                    for await _ in opened { break }  // hold the transaction open
                }
            }
            for await _ in written { break }
            try await Self.append(database, 3, tag: "fast")
            try await Self.linkAll(chain)
            let midway = try await chain.verify(logger: TestDatabase.logger)
            #expect(midway.isIntact && midway.pending == 0)  // the open transaction's row is not visible yet
            release.yield()
            try await slow.value
            try await Self.linkAll(chain)
            let final = try await chain.verify(logger: TestDatabase.logger)
            #expect(final.isIntact && final.checked == midway.checked + 1)
        }
    }
}
