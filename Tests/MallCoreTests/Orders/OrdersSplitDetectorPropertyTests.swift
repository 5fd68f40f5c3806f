import MallCore
import PropertyBased
import Testing

@Suite("Splitting detection properties (DOMAIN.md §T)")
struct OrdersSplitDetectorPropertyTests {
    typealias F = OrderFixtures
    let detector = SplitDetector()
    static let max = Fen.yuan(200_000)
    static let categories = ["A02010105", "A02010108", "A02021001"]
    static let methods = ProcurementMethod.allCases

    /// A generated purchase: amount (fen), method, day offset from 2025-08-01, category, project, sort key.
    typealias Draft = (amount: Int64, method: Int, day: Int, category: Int, project: Int, key: Int)

    static func records(_ drafts: [Draft]) -> [PurchaseRecord] {
        drafts.enumerated().map { index, draft in
            PurchaseRecord(
                orderID: F.order(index + 1), unitID: F.unit(1), categoryCode: categories[draft.category],
                budgetProject: "P-\(draft.project)", fiscalYear: 2025, amount: Fen(draft.amount),
                placedOn: F.day("2025-08-01").adding(days: draft.day), method: methods[draft.method])
        }
    }

    static func drafts(
        amounts: ClosedRange<Int64>, count: ClosedRange<Int>, methods: ClosedRange<Int> = 0...3,
        days: ClosedRange<Int> = 0...90, categories: ClosedRange<Int> = 0...2
    ) -> Generator<[Draft], some Sequence & SendableMetatype> {
        zip(
            Gen.int64(in: amounts), Gen.int(in: methods), Gen.int(in: days), Gen.int(in: categories),
            Gen.int(in: 0...1), Gen.int(in: 0...1_000)
        ).map { Draft(amount: $0, method: $1, day: $2, category: $3, project: $4, key: $5) }.array(of: count)
    }

    @Test("§T1 any set of orders whose sum stays below the procurement threshold never raises T1")
    func belowThresholdNeverWarns() async {
        // At most 9 orders of at most 100 000 yuan: always below 1 000 000 yuan.
        await propertyCheck(input: Self.drafts(amounts: 0...10_000_000, count: 1...9)) { drafts in
            let records = Self.records(drafts)
            for (index, new) in records.enumerated() {
                var history = records
                history.remove(at: index)
                #expect(detector.thresholdWarning(for: new, history: history) == nil)
            }
        }
    }

    @Test("§T permuting the history changes neither detector's result")
    func permutationInvariant() async {
        // Amounts around the direct purchase max so that both detectors fire often.
        let input = Self.drafts(
            amounts: 17_000_000...20_000_000, count: 2...14, methods: 0...2, days: 0...60, categories: 0...1)
        await propertyCheck(input: input) { drafts in
            let records = Self.records(drafts)
            guard let new = records.last else { return }
            let history = Array(records.dropLast())
            let shuffled = zip(history, drafts).sorted { $0.1.key < $1.1.key }.map(\.0)
            for permuted in [shuffled, history.reversed()] {
                #expect(
                    detector.thresholdWarning(for: new, history: permuted)
                        == detector.thresholdWarning(for: new, history: history))
                #expect(
                    detector.nearLimitWarning(for: new, history: permuted, directPurchaseMax: Self.max)
                        == detector.nearLimitWarning(for: new, history: history, directPurchaseMax: Self.max))
            }
        }
    }

    @Test(
        "§T1 replaying orders one by one raises each threshold at most once per group, exactly when the sum reaches it")
    func raisedOnce() async {
        // Up to 20 orders of up to 600 000 yuan in 4 groups: most runs cross a threshold somewhere.
        var crossings = 0
        await propertyCheck(input: Self.drafts(amounts: 0...60_000_000, count: 1...20)) { drafts in
            let records = Self.records(drafts)
            var raised: [SplitGroup: [SplitWarning.Threshold]] = [:]
            for (index, new) in records.enumerated() {
                if let warning = detector.thresholdWarning(for: new, history: Array(records[..<index])) {
                    raised[SplitGroup(new), default: []].append(warning.threshold)
                    crossings += 1
                    #expect(warning.orderIDs.contains(new.orderID))
                    #expect(warning.sum >= warning.thresholdAmount)
                }
            }
            let sums = Dictionary(grouping: records.filter { $0.method != .tender }, by: SplitGroup.init)
                .mapValues { $0.reduce(Fen.zero) { $0 + $1.amount } }
            for (group, sum) in sums {
                let thresholds = raised[group] ?? []
                #expect(Set(thresholds).count == thresholds.count)  // never twice
                // The highest threshold reached is always reported (a jump over both reports only the higher).
                if sum >= detector.publicTenderThreshold {
                    #expect(thresholds.contains(.publicTender))
                } else if sum >= detector.procurementThreshold {
                    #expect(thresholds == [.procurement])
                } else {
                    #expect(thresholds.isEmpty)
                }
            }
        }
        #expect(crossings > 0, "the generator never crossed a threshold")
    }

    @Test("§T2 a warning lists at least K near-limit direct purchases of one unit and category within D days")
    func nearLimitWarningShape() async {
        // Mostly direct purchases (method 0) in two categories over 60 days, so that warnings are frequent.
        var fired = 0
        let input = Self.drafts(
            amounts: 17_000_000...20_000_000, count: 2...14, methods: 0...1, days: 0...60, categories: 0...1)
        await propertyCheck(input: input) { drafts in
            let records = Self.records(drafts)
            guard let new = records.last else { return }
            guard
                let warning = detector.nearLimitWarning(
                    for: new, history: Array(records.dropLast()), directPurchaseMax: Self.max)
            else { return }
            fired += 1
            let listed = records.filter { warning.orderIDs.contains($0.orderID) }
            #expect(listed.count >= detector.nearLimitCount)
            #expect(listed.count == warning.orderIDs.count)
            #expect(warning.orderIDs.contains(new.orderID))
            #expect(
                listed.allSatisfy {
                    $0.method == .directPurchase && $0.categoryCode == new.categoryCode
                        && detector.isNearLimit($0.amount, max: Self.max)
                })
            let days = listed.map(\.placedOn.dayNumber)
            #expect((days.max() ?? 0) - (days.min() ?? 0) < detector.nearLimitWindowDays)
            #expect(warning.sum == listed.reduce(Fen.zero) { $0 + $1.amount })
        }
        #expect(fired > 0, "the generator never produced a §T2 warning")
    }
}
