import Foundation

/// A competition: the posted need and its lifecycle, as a small pure state type (DOMAIN.md §K).
///
/// | from        | step                                  | to                     |
/// |-------------|---------------------------------------|------------------------|
/// | `open`      | `close` at or after the deadline      | `evaluated` / `failed` |
/// | `open`      | `cancel` before the deadline, reason  | `cancelled`            |
/// | `evaluated` | `award` the top-ranked quote, or a lower one with a recorded reason | `awarded` |
///
/// Anything else throws `competition.invalid_transition`. A refused or unsigned award is handled by the
/// unit awarding the next ranked quote with the reason (e.g. "rank 1 declined"); the passed-over suppliers
/// are listed on the award for the credit events of §S1. Who may take each step (the posting unit) is
/// checked by the API.
package struct Competition: Sendable, Equatable {
    /// The competition's id.
    package var id: ID<Competition>
    /// What was posted; fixed once published.
    package private(set) var need: CompetitionNeed
    /// The lifecycle state.
    package private(set) var state: CompetitionState

    /// A competition in `state` (a new one is `open`; storage passes the stored state).
    package init(id: ID<Competition>, need: CompetitionNeed, state: CompetitionState = .open) {
        self.id = id
        self.need = need
        self.state = state
    }

    // MARK: - Quotes (§K1)

    /// Accepts or refuses a quote (DOMAIN.md §K1): `competition.closed` unless the competition is open,
    /// then `CompetitionNeed.admit(_:agreedUnitPrice:)`.
    package func admit(_ quote: CompetitionQuote, agreedUnitPrice: Fen? = nil) throws(DomainError) {
        guard state == .open else {
            throw DomainError(.competitionClosed, "the competition is \(state.status.rawValue): it takes no quotes")
        }
        try need.admit(quote, agreedUnitPrice: agreedUnitPrice)
    }

    // MARK: - Transitions

    /// Closes the competition once the deadline has passed and evaluates it (DOMAIN.md §K2, §K3):
    /// `evaluated` with the result, or `failed` when no quote is valid. Throws
    /// `competition.invalid_transition` when not open or before the deadline (quotes are still sealed),
    /// and `competition.settings_invalid` (state unchanged) for bad settings.
    package mutating func close(
        candidates: [CompetitionCandidate], settings: CompetitionSettings, at now: Date
    ) throws(DomainError) {
        guard state == .open else { throw invalid("close", "it is \(state.status.rawValue)") }
        guard now >= need.deadline else { throw invalid("close", "the deadline has not passed") }
        do throws(DomainError) {
            let result = try CompetitionEvaluation.evaluate(need: need, candidates: candidates, settings: settings)
            state = .evaluated(result, at: now)
        } catch where error.code == .competitionNoValidQuotes {
            state = .failed(CompetitionFailure(reason: error, at: now))
        }
    }

    /// Awards the competition to a ranked supplier (DOMAIN.md §K2, §P5) at its quoted price. The top-ranked
    /// quote needs no reason; a lower one needs a non-blank `reason` (`competition.award_reason_required`).
    /// A supplier not in the ranking answers `competition.supplier_not_ranked`; a competition that is not
    /// `evaluated` answers `competition.invalid_transition`.
    @discardableResult
    package mutating func award(
        to supplierID: ID<Organisation>, reason: String? = nil, at now: Date
    ) throws(DomainError) -> CompetitionAward {
        guard case .evaluated(let result, _) = state else { throw invalid("award", "it is \(state.status.rawValue)") }
        guard let entry = result.entry(for: supplierID) else {
            throw DomainError(
                .competitionSupplierNotRanked, "supplier \(supplierID) has no valid quote in this competition")
        }
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if entry.rank > 1 && (trimmed ?? "").isEmpty {
            throw DomainError(
                .competitionAwardReasonRequired,
                "awarding rank \(entry.rank) instead of rank 1 needs a recorded reason",
                fields: [
                    .init(field: "reason", code: "required", message: "why the better-ranked quotes are passed over")
                ])
        }
        let award = CompetitionAward(
            result: result, awardee: entry, reason: (trimmed ?? "").isEmpty ? nil : trimmed, at: now)
        state = .awarded(award)
        return award
    }

    /// Cancels an open competition before its deadline, with a reason (DOMAIN.md §K). A blank reason is
    /// `request.validation_failed`; after the deadline or in any other state, `competition.invalid_transition`.
    package mutating func cancel(reason: String, at now: Date) throws(DomainError) {
        guard state == .open else { throw invalid("cancel", "it is \(state.status.rawValue)") }
        guard now < need.deadline else { throw invalid("cancel", "the deadline has passed") }
        var validator = Validator()
        validator.text(reason, "reason", maxLength: 2_000)
        try validator.validate()
        state = .cancelled(
            CompetitionCancellation(reason: reason.trimmingCharacters(in: .whitespacesAndNewlines), at: now))
    }

    private func invalid(_ step: String, _ why: String) -> DomainError {
        DomainError(.competitionInvalidTransition, "cannot \(step) competition \(id): \(why)")
    }
}
