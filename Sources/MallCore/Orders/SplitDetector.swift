/// The two splitting detectors of DOMAIN.md §T (化整为零, 政府采购法实施条例 Art 28), as pure functions over a unit's
/// order history. Each is run when an order is placed, with that order as `newOrder`; the numbers are
/// configuration with DOMAIN.md's defaults.
package struct SplitDetector: Sendable, Hashable {
    /// 公开招标数额标准 for goods and services (default 2 000 000 yuan ✔ 国办发〔2019〕55号, central).
    package var publicTenderThreshold: Fen
    /// 采购限额标准 for goods and services (default 1 000 000 yuan ✔ 国办发〔2019〕55号, central).
    package var procurementThreshold: Fen
    /// §T2: how many near-limit orders raise a warning (default K = 3).
    package var nearLimitCount: Int
    /// §T2: the window, in calendar days, the orders must fall in (default D = 30).
    package var nearLimitWindowDays: Int
    /// §T2: how far below the direct purchase max an order counts as "just under" (default 10 % = 1 000 bp).
    package var nearLimitMargin: BasisPoints

    /// Creates a detector with DOMAIN.md's defaults.
    package init(
        publicTenderThreshold: Fen = .yuan(2_000_000), procurementThreshold: Fen = .yuan(1_000_000),
        nearLimitCount: Int = 3, nearLimitWindowDays: Int = 30, nearLimitMargin: BasisPoints = .percent(10)
    ) {
        self.publicTenderThreshold = publicTenderThreshold
        self.procurementThreshold = procurementThreshold
        self.nearLimitCount = nearLimitCount
        self.nearLimitWindowDays = nearLimitWindowDays
        self.nearLimitMargin = nearLimitMargin
    }

    /// Throws `config.invalid` unless K ≥ 1, D ≥ 1, the margin is 0–100 % and the thresholds are positive.
    package func validate() throws(DomainError) {
        guard nearLimitCount >= 1, nearLimitWindowDays >= 1, nearLimitMargin >= .zero, nearLimitMargin <= .whole,
            publicTenderThreshold > .zero, procurementThreshold > .zero
        else { throw DomainError(.configInvalid, "splitting detection settings are out of range (DOMAIN.md §T)") }
    }

    /// Both detectors for a newly placed order: §T1 (with the exempted groups) and §T2 (with the direct
    /// purchase max that applies to the order, from `DirectPurchaseLimits.limit`).
    package func warnings(
        for newOrder: PurchaseRecord, history: [PurchaseRecord], exemptions: Set<SplitGroup> = [],
        directPurchaseMax: Fen
    ) -> [SplitWarning] {
        [
            thresholdWarning(for: newOrder, history: history, exemptions: exemptions),
            nearLimitWarning(for: newOrder, history: history, directPurchaseMax: directPurchaseMax),
        ].compactMap { $0 }
    }

    // MARK: - §T1

    /// §T1: the `split_suspected` warning when `newOrder` makes its group's non-tender total **reach** a threshold
    /// (sum before < threshold ≤ sum after; "达到…以上" includes the amount itself), or `nil`.
    ///
    /// - The group is (unit, fiscal year, second-level category parent, budget project) (`SplitGroup`); history
    ///   records of other groups, tenders and the new order itself (by id) are ignored, so the caller may pass
    ///   the unit's whole history. A record listed twice counts once.
    /// - Raised **once**: only the order that makes the sum cross warns; later orders of a group already above the
    ///   threshold do not (the first warning already lists the group). When one order crosses both thresholds,
    ///   one warning names the higher one.
    /// - A tender order never warns, and nothing warns for an exempted group.
    /// - The order of `history` does not matter.
    package func thresholdWarning(
        for newOrder: PurchaseRecord, history: [PurchaseRecord], exemptions: Set<SplitGroup> = []
    ) -> SplitWarning? {
        guard newOrder.method.countsTowardsSplitting else { return nil }
        let group = SplitGroup(newOrder)
        guard !exemptions.contains(group) else { return nil }
        var seen: Set<ID<Order>> = [newOrder.orderID]
        var contributing = [newOrder]
        var before = Fen.zero
        for record in history
        where record.method.countsTowardsSplitting && SplitGroup(record) == group
            && seen.insert(record.orderID).inserted
        {
            contributing.append(record)
            before += record.amount
        }
        let after = before + newOrder.amount
        let thresholds: [(SplitWarning.Threshold, Fen)] = [
            (.publicTender, publicTenderThreshold), (.procurement, procurementThreshold),
        ]
        guard
            let (threshold, amount) = thresholds.sorted(by: { $0.1 > $1.1 })
                .first(where: { before < $0.1 && $0.1 <= after })
        else { return nil }
        let name = threshold == .publicTender ? "public tender threshold (公开招标数额标准)" : "procurement threshold (采购限额标准)"
        return SplitWarning(
            kind: .splitSuspected, rule: "§T1", threshold: threshold, thresholdAmount: amount, sum: after,
            unitID: newOrder.unitID, triggeredBy: newOrder.orderID, orderIDs: Self.sortedIDs(contributing),
            message: "suspected splitting (§T1): order \(newOrder.orderID) brings the non-tender purchases of "
                + "\(group) to \(after) yuan in \(contributing.count) orders, reaching the \(name) of \(amount) yuan; "
                + "attach an exemption (budget adjusted, approved) if the purchases are legitimately separate")
    }

    // MARK: - §T2

    /// Whether `amount` is "just under" `max`: at most `max` and at least `max × (100 % − margin)`, compared
    /// exactly in integers (no rounding).
    package func isNearLimit(_ amount: Fen, max: Fen) -> Bool {
        amount <= max
            && Int128(amount.rawValue) * 10_000 >= Int128(max.rawValue) * Int128(nearLimitMargin.complement.rawValue)
    }

    /// §T2: the `split_suspected_near_limit` warning when `newOrder` is a direct purchase just under
    /// `directPurchaseMax` and, with it, at least `nearLimitCount` such direct purchases of the same unit in the
    /// same category (exact 品目 code) fall within `nearLimitWindowDays` consecutive calendar days (the first and
    /// last at most D − 1 days apart), or `nil`.
    ///
    /// The window chosen contains the new order and holds the most such orders (the earliest such window on a
    /// tie); the warning lists them all. Each further near-limit order inside a window warns again with the
    /// longer list, since it is further evidence. Only direct purchases count: the max does not bind other
    /// methods. The order of `history` does not matter; a record listed twice counts once.
    package func nearLimitWarning(
        for newOrder: PurchaseRecord, history: [PurchaseRecord], directPurchaseMax: Fen
    ) -> SplitWarning? {
        guard newOrder.method == .directPurchase, isNearLimit(newOrder.amount, max: directPurchaseMax) else {
            return nil
        }
        let day = newOrder.placedOn.dayNumber
        let span = nearLimitWindowDays - 1
        var seen: Set<ID<Order>> = [newOrder.orderID]
        var candidates = [newOrder]
        for record in history
        where record.method == .directPurchase && record.unitID == newOrder.unitID
            && record.categoryCode == newOrder.categoryCode && abs(record.placedOn.dayNumber - day) <= span
            && isNearLimit(record.amount, max: directPurchaseMax) && seen.insert(record.orderID).inserted
        {
            candidates.append(record)
        }
        guard candidates.count >= nearLimitCount else { return nil }
        // Windows [start, start + span] containing the new order; the best one starts on some candidate's day.
        let starts = Set(candidates.map(\.placedOn.dayNumber).filter { $0 <= day && $0 >= day - span }).sorted()
        var best: [PurchaseRecord] = []
        for start in starts {
            let inside = candidates.filter { (start...(start + span)).contains($0.placedOn.dayNumber) }
            if inside.count > best.count { best = inside }
        }
        guard best.count >= nearLimitCount else { return nil }
        let sum = best.reduce(Fen.zero) { $0 + $1.amount }
        let first = best.map(\.placedOn).min() ?? newOrder.placedOn
        let last = best.map(\.placedOn).max() ?? newOrder.placedOn
        return SplitWarning(
            kind: .splitSuspectedNearLimit, rule: "§T2", threshold: .directPurchaseMax,
            thresholdAmount: directPurchaseMax, sum: sum, unitID: newOrder.unitID, triggeredBy: newOrder.orderID,
            orderIDs: Self.sortedIDs(best),
            message: "suspected splitting (§T2): unit \(newOrder.unitID) placed \(best.count) direct purchases of "
                + "category \(newOrder.categoryCode) between \(first) and \(last), each within \(nearLimitMargin) "
                + "below the direct purchase max of \(directPurchaseMax) yuan, together \(sum) yuan")
    }

    // MARK: - Helpers

    /// Ids by placement date, then id text: a deterministic order that does not depend on the input order.
    private static func sortedIDs(_ records: [PurchaseRecord]) -> [ID<Order>] {
        records.sorted {
            ($0.placedOn.dayNumber, $0.orderID.description) < ($1.placedOn.dayNumber, $1.orderID.description)
        }.map(\.orderID)
    }
}
