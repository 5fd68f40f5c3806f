import MallCore
import PropertyBased
import Testing

@Suite("Splitting detection (DOMAIN.md §T)")
struct OrdersSplitDetectorTests {
    typealias F = OrderFixtures
    let detector = SplitDetector()

    /// A purchase of unit 1 in 2025 under project P-1 unless told otherwise.
    static func record(
        _ n: Int, yuan: Int64, on day: String = "2025-06-01", method: ProcurementMethod = .directPurchase,
        category: String = "A02010105", project: String = "P-1", unit: Int = 1, year: Int = 2025
    ) -> PurchaseRecord {
        PurchaseRecord(
            orderID: F.order(n), unitID: F.unit(unit), categoryCode: category, budgetProject: project,
            fiscalYear: year, amount: .yuan(yuan), placedOn: F.day(day), method: method)
    }

    // MARK: - Category levels

    @Test(
        "§T1 the group is the second-level category parent (rows of data/procurement_categories.csv)",
        arguments: [
            ("A02010105", "A02010000"),  // 台式计算机 (level 4) → 信息化设备
            ("A02010108", "A02010000"),  // 便携式计算机
            ("A02021001", "A02020000"),  // A3黑白打印机 → 办公设备
            ("A02021000", "A02020000"),  // 打印机 (level 3)
            ("A02010000", "A02010000"),  // 信息化设备 (level 2) itself
            ("A05010101", "A05010000"),  // 钢木床类 → 家具
            ("C07020101", "C07020000"),
            ("A02000000", "A02000000"),  // level 1 is its own group
            ("A", "A"),  // a root
        ])
    func secondLevelParent(code: String, parent: String) {
        #expect(SplitGroup.secondLevelParent(of: code) == parent)
    }

    // MARK: - §T1 table

    @Test("§T1 crossing the procurement threshold (1 000 000 yuan) by non-tender methods warns, listing the orders")
    func procurementThreshold() throws {
        let history = [
            Self.record(1, yuan: 600_000, on: "2025-03-01", method: .competition),
            Self.record(2, yuan: 300_000, on: "2025-04-01", category: "A02010108", project: "P-1"),
        ]
        let new = Self.record(3, yuan: 150_000, on: "2025-05-01", method: .frameworkAgreement)
        let warning = try #require(detector.thresholdWarning(for: new, history: history))
        #expect(warning.kind == .splitSuspected)
        #expect(warning.kind.rawValue == "split_suspected")
        #expect(warning.rule == "§T1")
        #expect(warning.threshold == .procurement)
        #expect(warning.thresholdAmount == .yuan(1_000_000))
        #expect(warning.sum == .yuan(1_050_000))
        #expect(warning.orderIDs == [F.order(1), F.order(2), F.order(3)])
        #expect(warning.triggeredBy == F.order(3))
        #expect(warning.unitID == F.unit(1))
        #expect(warning.message.contains("procurement threshold"))
    }

    @Test(
        "§T1 which threshold, if any, the new order makes the group's sum reach",
        arguments: [
            // (history yuan, new yuan, expected threshold)
            ([Int64(1_950_000)], Int64(100_000), SplitWarning.Threshold?.some(.publicTender)),
            ([500_000], 1_600_000, .publicTender),  // crosses both: one warning, the higher threshold
            ([1_500_000], 500_000, .publicTender),  // reaching exactly 2 000 000 counts (达到…以上)
            ([900_000], 100_000, .procurement),  // exactly 1 000 000
            ([900_000], 99_999, nil),
            ([1_100_000], 100_000, nil),  // already above the procurement threshold: raised before, not again
            ([2_100_000], 100_000, nil),
            ([], 2_500_000, .publicTender),  // a single order above both
            ([], 900_000, nil),
        ])
    func crossings(history: [Int64], new: Int64, expected: SplitWarning.Threshold?) {
        let records = history.enumerated().map { Self.record($0.offset + 1, yuan: $0.element) }
        let warning = detector.thresholdWarning(for: Self.record(100, yuan: new), history: records)
        #expect(warning?.threshold == expected)
    }

