import Crypto
import Foundation
import Logging
import MallCore
import PostgresNIO

/// The hash chain over the audit log (DOMAIN.md §X1, Schema/0004_audit_chain.sql):
/// `hash(n) = SHA-256(hash(n − 1) ‖ audit_canonical(row))`, `hash(0)` = 32 zero bytes.
///
/// ``link(batch:now:logger:)`` is the sequencer's step: it takes queued rows in `seq` order and appends their
/// links under an advisory lock, so any number of servers may run it and the chain stays one line.
/// ``verify(logger:)`` recomputes every link and names the first one that does not hold.
package struct AuditChain: Sendable {
    package let database: Database

    package init(database: Database) { self.database = database }

    /// The advisory lock key of the sequencer (`hashtext('govmall.audit_chain')` would do as well; a constant
    /// is easier to find in `pg_locks`).
    static let lockKey: Int64 = 0x676F_6D61_6C6C_0001

    /// `hash(0)`.
    package static let genesis = [UInt8](repeating: 0, count: 32)

    /// One link's hash.
    package static func hash(previous: [UInt8], canonical: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: Array(canonical.utf8))
        return Array(hasher.finalize())
    }

    /// Links up to `batch` queued rows; returns how many (0 when the queue is empty or another server holds the
    /// sequencer's lock).
    @discardableResult
    package func link(batch: Int = 1_000, now: Date, logger: Logger) async throws -> Int {
        try await database.transaction(logger: logger) { conn in
            let locked = try await conn.query("SELECT pg_try_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            for try await got in locked.decode(Bool.self) where !got { return 0 }
            let rows = try await conn.query(
                """
                WITH taken AS (
                    DELETE FROM audit_pending WHERE seq IN (SELECT seq FROM audit_pending ORDER BY seq LIMIT \(batch))
                    RETURNING seq
                )
                SELECT a.seq, audit_canonical(a) FROM audit_log a JOIN taken t ON t.seq = a.seq ORDER BY a.seq
                """, logger: logger)
            var queued: [(seq: Int64, canonical: String)] = []
            for try await (seq, canonical) in rows.decode((Int64, String).self) { queued.append((seq, canonical)) }
            guard !queued.isEmpty else { return 0 }
            var position: Int64 = 0
            var previous = Self.genesis
            let tail = try await conn.query(
                "SELECT position, hash FROM audit_chain ORDER BY position DESC LIMIT 1", logger: logger)
            for try await (last, hash) in tail.decode((Int64, ByteBuffer).self) {
                position = last
                previous = Array(hash.readableBytesView)
            }
            var positions: [Int64] = []
            var seqs: [Int64] = []
            var previousHex: [String] = []
            var hashHex: [String] = []
            for row in queued {
                let hash = Self.hash(previous: previous, canonical: row.canonical)
                position += 1
                positions.append(position)
                seqs.append(row.seq)
                previousHex.append(previous.hexString)
                hashHex.append(hash.hexString)
                previous = hash
            }
            try await conn.query(
                """
                INSERT INTO audit_chain (position, prev_position, audit_seq, prev_hash, hash, chained_at)
                SELECT p, nullif(p - 1, 0), s, decode(ph, 'hex'), decode(h, 'hex'), \(now)
                FROM unnest(\(positions)::bigint[], \(seqs)::bigint[], \(previousHex)::text[], \(hashHex)::text[])
                     AS x(p, s, ph, h)
                """, logger: logger)
            return queued.count
        }
    }

    /// What ``verify(logger:)`` found.
    package struct Verification: Sendable, Equatable {
        /// Links checked, in order.
        package var checked: Int
        /// The first link that does not hold, if any.
        package var broken: Broken?
        /// Rows written but not linked yet, and when the oldest of them was written (the sequencer's lag).
        package var pending: Int
        package var oldestPendingAt: Date?

        package var isIntact: Bool { broken == nil }
    }

    /// A link that does not hold.
    package struct Broken: Sendable, Equatable, CustomStringConvertible {
        package var position: Int64
        package var auditSeq: Int64
        package var reason: String

        package var description: String { "link \(position) (audit row seq \(auditSeq)): \(reason)" }
    }

    /// Walks the whole chain from position 1, recomputing each hash from the audit row as it is now.
    package func verify(logger: Logger) async throws -> Verification {
        try await database.withConnection { conn in
            let rows = try await conn.query(
                """
                SELECT c.position, c.audit_seq, c.prev_hash, c.hash, audit_canonical(a)
                FROM audit_chain c LEFT JOIN audit_log a ON a.seq = c.audit_seq
                ORDER BY c.position
                """, logger: logger)
            var result = Verification(checked: 0, broken: nil, pending: 0, oldestPendingAt: nil)
            var expectedPosition: Int64 = 1
            var previous = Self.genesis
            for try await (position, seq, storedPrevious, stored, canonical) in rows.decode(
                (Int64, Int64, ByteBuffer, ByteBuffer, String?).self)
            {
                let storedPrevious = Array(storedPrevious.readableBytesView)
                let stored = Array(stored.readableBytesView)
                func broken(_ reason: String) -> Broken { Broken(position: position, auditSeq: seq, reason: reason) }
                if position != expectedPosition {
                    result.broken = broken("expected position \(expectedPosition): the chain has a gap")
                } else if storedPrevious != previous {
                    result.broken = broken("its previous hash is not the hash of link \(position - 1)")
                } else if let canonical {
                    if Self.hash(previous: previous, canonical: canonical) != stored {
                        result.broken = broken("the audit row no longer matches its hash (changed after it was written)")
                    }
                } else {
                    result.broken = broken("the audit row is missing")
                }
                if result.broken != nil { break }
                result.checked += 1
                previous = stored
                expectedPosition += 1
            }
            let pending = try await conn.query(
                """
                SELECT count(*)::bigint, min(a.occurred_at) FROM audit_pending p JOIN audit_log a ON a.seq = p.seq
                """, logger: logger)
            for try await (count, oldest) in pending.decode((Int64, Date?).self) {
                result.pending = Int(count)
                result.oldestPendingAt = oldest
            }
            return result
        }
    }
}
