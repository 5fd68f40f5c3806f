import Foundation

/// A quote as evaluation sees it: the quote, the supplier's blacklist check and, under a framework
/// agreement, its agreed unit price (DOMAIN.md §K2, §K3, §F7).
package struct CompetitionCandidate: Sendable, Equatable, Hashable {
    /// The quote.
    package var quote: CompetitionQuote
    /// The supplier's blacklist check, made after the deadline by the caller (§K3).
    package var blacklist: BlacklistCheck
    /// The supplier's agreed unit price under the FA, if any (§F7).
    package var agreedUnitPrice: Fen?

    /// Creates a candidate.
    package init(quote: CompetitionQuote, blacklist: BlacklistCheck, agreedUnitPrice: Fen? = nil) {
        self.quote = quote
        self.blacklist = blacklist
        self.agreedUnitPrice = agreedUnitPrice
    }
}

/// Evaluation of a closed competition (DOMAIN.md §K2, §K3, §P5): a pure function of the need, the candidates
/// and the settings; the order of the candidates does not matter.
package enum CompetitionEvaluation {
    /// Ranks the quotes and returns the result (DOMAIN.md §K2, §K3, §P5).
    ///
    /// 1. Each candidate is re-checked against §K1 (`CompetitionNeed.refusal(of:agreedUnitPrice:)`) and
    ///    excluded when refused; then excluded when its blacklist check lists the supplier (§K3).
    /// 2. Of one supplier's remaining quotes only the latest counts (latest `submittedAt`, then highest quote
    ///    id); the others are excluded as superseded.
    /// 3. Evaluated price = quoted × (1 − `settings.smeDeduction`), half-up, when
    ///    `SMEPriceDeduction.qualifies(…)`; otherwise the quoted price.
    /// 4. Ranked by evaluated price ascending, ties broken as `CompetitionResult.TieBreak` documents.
    ///
    /// Throws `competition.settings_invalid` for a deduction outside 10 %–20 %, and
    /// `competition.no_valid_quotes` when nothing is left (the competition failed; `fields` lists each
    /// exclusion as `quotes.<quote id>` with the reason's code).
    package static func evaluate(
        need: CompetitionNeed, candidates: [CompetitionCandidate], settings: CompetitionSettings
    ) throws(DomainError) -> CompetitionResult {
        try settings.validate()
        var exclusions: [CompetitionResult.Exclusion] = []
        func exclude(_ candidate: CompetitionCandidate, _ reason: CompetitionResult.Exclusion.Reason) {
            exclusions.append(
                .init(
                    quoteID: candidate.quote.id, supplierID: candidate.quote.supplierID,
                    quotedFen: candidate.quote.totalFen, reason: reason,
                    blacklistCheckedAt: candidate.blacklist.checkedAt))
        }

        // 1. §K1 refusals and §K3 blacklist.
        var latestBySupplier: [ID<Organisation>: CompetitionCandidate] = [:]
        var admissible: [CompetitionCandidate] = []
        for candidate in candidates {
            if let refusal = need.refusal(of: candidate.quote, agreedUnitPrice: candidate.agreedUnitPrice) {
                exclude(candidate, .refused(refusal))
            } else if candidate.blacklist.isBlacklisted {
                exclude(candidate, .blacklisted(lists: candidate.blacklist.listedOn))
            } else {
                admissible.append(candidate)
                let supplier = candidate.quote.supplierID
                if let current = latestBySupplier[supplier], !isLater(candidate.quote, than: current.quote) {
                    continue
                }
                latestBySupplier[supplier] = candidate
            }
        }
        // 2. One quote per supplier.
        for candidate in admissible {
            if let latest = latestBySupplier[candidate.quote.supplierID], latest.quote.id != candidate.quote.id {
                exclude(candidate, .superseded(by: latest.quote.id))
            }
        }
        exclusions.sort { lhs, rhs in
            (lhs.supplierID.description, lhs.quoteID.description) < (
                rhs.supplierID.description, rhs.quoteID.description
            )
        }

        // 3. Evaluated prices.
        let entries = latestBySupplier.values.map { candidate -> CompetitionResult.RankedQuote in
            let quote = candidate.quote
            let applies = SMEPriceDeduction.qualifies(
                supplierSize: quote.supplierSize, manufacturerSizes: quote.manufacturerSizes, subject: need.subject)
            let deduction = applies ? settings.smeDeduction : .zero
            return .init(
                rank: 0, quoteID: quote.id, supplierID: quote.supplierID, quotedFen: quote.totalFen,
                evaluatedFen: applies
                    ? SMEPriceDeduction.evaluatedPrice(quoted: quote.totalFen, deduction: deduction) : quote.totalFen,
                deductionApplied: applies, deduction: deduction, submittedAt: quote.submittedAt,
                blacklistCheckedAt: candidate.blacklist.checkedAt, tieBreak: nil)
        }

        // 4. Ranking with the deterministic tie-break.
        var ranking = entries.sorted { ranksBefore($0, $1) }
        for index in ranking.indices {
            ranking[index].rank = index + 1
            if index > 0, ranking[index].evaluatedFen == ranking[index - 1].evaluatedFen {
                ranking[index].tieBreak = tieBreak(between: ranking[index - 1], and: ranking[index])
            }
        }

        guard
            let result = CompetitionResult(
                ranking: ranking, exclusions: exclusions, smeDeduction: settings.smeDeduction)
        else {
            throw DomainError(
                .competitionNoValidQuotes,
                candidates.isEmpty
                    ? "no quote was received: the competition failed"
                    : "none of the \(candidates.count) quote(s) is valid: the competition failed",
                fields: exclusions.map {
                    .init(field: "quotes.\($0.quoteID)", code: $0.reason.code, message: $0.reason.message)
                })
        }
        return result
    }

    /// Whether `a` replaces `b` as the supplier's quote: later submission, then the higher quote id.
    private static func isLater(_ a: CompetitionQuote, than b: CompetitionQuote) -> Bool {
        if a.submittedAt != b.submittedAt { return a.submittedAt > b.submittedAt }
        return a.id.description > b.id.description
    }

    /// The §K2 order: evaluated price, then `TieBreak` in declaration order.
    private static func ranksBefore(_ a: CompetitionResult.RankedQuote, _ b: CompetitionResult.RankedQuote) -> Bool {
        if a.evaluatedFen != b.evaluatedFen { return a.evaluatedFen < b.evaluatedFen }
        if a.quotedFen != b.quotedFen { return a.quotedFen < b.quotedFen }
        if a.submittedAt != b.submittedAt { return a.submittedAt < b.submittedAt }
        if a.supplierID != b.supplierID { return a.supplierID.description < b.supplierID.description }
        return a.quoteID.description < b.quoteID.description
    }

    /// The first rule that separates two entries with equal evaluated prices.
    private static func tieBreak(
        between a: CompetitionResult.RankedQuote, and b: CompetitionResult.RankedQuote
    ) -> CompetitionResult.TieBreak {
        if a.quotedFen != b.quotedFen { return .quotedPrice }
        if a.submittedAt != b.submittedAt { return .submittedAt }
        if a.supplierID != b.supplierID { return .supplierID }
        return .quoteID
    }
}
