extension PurchaseRecord {
    /// What the splitting detectors need of one order besides its lines (DOMAIN.md §T).
    package struct OrderFacts: Sendable, Hashable {
        package var orderID: ID<Order>
        package var unitID: ID<Organisation>
        package var budgetProject: String
        package var fiscalYear: Int
        package var placedOn: LocalDate
        package var method: ProcurementMethod

        /// Creates the facts.
        package init(
            orderID: ID<Order>, unitID: ID<Organisation>, budgetProject: String, fiscalYear: Int, placedOn: LocalDate,
            method: ProcurementMethod
        ) {
            self.orderID = orderID
            self.unitID = unitID
            self.budgetProject = budgetProject
            self.fiscalYear = fiscalYear
            self.placedOn = placedOn
            self.method = method
        }
    }

    /// The §T1 records of one order: one per second-level category group its lines fall in, each carrying the
    /// group's code and the sum of those lines' totals (goods and fees). An order whose lines span two groups
    /// counts towards each group with its own lines only, so no amount is counted twice, and one record per
    /// (order, group) keeps the detector's "a record listed twice counts once" rule exact. Groups come out in
    /// code order.
    package static func thresholdRecords(
        of order: OrderFacts, lines: [(categoryCode: String, total: Fen)]
    ) -> [PurchaseRecord] {
        var sums: [String: Fen] = [:]
        for line in lines { sums[SplitGroup.secondLevelParent(of: line.categoryCode), default: .zero] += line.total }
        return sums.keys.sorted().map { group in
            PurchaseRecord(
                orderID: order.orderID, unitID: order.unitID, categoryCode: group, budgetProject: order.budgetProject,
                fiscalYear: order.fiscalYear, amount: sums[group] ?? .zero, placedOn: order.placedOn,
                method: order.method)
        }
    }

    /// The §T2 record of one order: the order total (what the direct purchase max of §O3 binds), under the
    /// category that carries most of the order's amount (the lowest code on a tie), since §T2 compares orders
    /// "in one category". `nil` for an order without lines.
    package static func nearLimitRecord(
        of order: OrderFacts, lines: [(categoryCode: String, total: Fen)]
    ) -> PurchaseRecord? {
        var sums: [String: Fen] = [:]
        for line in lines { sums[line.categoryCode, default: .zero] += line.total }
        guard
            let main = sums.min(by: { a, b in a.value != b.value ? a.value > b.value : a.key < b.key })?.key
        else { return nil }
        let total = lines.reduce(Fen.zero) { $0 + $1.total }
        return PurchaseRecord(
            orderID: order.orderID, unitID: order.unitID, categoryCode: main, budgetProject: order.budgetProject,
            fiscalYear: order.fiscalYear, amount: total, placedOn: order.placedOn, method: order.method)
    }
}
