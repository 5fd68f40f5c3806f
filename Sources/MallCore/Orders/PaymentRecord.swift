/// The unit's payment of an accepted order (DOMAIN.md §O2, §O5): the amount must be the order total.
///
/// Overdue interest (§O5) is a separate claim, listed by `PaymentTermsPolicy.overdueInterest`; it is not part of
/// this amount.
package struct PaymentRecord: Sendable, Hashable, Codable {
    /// The amount paid; must equal `OrderLifecycle.total`.
    package var amount: Fen
    /// The day of payment; not before the acceptance date.
    package var date: LocalDate

    /// Creates a record.
    package init(amount: Fen, date: LocalDate) {
        self.amount = amount
        self.date = date
    }
}
