import Foundation
import Logging
import MallCore
import PostgresNIO

extension CompetitionStore {
    // MARK: - The deadline close (§K2, §K3)

    /// What one run of the deadline service did.
    package struct CloseReport: Sendable, Equatable {
        package var evaluated = 0
        package var failed = 0

        package init(evaluated: Int = 0, failed: Int = 0) {
            self.evaluated = evaluated
            self.failed = failed
        }
    }

    /// Closes every open competition whose deadline has passed (DOMAIN.md §K2, §K3), each in its own
    /// transaction: the row is locked (`FOR UPDATE SKIP LOCKED`, so several servers share the work and a
    /// competition is closed once), its quotes are read, each quoting supplier's blacklists are checked at
    /// `now` (the check time is stored with the result), and MallCore's `Competition.close` ranks them. The
    /// result (or the failure with every exclusion) is stored and audited as `competition.evaluated` or
    /// `competition.failed`, with no actor (the system). Up to `limit` competitions a run.
    package func closeDue(now: Date, limit: Int = 100, logger: Logger) async throws -> CloseReport {
        var report = CloseReport()
        for _ in 0..<limit {
            let outcome: CompetitionState.Status? = try await database.transaction(logger: logger) { conn in
                let rows = try await conn.query(
                    """
                    SELECT \(unescaped: Self.columns) FROM competitions c \(unescaped: Self.joins)
                    WHERE c.id = (SELECT id FROM competitions WHERE state = 'open' AND deadline <= \(now)
                                  ORDER BY deadline, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                    """, logger: logger)
                guard let record = try await Self.decode(rows).first else { return nil }
                return try await close(record, now: now, on: conn, logger: logger)
            }
            switch outcome {
            case nil: return report
            case .evaluated?: report.evaluated += 1
            default: report.failed += 1
            }
        }
        return report
    }

    /// Evaluates one locked, due competition and stores the outcome.
    private func close(
        _ record: Record, now: Date, on conn: PostgresConnection, logger: Logger
    ) async throws -> CompetitionState.Status {
        let quotes = try await quotes(competitionID: record.id, on: conn, logger: logger)
        let checks = try await blacklistChecks(
            suppliers: Array(Set(quotes.map(\.supplierID))), at: now, on: conn, logger: logger)
        var agreed: [ID<Organisation>: Fen] = [:]
        if record.method == .secondBidding {
            let rows = try await conn.query(
                """
                SELECT supplier_id, agreed_unit_price_fen FROM competition_invitations
                WHERE competition_id = \(record.id) AND agreed_unit_price_fen IS NOT NULL
                """, logger: logger)
            for try await (supplier, price) in rows.decode((ID<Organisation>, Fen).self) { agreed[supplier] = price }
        }
        let candidates = quotes.map { quote in
            CompetitionCandidate(
                quote: quote.quote, blacklist: checks[quote.supplierID] ?? .clear(at: now),
                agreedUnitPrice: agreed[quote.supplierID])
        }
        var competition = record.competition
        try competition.close(candidates: candidates, settings: record.settings, at: now)
        let stored: StoredResult
        let failure: String?
        switch competition.state {
        case .evaluated(let result, _):
            stored = StoredResult(result)
            failure = nil
        case .failed(let reason):
            // The exclusions of a failed evaluation: every quote with its reason.
            let excluded = candidates.map { candidate in
                CompetitionResult.Exclusion(
                    quoteID: candidate.quote.id, supplierID: candidate.quote.supplierID,
                    quotedFen: candidate.quote.totalFen,
                    reason: candidate.blacklist.isBlacklisted
                        ? .blacklisted(lists: candidate.blacklist.listedOn)
                        : .refused(
                            record.need.refusal(of: candidate.quote, agreedUnitPrice: candidate.agreedUnitPrice)
                                ?? .notPositive),
                    blacklistCheckedAt: candidate.blacklist.checkedAt)
            }
            stored = StoredResult(failedWith: excluded, smeDeduction: record.smeDeduction)
            failure = quotes.isEmpty ? "no quote was submitted" : reason.reason.message
        default:
            throw DomainError(.competitionInvalidTransition, "competition \(record.id) did not close")
        }
        let status = competition.state.status
        let json = String(decoding: try Self.encoder.encode(stored), as: UTF8.self)
        try await conn.query(
            """
            UPDATE competitions SET state = \(status.rawValue), evaluated_at = \(now), result = \(json)::jsonb,
                   failure_reason = \(failure), version = version + 1, updated_at = \(now)
            WHERE id = \(record.id)
            """, logger: logger)
        guard let after = try await lock(id: record.id, on: conn, logger: logger) else {
            throw DomainError.notFound("competition \(record.id)")
        }
        try await audit.append(
            entry(
                status == .evaluated ? "competition.evaluated" : "competition.failed", after, actor: nil, now: now,
                requestID: nil, before: Self.snapshot(record),
                after: Self.snapshot(after).merging([
                    "quotes": .int(Int64(quotes.count)), "ranked": .int(Int64(stored.ranking.count)),
                    "winnerSupplierId": stored.ranking.first.map { .string($0.supplierId) } ?? .null,
                ]) { $1 }), on: conn, logger: logger)
        return status
    }
}
