extension DomainError.Code {
    // MARK: - Order lifecycle (DOMAIN.md §O2)
    /// No party may cause this event in the order's current state (DOMAIN.md §O2).
    package static let orderInvalidTransition = Self("order.invalid_transition")
    /// The event is possible in this state, but only for the other party (DOMAIN.md §O2: right role only).
    package static let orderTransitionForbidden = Self("order.transition_forbidden")
    /// A payment must settle exactly the order total (DOMAIN.md §O2, §O5).
    package static let paymentAmountMismatch = Self("order.payment_amount_mismatch")

    // MARK: - Payment terms (DOMAIN.md §O5)
    /// A contract with an SME supplier agrees a payment term longer than the legal maximum (default 60 days;
    /// 保障中小企业款项支付条例 Art 9).
    package static let paymentTermTooLong = Self("order.payment_term_too_long")

    // MARK: - Direct purchase (DOMAIN.md §O3)
    /// A direct-purchase order is above the direct purchase max of its region and category; the unit must run a
    /// competition instead (DOMAIN.md §O3).
    package static let directPurchaseLimitExceeded = Self("order.direct_purchase_limit_exceeded")
}

extension DomainError.Code {
    // MARK: - Splitting exemptions (DOMAIN.md §T1)

    /// The group already has a pending or approved exemption (DOMAIN.md §T1).
    package static let splitExemptionDuplicate = Self("split_exemption.duplicate")
    /// The exemption was approved or rejected already (DOMAIN.md §T1).
    package static let splitExemptionNotPending = Self("split_exemption.not_pending")
}
