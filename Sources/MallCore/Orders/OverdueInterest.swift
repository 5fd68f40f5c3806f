/// Late-payment interest owed on one order as of a day (DOMAIN.md §O5; 保障中小企业款项支付条例 Art 17), for the
/// overdue-orders list.
package struct OverdueInterest: Sendable, Hashable, Codable {
    /// The due date the interest runs from (exclusive).
    package var dueDate: LocalDate
    /// The day the interest is computed for (inclusive), e.g. today or the payment date.
    package var asOf: LocalDate
    /// Calendar days after the due date up to and including `asOf`; 0 when not overdue.
    package var daysOverdue: Int
    /// The daily rate applied.
    package var dailyRate: BasisPoints
    /// The unpaid amount the interest is computed on.
    package var unpaid: Fen
    /// `unpaid × dailyRate × daysOverdue`, rounded half up to the fen once over the whole period.
    package var interest: Fen

    /// Creates a value.
    package init(
        dueDate: LocalDate, asOf: LocalDate, daysOverdue: Int, dailyRate: BasisPoints, unpaid: Fen, interest: Fen
    ) {
        self.dueDate = dueDate
        self.asOf = asOf
        self.daysOverdue = daysOverdue
        self.dailyRate = dailyRate
        self.unpaid = unpaid
        self.interest = interest
    }

    /// Whether the payment is late on `asOf`.
    package var isOverdue: Bool { daysOverdue > 0 }
}
