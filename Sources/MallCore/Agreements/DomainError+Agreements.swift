extension DomainError.Code {
    // MARK: - Framework agreements (DOMAIN.md §F)

    /// A framework agreement buys goods or services, never works (DOMAIN.md §F1).
    package static let agreementWorksRefused = Self("agreement.works_refused")
    /// The term is longer than the subject allows and no reason was recorded (DOMAIN.md §F1, numbers table).
    package static let agreementTermTooLong = Self("agreement.term_too_long")
    /// The lifecycle does not allow this step in the agreement's state (draft → soliciting → evaluating →
    /// active → expired | terminated).
    package static let agreementInvalidTransition = Self("agreement.invalid_transition")
    /// The requirements are frozen: edits after the solicitation opened are refused and audited (DOMAIN.md §F4).
    package static let agreementFrozen = Self("agreement.frozen")
    /// A stage-1 bid is above the lot's max unit price (DOMAIN.md §F2).
    package static let agreementBidAboveMaxPrice = Self("agreement.bid_above_max_price")
    /// Stage-1 responses are only taken while the agreement is soliciting (or a supplementary call is open).
    package static let agreementNotSoliciting = Self("agreement.not_soliciting")
    /// Admission would admit every valid bidder, which Order 110 forbids (资格入围, DOMAIN.md §F3).
    package static let agreementAdmitAllRefused = Self("agreement.admit_all_refused")
    /// Too few valid bids to admit anyone while eliminating at least one (DOMAIN.md §F3).
    package static let agreementTooFewBids = Self("agreement.too_few_bids")
    /// Quality-priority evaluation needs a score for every valid bid (DOMAIN.md §F1, §F2).
    package static let agreementScoreMissing = Self("agreement.score_missing")
    /// The agreement is not active: no stage-2 orders, price changes or membership changes (DOMAIN.md §F5).
    package static let agreementNotActive = Self("agreement.not_active")
    /// A stage-2 order names a supplier not admitted and active on the agreement (DOMAIN.md §F5).
    package static let agreementSupplierNotAdmitted = Self("agreement.supplier_not_admitted")
    /// The unit asked for a stage-2 method other than the one the agreement fixes (DOMAIN.md §F9).
    package static let agreementMethodFixed = Self("agreement.method_fixed")
    /// The method the agreement fixes for this amount is not placed through the stage-2 order endpoint: second
    /// bidding is a competition, posted at `POST /api/v1/agreements/{id}/second-biddings` (DOMAIN.md §F7).
    package static let agreementMethodUnsupported = Self("agreement.method_unsupported")
    /// No supplier is left to take a rotation order (DOMAIN.md §F8).
    package static let agreementRotationExhausted = Self("agreement.rotation_exhausted")
    /// A supplier may lower its agreed price, never raise it (DOMAIN.md §P4).
    package static let agreementPriceIncreaseRefused = Self("agreement.price_increase_refused")
    /// A replacement product must not cost more than the product it replaces (DOMAIN.md §F11).
    package static let agreementReplacementPriceAbove = Self("agreement.replacement_price_above")
    /// The membership rules of the agreement's kind forbid this step (DOMAIN.md §F10).
    package static let agreementMembershipRefused = Self("agreement.membership_refused")
    /// The request (application, withdrawal, replacement) was already decided.
    package static let agreementAlreadyDecided = Self("agreement.already_decided")
}
