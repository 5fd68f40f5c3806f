import Foundation

/// A typed event that may deduct points from a supplier's credit score (DOMAIN.md §S1). What each kind
/// deducts is `CreditScore.deduction(for:settings:)`.
package struct CreditEvent: Sendable, Hashable {
    /// The event's id.
    package var id: ID<CreditEvent>
    /// When it happened; its China date's year is the score year it counts in.
    package var occurredAt: Date
    /// What happened.
    package var kind: Kind
    /// What it refers to (an order number, a competition id…), for the explanation.
    package var reference: String?

    /// Creates an event.
    package init(id: ID<CreditEvent>, occurredAt: Date, kind: Kind, reference: String? = nil) {
        self.id = id
        self.occurredAt = occurredAt
        self.kind = kind
        self.reference = reference
    }

    /// The kinds of credit event (DOMAIN.md §S1).
    package enum Kind: Sendable, Hashable {
        /// The unit's rating after acceptance (§O7); deducts when the average is poor.
        case rating(CreditRating)
        /// A listing priced above its reference price was delisted after the grace period (§C3).
        case priceViolation
        /// The supplier refused or did not sign an award it won (§K, §F10).
        case refusedAward
        /// Delivery this many calendar days after the agreed date (§O2); 0 or less is on time.
        case lateDelivery(daysLate: Int)
        /// Acceptance (履约验收) failed (§O2).
        case acceptanceFailed
        /// A deduction the operator imposed with a recorded reason (e.g. a false SME declaration); the points
        /// count clamped to 0–100.
        case operatorDeduction(points: Int, reason: String)
    }
}

/// A unit's rating of a supplier after acceptance (DOMAIN.md §O7): delivery, quality and service, each 1–5.
package struct CreditRating: Sendable, Hashable {
    /// Delivery, 1–5.
    package let delivery: Int
    /// Quality, 1–5.
    package let quality: Int
    /// Service, 1–5.
    package let service: Int

    /// The accepted range of each mark.
    package static let marks: ClosedRange<Int> = 1...5

    /// A rating; throws `request.validation_failed` listing every mark outside 1–5.
    package init(delivery: Int, quality: Int, service: Int) throws(DomainError) {
        var validator = Validator()
        for (field, mark) in [("delivery", delivery), ("quality", quality), ("service", service)] {
            validator.check(Self.marks.contains(mark), field, "out_of_range", "\(field) is rated 1 to 5")
        }
        try validator.validate()
        self.delivery = delivery
        self.quality = quality
        self.service = service
    }

    /// delivery + quality + service (3–15); the average is `sum / 3`, compared exactly as `sum < 3 × bound`.
    package var sum: Int { delivery + quality + service }
}
