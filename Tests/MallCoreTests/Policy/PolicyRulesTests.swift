import Foundation
import MallCore
import PropertyBased
import Testing

@Suite("Policy rules: canteen filings, refunds, contract notices, periods and shares (DOMAIN.md §V, §G, §O6)")
struct PolicyRulesTests {
    static let unit = ID<Organisation>(UUID(uuidString: "00000000-0000-7000-8000-000000000001") ?? UUID())
    static let other = ID<Organisation>(UUID(uuidString: "00000000-0000-7000-8000-000000000002") ?? UUID())
    let settings = PolicySettings()

    // MARK: - §V2 filings

    @Test("§V2 a canteen reserves budget × ratio, half up to the fen")
    func reservedAmount() throws {
        let declaration = CanteenFiling.Declaration(
            fiscalYear: 2026, kind: .canteen, foodBudget: Fen(1_000_005), reservedRatio: BasisPoints(1_250))
        // 1 000 005 × 12.5 % = 125 000.625 → 125 001.
        #expect(try CanteenFiling.validate(declaration, unit: Self.unit, settings: settings) == Fen(125_001))
    }

    @Test(
        "§V2 invalid declarations report every bad field",
        arguments: [
            (CanteenFiling.Declaration(fiscalYear: 2026, kind: .canteen, foodBudget: Fen(100), reservedRatio: BasisPoints(999)),
             ["reservedRatioBp"]),
            (CanteenFiling.Declaration(fiscalYear: 2026, kind: .canteen), ["foodBudgetFen", "reservedRatioBp"]),
            (CanteenFiling.Declaration(fiscalYear: 1999, kind: .noCanteen, foodBudget: Fen(100)), ["fiscalYear", "foodBudgetFen"]),
            (CanteenFiling.Declaration(fiscalYear: 2026, kind: .shared), ["representativeUnitId"]),
            (CanteenFiling.Declaration(fiscalYear: 2026, kind: .shared, representativeUnit: unit), ["representativeUnitId"]),
            (CanteenFiling.Declaration(fiscalYear: 2026, kind: .noCanteen, representativeUnit: other), ["representativeUnitId"]),
        ])
    func invalid(_ declaration: CanteenFiling.Declaration, _ fields: [String]) {
        #expect(throws: DomainError.self) {
            _ = try CanteenFiling.validate(declaration, unit: Self.unit, settings: settings)
        }
        do {
            _ = try CanteenFiling.validate(declaration, unit: Self.unit, settings: settings)
        } catch {
            #expect(error.code == .validationFailed && error.fields.map(\.field) == fields)
        }
    }

    @Test("§V2 no canteen and a shared canteen reserve nothing; the minimum ratio is configuration")
    func noCanteenAndShared() throws {
        #expect(
            try CanteenFiling.validate(.init(fiscalYear: 2026, kind: .noCanteen), unit: Self.unit, settings: settings)
                == .zero)
        #expect(
            try CanteenFiling.validate(
                .init(fiscalYear: 2026, kind: .shared, representativeUnit: Self.other), unit: Self.unit, settings: settings)
                == .zero)
        var strict = settings
        strict.minimumReservedRatio = .percent(15)
        let tenPercent = CanteenFiling.Declaration(
            fiscalYear: 2026, kind: .canteen, foodBudget: Fen(100_000), reservedRatio: .percent(10))
        #expect(throws: DomainError.self) { _ = try CanteenFiling.validate(tenPercent, unit: Self.unit, settings: strict) }
    }

    @Test("§V2 a filing after the configured deadline is late; the deadline is clamped to the month")
    func deadline() throws {
        let day = try #require(LocalDate("2026-03-31"))
        #expect(!CanteenFiling.isLate(filedOn: day, fiscalYear: 2026, settings: settings))
        #expect(CanteenFiling.isLate(filedOn: day.adding(days: 1), fiscalYear: 2026, settings: settings))
        var february = settings
        february.filingDeadlineMonth = 2
        february.filingDeadlineDay = 30
        #expect(february.filingDeadline(of: 2026).description == "2026-02-28")
        #expect(PolicySettings.parseMonthDay("04-15")?.month == 4 && PolicySettings.parseMonthDay("13-01") == nil)
    }

    // MARK: - §V3 refunds

    @Test("§V3 a refund is spread pro rata with the largest remainders, summing exactly")
    func refundTable() {
        #expect(RefundAllocation.allocate(Fen(100), over: [Fen(100), Fen(100), Fen(100)]) == [Fen(34), Fen(33), Fen(33)])
        #expect(RefundAllocation.allocate(Fen(300), over: [Fen(100), Fen(200)]) == [Fen(100), Fen(200)])
        #expect(RefundAllocation.allocate(Fen(1), over: [Fen(1), Fen(3)]) == [Fen(0), Fen(1)])
        #expect(RefundAllocation.allocate(.zero, over: [Fen(5)]) == [.zero])
    }

    @Test("§V3 property: the parts sum to the refund and no line gets more than it has left")
    func refundProperty() async {
        let input = zip(Gen.int64(in: 0...5_000_000).array(of: 1...8), Gen.int(in: 0...1_000))
        await propertyCheck(input: input) { pair in
            let (lines, permille) = pair
            let remaining = lines.map(Fen.init)
            let total = lines.reduce(0, +)
            let amount = Fen(total * Int64(permille) / 1_000)
            let parts = RefundAllocation.allocate(amount, over: remaining)
            #expect(parts.reduce(Fen.zero, +) == amount)
            for (part, left) in zip(parts, remaining) { #expect(part >= .zero && part <= left) }
        }
    }

    // MARK: - §O6 contract notices

    static let calendar2026 = WorkdayCalendar(
        exceptions: Dictionary(
            uniqueKeysWithValues: (1...8).compactMap { LocalDate(year: 2026, month: 10, day: $0) }.map { ($0, true) }
                + [LocalDate(year: 2026, month: 10, day: 10), LocalDate(year: 2026, month: 9, day: 20)].compactMap { $0 }
                .map { ($0, false) }),
        loadedYears: [2026])

    @Test(
        "§O6 due two working days after signing, on the holiday calendar",
        arguments: [
            ("2026-03-02", "2026-03-04", false),  // Monday → Wednesday
            ("2026-03-06", "2026-03-10", false),  // Friday → Tuesday (weekend skipped)
            ("2026-09-30", "2026-10-10", false),  // National Day: 10-01…10-08 off, Saturday 10-10 a working day
            ("2026-12-31", "2027-01-02", true),  // 2027 not loaded: calendar days, provisional (§W1)
        ])
    func noticeDue(_ signed: String, _ due: String, _ provisional: Bool) throws {
        let signedOn = try #require(LocalDate(signed))
        let result = ContractNoticeRule.dueDate(signedOn: signedOn, workingDays: 2, calendar: Self.calendar2026)
        #expect(result.due.description == due && result.provisional == provisional)
    }

    @Test("§O6 late: published after the due date, or unpublished past it")
    func noticeLate() throws {
        let due = try #require(LocalDate("2026-03-04"))
        #expect(!ContractNoticeRule.isLate(dueOn: due, publishedOn: due, today: due.adding(days: 9)))
        #expect(ContractNoticeRule.isLate(dueOn: due, publishedOn: due.adding(days: 1), today: due.adding(days: 1)))
        #expect(!ContractNoticeRule.isLate(dueOn: due, publishedOn: nil, today: due))
        #expect(ContractNoticeRule.isLate(dueOn: due, publishedOn: nil, today: due.adding(days: 1)))
        #expect(ContractNoticeRule.daysLate(dueOn: due, publishedOn: nil, today: due.adding(days: 3)) == 3)
    }

    // MARK: - Periods and shares

    @Test(
        "report periods: a year, a quarter or a month",
        arguments: [
            ("2026", "2026-01-01", "2026-12-01", "2026年"), ("2026-Q2", "2026-04-01", "2026-06-01", "2026年第2季度"),
            ("2026-05", "2026-05-01", "2026-05-01", "2026年5月"),
        ])
    func periods(_ text: String, _ first: String, _ last: String, _ label: String) throws {
        let period = try #require(ReportPeriod(text))
        #expect(period.firstMonth.description == first && period.lastMonth.description == last)
        #expect(period.description == text && period.chineseLabel == label)
    }

    @Test("malformed periods are refused", arguments: ["26", "2026-Q5", "2026-13", "2026-5", "1999", "2026-05-01", ""])
    func badPeriods(_ text: String) { #expect(ReportPeriod(text) == nil) }

    @Test("§G shares are rounded down, so a share shown at the target meets it; 832 shortfall never negative")
    func shares() {
        var m = PolicyMeasures()
        m.paid = Fen(30_000)
        m.sme = Fen(19_999)
        m.smallMicro = Fen(10_000)
        m.greenScope = Fen(10_001)
        m.green = Fen(8_000)
        #expect(m.smeShare == BasisPoints(6_666) && m.smallMicroShare == BasisPoints(3_333))
        #expect(m.greenShare == BasisPoints(7_999))  // 79.992 %: below the 80 % target
        #expect(PolicyMeasures().smeShare == .zero)
        #expect(PovertyProgress(reserved: Fen(100), paid: Fen(150)).shortfall == .zero)
        #expect(PovertyProgress(reserved: Fen(300), paid: Fen(100)).progress == BasisPoints(3_333))
        #expect((m + m).paid == Fen(60_000))
    }
}
