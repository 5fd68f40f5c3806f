/// A supplier promotion on a listing (DOMAIN.md §P1 "promotion"): an inclusive date window and an offer.
/// Among the promotions active on the order date the engine applies the single best one — the lowest
/// resulting unit price, the first listed on a tie — and names it in the breakdown by `id`.
package struct Promotion: Sendable, Hashable {
    /// What the promotion offers.
    package enum Offer: Sendable, Hashable {
        /// A percentage off the unit price in force after the quantity tier (0.01 %–99.99 %). The rate is
        /// applied to the whole line, once, half-up to the fen (DOMAIN.md §P2), in the `rounding` step.
        case percentOff(BasisPoints)
        /// A promotional unit price in fen; it applies only when it is below the price in force.
        case fixedUnitPrice(Fen)
    }

    /// A stable identifier shown as the step's `source`, e.g. `SPRING-2026`.
    package var id: String
    /// First day of the window (inclusive).
    package var startsOn: LocalDate
    /// Last day of the window (inclusive).
    package var endsOn: LocalDate
    /// The offer.
    package var offer: Offer

    /// Creates a promotion.
    package init(id: String, startsOn: LocalDate, endsOn: LocalDate, offer: Offer) {
        self.id = id
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.offer = offer
    }

    /// Whether `date` is inside the inclusive window.
    @inline(__always)
    package func isActive(on date: LocalDate) -> Bool {
        !LocalDate.fastLess(date, startsOn) && !LocalDate.fastLess(endsOn, date)
    }
}

extension LocalDate {
    /// `lhs < rhs` by (year, month, day), without computing day numbers.
    @inline(__always)
    static func fastLess(_ lhs: LocalDate, _ rhs: LocalDate) -> Bool {
        if lhs.year != rhs.year { return lhs.year < rhs.year }
        if lhs.month != rhs.month { return lhs.month < rhs.month }
        return lhs.day < rhs.day
    }
}
