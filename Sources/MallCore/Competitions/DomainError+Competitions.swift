extension DomainError.Code {
    // MARK: - Competitions (DOMAIN.md §K, §F7)

    /// Competition settings are out of range, e.g. an SME deduction outside 10 %–20 % (DOMAIN.md §K2,
    /// 财库〔2022〕19号); `fields` lists every problem.
    package static let competitionSettingsInvalid = Self("competition.settings_invalid")
    /// The deadline is earlier than the minimum response time allows (DOMAIN.md §K1, §F7, §W1).
    package static let competitionDeadlineTooEarly = Self("competition.deadline_too_early")
    /// A quote arrived at or after the deadline, or the competition is no longer open (DOMAIN.md §K1).
    package static let competitionClosed = Self("competition.closed")
    /// A quote's total is above the need's budget ceiling (DOMAIN.md §K1).
    package static let competitionQuoteAboveCeiling = Self("competition.quote_above_ceiling")
    /// A quote is above the supplier's agreed price under a framework agreement (DOMAIN.md §K1, §F7, §P3).
    package static let competitionQuoteAboveAgreedPrice = Self("competition.quote_above_agreed_price")
    /// A second-bidding quote came from a supplier without an agreed price on the agreement (DOMAIN.md §F5, §F7).
    package static let competitionSupplierNotAdmitted = Self("competition.supplier_not_admitted")
    /// No quote survived evaluation: the competition failed (DOMAIN.md §K2, §K3).
    package static let competitionNoValidQuotes = Self("competition.no_valid_quotes")
    /// The lifecycle does not allow this step in the current state (DOMAIN.md §K).
    package static let competitionInvalidTransition = Self("competition.invalid_transition")
    /// The award names a supplier that is not in the ranking (excluded or never quoted) (DOMAIN.md §K2, §K3).
    package static let competitionSupplierNotRanked = Self("competition.supplier_not_ranked")
    /// Awarding below the top-ranked quote needs a recorded reason (DOMAIN.md §K2).
    package static let competitionAwardReasonRequired = Self("competition.award_reason_required")

    /// The offered listing cannot be quoted in this competition: not the supplier's own, not approved, of
    /// another category, flagged for its price (§C3) or not delivering to the unit's region.
    package static let competitionListingNotEligible = Self("competition.listing_not_eligible")
    /// The supplier is on a credit blacklist and cannot be awarded (DOMAIN.md §K3).
    package static let competitionSupplierBlacklisted = Self("competition.supplier_blacklisted")
    /// A blacklist entry was already lifted.
    package static let blacklistEntryLifted = Self("blacklist.entry_lifted")
}
