/// One past or new purchase of a unit, as the splitting detectors (DOMAIN.md §T) need it: plain values the
/// order store reads from its history.
package struct PurchaseRecord: Sendable, Hashable {
    /// The order.
    package var orderID: ID<Order>
    /// The purchasing unit.
    package var unitID: ID<Organisation>
    /// The 品目 code of the purchase (2022 edition), e.g. `A02010105`.
    package var categoryCode: String
    /// The budget project the purchase is paid from.
    package var budgetProject: String
    /// The fiscal year of the budget.
    package var fiscalYear: Int
    /// The amount bought.
    package var amount: Fen
    /// The day the order was placed.
    package var placedOn: LocalDate
    /// How it was bought.
    package var method: ProcurementMethod

    /// Creates a record.
    package init(
        orderID: ID<Order>, unitID: ID<Organisation>, categoryCode: String, budgetProject: String, fiscalYear: Int,
        amount: Fen, placedOn: LocalDate, method: ProcurementMethod
    ) {
        self.orderID = orderID
        self.unitID = unitID
        self.categoryCode = categoryCode
        self.budgetProject = budgetProject
        self.fiscalYear = fiscalYear
        self.amount = amount
        self.placedOn = placedOn
        self.method = method
    }
}
