import Foundation
import MallCore
import Testing

@Suite("Order pipeline rules: budget lines (§O4), splitting records of orders (§T), direct purchase overrides (§O3)")
struct OrderPipelineRulesTests {
    static let facts = PurchaseRecord.OrderFacts(
        orderID: OrderFixtures.order(1), unitID: OrderFixtures.unit(1), budgetProject: "P-1", fiscalYear: 2026,
        placedOn: OrderFixtures.day("2026-03-02"), method: .directPurchase)

    @Test("§T1 records: one per second-level group, summing that group's lines only")
    func thresholdRecords() {
        let records = PurchaseRecord.thresholdRecords(
            of: Self.facts,
            lines: [("A02021004", Fen(100)), ("A02010105", Fen(50)), ("A02021001", Fen(7)), ("A05010101", Fen(3))])
        #expect(records.map(\.categoryCode) == ["A02010000", "A02020000", "A05010000"])
        #expect(records.map(\.amount) == [Fen(50), Fen(107), Fen(3)])
        #expect(records.allSatisfy { $0.orderID == Self.facts.orderID && $0.budgetProject == "P-1" })
        #expect(Set(records.map { SplitGroup($0) }).count == 3)
    }

    @Test("§T2 record: the order total under the category carrying most of the amount (lowest code on a tie)")
    func nearLimitRecord() throws {
        let record = try #require(
            PurchaseRecord.nearLimitRecord(
                of: Self.facts, lines: [("A02021004", Fen(60)), ("A02010105", Fen(90)), ("A02021004", Fen(40))]))
        #expect(record.categoryCode == "A02021004" && record.amount == Fen(190))
        let tie = PurchaseRecord.nearLimitRecord(of: Self.facts, lines: [("A05", Fen(5)), ("A02", Fen(5))])
        #expect(tie?.categoryCode == "A02")
        #expect(PurchaseRecord.nearLimitRecord(of: Self.facts, lines: []) == nil)
    }

    @Test("§T1 through the detector: an order spanning two groups counts in each with its own lines")
    func detectorWithSplitOrders() {
        let detector = SplitDetector(procurementThreshold: Fen(100))
        let history = PurchaseRecord.thresholdRecords(
            of: Self.facts, lines: [("A02021004", Fen(60)), ("A05010101", Fen(90))])
        var facts = Self.facts
        facts.orderID = OrderFixtures.order(2)
        let next = PurchaseRecord.thresholdRecords(of: facts, lines: [("A02021001", Fen(40))])
        let warning = detector.thresholdWarning(for: next[0], history: history)
        #expect(warning?.sum == Fen(100) && warning?.orderIDs.count == 2)
    }

    @Test("a budget line covers its category prefix; reservations beyond the amount are refused")
    func budgetLine() throws {
        let line = BudgetLine(fiscalYear: 2026, projectName: "设备", categoryPrefix: "A02", amount: Fen(1_000))
        try line.validate()
        #expect(line.covers("A02021004") && !line.covers("A05010101"))
        #expect(BudgetLine(fiscalYear: 2026, projectName: "x", categoryPrefix: "", amount: Fen(1)).covers("C01"))
        try line.checkReservation(of: Fen(400), reserved: Fen(600))
        #expect(throws: DomainError.self) { try line.checkReservation(of: Fen(401), reserved: Fen(600)) }
        do {
            try line.checkReservation(of: Fen(401), reserved: Fen(600))
        } catch {
            #expect(error.code == .orderOverBudget && error.fields.first?.field == "budgetLineId")
        }
        do {
            try BudgetLine(fiscalYear: 1999, projectName: "", categoryPrefix: "A0x", amount: .zero).validate()
            Issue.record("an invalid line was accepted")
        } catch {
            #expect(error.fields.map(\.field) == ["fiscalYear", "projectName", "categoryPrefix", "amountFen"])
        }
    }

    @Test("direct purchase overrides parse from REGION:CATEGORY=MAXFEN lists and refuse anything else")
    func overrides() throws {
        let parsed = try DirectPurchaseLimits.Override.parseList(" 53:A02=10000000, 3301:=5000000 ,:C=1")
        #expect(
            parsed == [
                .init(regionPrefix: "53", categoryPrefix: "A02", max: Fen(10_000_000)),
                .init(regionPrefix: "3301", categoryPrefix: nil, max: Fen(5_000_000)),
                .init(regionPrefix: nil, categoryPrefix: "C", max: Fen(1)),
            ])
        #expect(try DirectPurchaseLimits.Override.parseList("").isEmpty)
        for bad in ["53=1", "53:A02", "5x:A02=1", "53:A02=-1", "53:Z=1", "1234567:A=1"] {
            #expect(throws: DomainError.self, "\(bad)") { try DirectPurchaseLimits.Override.parseList(bad) }
        }
        let limits = DirectPurchaseLimits(overrides: parsed)
        let kunming = try #require(RegionCode("530102"))
        #expect(limits.limit(region: kunming, category: "A02021004").max == Fen(10_000_000))
        try OrderPolicy(directPurchaseLimits: limits).validate()
    }
}