    @Test("§T1 tenders, other units, years, projects and second-level categories are not summed")
    func otherGroupsIgnored() {
        let history = [
            Self.record(1, yuan: 500_000, method: .tender),
            Self.record(2, yuan: 500_000, unit: 2),
            Self.record(3, yuan: 500_000, year: 2024),
            Self.record(4, yuan: 500_000, project: "P-2"),
            Self.record(5, yuan: 500_000, category: "A02021001"),  // 办公设备, another level-2 group
            Self.record(6, yuan: 500_000),
        ]
        #expect(detector.thresholdWarning(for: Self.record(7, yuan: 400_000), history: history) == nil)
        #expect(
            detector.thresholdWarning(for: Self.record(7, yuan: 500_000), history: history)?.orderIDs
                == [F.order(6), F.order(7)])
    }

    @Test("§T1 a tender order never warns, an exempted group never warns, and the new order is not counted twice")
    func exemptionsAndTenders() {
        let history = [Self.record(1, yuan: 900_000)]
        #expect(detector.thresholdWarning(for: Self.record(2, yuan: 200_000, method: .tender), history: history) == nil)
        let new = Self.record(2, yuan: 200_000)
        #expect(detector.thresholdWarning(for: new, history: history, exemptions: [SplitGroup(new)]) == nil)
        let otherExemption = SplitGroup(Self.record(9, yuan: 1, project: "P-9"))
        #expect(detector.thresholdWarning(for: new, history: history, exemptions: [otherExemption]) != nil)
        // The store may pass a history that already holds the new order.
        #expect(detector.thresholdWarning(for: new, history: history + [new])?.sum == .yuan(1_100_000))
    }

    @Test("§T1 thresholds are configuration")
    func configuredThresholds() {
        let local = SplitDetector(publicTenderThreshold: .yuan(4_000_000), procurementThreshold: .yuan(500_000))
        let warning = local.thresholdWarning(
            for: Self.record(2, yuan: 100_000), history: [Self.record(1, yuan: 450_000)])
        #expect(warning?.thresholdAmount == .yuan(500_000))
        #expect(
            detector.thresholdWarning(for: Self.record(2, yuan: 100_000), history: [Self.record(1, yuan: 450_000)])
                == nil)
    }

    // MARK: - §T2 table

    static let max = Fen.yuan(200_000)

    @Test("§T2 three direct purchases just under the max in one category within 30 days warn, listing them")
    func nearLimit() throws {
        let history = [
            Self.record(1, yuan: 195_000, on: "2025-09-01"),
            Self.record(2, yuan: 190_000, on: "2025-09-10"),
        ]
        let new = Self.record(3, yuan: 199_999, on: "2025-09-30")  // 29 days after the first: inside
        let warning = try #require(detector.nearLimitWarning(for: new, history: history, directPurchaseMax: Self.max))
        #expect(warning.kind.rawValue == "split_suspected_near_limit")
        #expect(warning.rule == "§T2")
        #expect(warning.threshold == .directPurchaseMax)
        #expect(warning.thresholdAmount == Self.max)
        #expect(warning.sum == .yuan(584_999))
        #expect(warning.orderIDs == [F.order(1), F.order(2), F.order(3)])
        #expect(warning.triggeredBy == F.order(3))
    }

    @Test(
        "§T2 what counts: near the max (within 10 % below), same unit and category, direct purchase, within 30 days",
        arguments: [
            // (the second history order, whether the new third order warns)
            (record(2, yuan: 180_000, on: "2025-09-10"), true),  // exactly 10 % below: near
            (record(2, yuan: 200_000, on: "2025-09-10"), true),  // at the max
            (record(2, yuan: 179_999, on: "2025-09-10"), false),  // just outside the margin
            (record(2, yuan: 190_000, on: "2025-09-10", category: "A02010108"), false),  // other leaf category
            (record(2, yuan: 190_000, on: "2025-09-10", unit: 2), false),
            (record(2, yuan: 190_000, on: "2025-09-10", method: .competition), false),
            (record(2, yuan: 190_000, on: "2025-08-31"), false),  // 30 days before the new order: outside
            (record(2, yuan: 190_000, on: "2025-10-15"), true),  // later than the new order, still within
        ])
    func nearLimitTable(second: PurchaseRecord, warns: Bool) {
        let history = [Self.record(1, yuan: 195_000, on: "2025-09-20"), second]
        let new = Self.record(3, yuan: 199_000, on: "2025-09-30")
        #expect((detector.nearLimitWarning(for: new, history: history, directPurchaseMax: Self.max) != nil) == warns)
    }

    @Test("§T2 the new order must itself be a near-limit direct purchase, and the window must hold it")
    func newOrderMustQualify() {
        let history = [
            Self.record(1, yuan: 195_000, on: "2025-09-01"), Self.record(2, yuan: 195_000, on: "2025-09-02"),
            Self.record(4, yuan: 195_000, on: "2025-09-03"),
        ]
        #expect(
            detector.nearLimitWarning(
                for: Self.record(3, yuan: 100_000, on: "2025-09-04"), history: history, directPurchaseMax: Self.max)
                == nil)
        #expect(
            detector.nearLimitWarning(
                for: Self.record(3, yuan: 195_000, on: "2025-09-04", method: .competition), history: history,
                directPurchaseMax: Self.max) == nil)
        // Three earlier near-limit orders, but the new one is 40 days later: its window holds only itself.
        #expect(
            detector.nearLimitWarning(
                for: Self.record(3, yuan: 195_000, on: "2025-10-13"), history: history, directPurchaseMax: Self.max)
                == nil)
    }

    @Test("§T2 the densest window around the new order is listed; a later order in it warns again with more")
    func densestWindow() throws {
        let history = [
            Self.record(1, yuan: 195_000, on: "2025-08-05"),
            Self.record(2, yuan: 195_000, on: "2025-09-01"),
            Self.record(4, yuan: 195_000, on: "2025-09-02"),
            Self.record(5, yuan: 195_000, on: "2025-09-03"),
        ]
        let new = Self.record(3, yuan: 195_000, on: "2025-09-04")
        let warning = try #require(detector.nearLimitWarning(for: new, history: history, directPurchaseMax: Self.max))
        // 08-05 and 09-04 are 30 days apart: the window 09-01..09-30 holds four, 08-05.. cannot hold 09-04.
        #expect(warning.orderIDs == [F.order(2), F.order(4), F.order(5), F.order(3)])
    }

    @Test("§T2 K, D and the margin are configuration")
    func configuredNearLimit() {
        let local = SplitDetector(nearLimitCount: 2, nearLimitWindowDays: 7, nearLimitMargin: .percent(5))
        let first = Self.record(1, yuan: 191_000, on: "2025-09-01")
        #expect(
            local.nearLimitWarning(
                for: Self.record(2, yuan: 195_000, on: "2025-09-07"), history: [first],
                directPurchaseMax: Self.max) != nil)
        #expect(
            local.nearLimitWarning(
                for: Self.record(2, yuan: 195_000, on: "2025-09-08"), history: [first],
                directPurchaseMax: Self.max) == nil)  // 7 days apart: outside a 7-day window
        #expect(
            local.nearLimitWarning(
                for: Self.record(2, yuan: 189_000, on: "2025-09-07"), history: [first],
                directPurchaseMax: Self.max) == nil)  // more than 5 % below
    }

    @Test("§T both detectors run together on a new order")
    func combined() {
        let history = [
            Self.record(1, yuan: 199_000, on: "2025-09-01"), Self.record(2, yuan: 199_000, on: "2025-09-02"),
            Self.record(4, yuan: 500_000, on: "2025-05-01", method: .competition),
        ]
        let warnings = detector.warnings(
            for: Self.record(3, yuan: 199_000, on: "2025-09-03"), history: history, directPurchaseMax: Self.max)
        #expect(warnings.map(\.rule) == ["§T1", "§T2"])
        #expect(warnings.map(\.threshold) == [.procurement, .directPurchaseMax])
    }

    @Test("§T settings out of range are refused")
    func settingsValidation() throws {
        try detector.validate()
        #expect(throws: DomainError.self) { try SplitDetector(nearLimitCount: 0).validate() }
        #expect(throws: DomainError.self) { try SplitDetector(nearLimitMargin: BasisPoints(10_001)).validate() }
    }
}
