import MallCore
import PropertyBased
import Testing

@Suite("Payment terms and overdue interest (DOMAIN.md §O5, §W1)")
struct OrdersPaymentTermsTests {
    typealias F = OrderFixtures
    let policy = PaymentTermsPolicy()
    let calendar = F.calendar

    @Test(
        "§O5 an SME is paid 30 days after delivery; a due date on a day off moves to the next working day (§W1)",
        arguments: [
            // (delivered, due) with the real 2025/2026 holiday rows of data/holidays_cn.csv
            ("2025-08-31", "2025-09-30"),  // Tue, a working day
            ("2025-08-29", "2025-09-28"),  // Sun, but an adjusted (调休) working day: stays
            ("2025-08-30", "2025-09-29"),  // Mon
            ("2025-09-01", "2025-10-09"),  // 10-01 National Day: 10-01..10-08 off → Thu 10-09
            ("2025-09-08", "2025-10-09"),  // 10-08, last holiday → 10-09
            ("2025-09-11", "2025-10-11"),  // Sat, adjusted working day: stays
            ("2025-09-12", "2025-10-13"),  // plain Sunday → Monday
            ("2025-12-02", "2026-01-04"),  // New Year 01-01..01-03 off, Sun 01-04 works
            ("2026-01-14", "2026-02-13"),  // Fri before Spring Festival
            ("2026-01-15", "2026-02-14"),  // Sat 02-14, adjusted working day
            ("2026-01-16", "2026-02-24"),  // Sun 02-15, Spring Festival 02-15..02-23 → Tue 02-24
            ("2026-12-01", "2026-12-31"),  // a Thursday; 2027 is not needed
        ])
    func smeDueDates(delivered: String, due: String) throws {
        for size in [EnterpriseSize.small, .micro, .medium] {
            let terms = PaymentTerms(supplierSize: size)
            let date = try policy.dueDate(
                for: terms, deliveredOn: F.day(delivered), acceptedOn: nil, calendar: calendar)
            #expect(date == F.day(due))
        }
    }

    @Test(
        "§O5 the term: SME 30 days unless agreed, never above 60; a large supplier's contract term, default 30",
        arguments: [
            (EnterpriseSize.small, Int?.none, 30),
            (.micro, nil, 30),
            (.medium, nil, 30),
            (.small, 45, 45),
            (.medium, 60, 60),
            (.small, 0, 0),
            (.large, nil, 30),
            (.large, 90, 90),
            (.large, 120, 120),
        ])
    func termDays(size: EnterpriseSize, agreed: Int?, expected: Int) throws {
        #expect(try policy.termDays(for: PaymentTerms(supplierSize: size, agreedTermDays: agreed)) == expected)
    }

    @Test(
        "§O5 a contract term above 60 days with an SME supplier answers order.payment_term_too_long",
        arguments: [
            EnterpriseSize.small, .micro, .medium,
        ])
    func smeTermTooLong(size: EnterpriseSize) {
        let terms = PaymentTerms(supplierSize: size, agreedTermDays: 61)
        #expect(throws: DomainError.self) { try policy.termDays(for: terms) }
        do {
            _ = try policy.dueDate(for: terms, deliveredOn: F.day("2025-09-01"), acceptedOn: nil, calendar: calendar)
            Issue.record("expected order.payment_term_too_long")
        } catch {
            #expect(error.code == .paymentTermTooLong)
            #expect(error.fields.map(\.field) == ["paymentTerms.agreedTermDays"])
        }
    }

    @Test("§O5 a negative term or interest rate is a validation error")
    func negativeTerms() {
        for terms in [
            PaymentTerms(supplierSize: .large, agreedTermDays: -1),
            PaymentTerms(supplierSize: .small, agreedDailyInterest: BasisPoints(-5)),
        ] {
            do {
                _ = try policy.termDays(for: terms)
                Issue.record("expected request.validation_failed")
            } catch {
                #expect(error.code == .validationFailed)
            }
        }
    }

    @Test("§O5 an agreed 60-day SME term and a 90-day large-supplier term also roll past National Day")
    func longerTerms() throws {
        let sme = PaymentTerms(supplierSize: .small, agreedTermDays: 60)
        #expect(
            try policy.dueDate(for: sme, deliveredOn: F.day("2025-08-02"), acceptedOn: nil, calendar: calendar)
                == F.day("2025-10-09"))
        let large = PaymentTerms(supplierSize: .large, agreedTermDays: 90)
        #expect(
            try policy.dueDate(for: large, deliveredOn: F.day("2025-07-03"), acceptedOn: nil, calendar: calendar)
                == F.day("2025-10-09"))
    }

    @Test("§O5 when acceptance is the agreed condition the clock starts at the passed acceptance, not before")
    func acceptanceStartsClock() throws {
        let terms = PaymentTerms(supplierSize: .micro, clockStart: .acceptance)
        #expect(
            try policy.dueDate(for: terms, deliveredOn: F.day("2025-08-20"), acceptedOn: nil, calendar: calendar)
                == nil)
        #expect(
            try policy.dueDate(
                for: terms, deliveredOn: F.day("2025-08-20"), acceptedOn: F.day("2025-09-01"), calendar: calendar)
                == F.day("2025-10-09"))
        let byDelivery = PaymentTerms(supplierSize: .micro)
        #expect(try policy.dueDate(for: byDelivery, deliveredOn: nil, acceptedOn: nil, calendar: calendar) == nil)
    }

    @Test("§O5 the due date follows the order lifecycle's delivery and passed-acceptance dates (§O2)")
    func fromLifecycle() throws {
        var lifecycle = OrderLifecycle(total: .yuan(800), placedOn: F.day("2025-08-25"))
        for (event, actor) in [
            (OrderEvent.confirm, OrderActor.supplier), (.ship, .supplier),
            (.confirmDelivery(on: F.day("2025-08-29")), .unit),
            (
                .recordAcceptance(AcceptanceRecord(date: F.day("2025-09-01"), acceptorName: "张三", result: .passed)),
                .unit
            ),
        ] {
            lifecycle = try lifecycle.applying(event, by: actor).to
        }
        let byDelivery = PaymentTerms(supplierSize: .small)
        let byAcceptance = PaymentTerms(supplierSize: .small, clockStart: .acceptance)
        #expect(
            try policy.dueDate(
                for: byDelivery, deliveredOn: lifecycle.deliveredOn, acceptedOn: lifecycle.acceptedOn,
                calendar: calendar) == F.day("2025-09-28"))
        #expect(
            try policy.dueDate(
                for: byAcceptance, deliveredOn: lifecycle.deliveredOn, acceptedOn: lifecycle.acceptedOn,
                calendar: calendar) == F.day("2025-10-09"))
    }

    @Test("§W1 a due date in a year with no calendar loaded throws calendar.year_not_loaded, never guessed")
    func yearNotLoaded() {
        do {
            _ = try policy.dueDate(
                for: PaymentTerms(supplierSize: .small), deliveredOn: F.day("2026-12-15"), acceptedOn: nil,
                calendar: calendar)
            Issue.record("expected calendar.year_not_loaded")
        } catch {
            #expect(error.code == .calendarYearNotLoaded)
        }
    }

    @Test("§O5 configured numbers replace the defaults")
    func configured() throws {
        let local = PaymentTermsPolicy(
            smeTermDays: 15, smeMaxTermDays: 45, defaultTermDays: 20, defaultDailyInterest: BasisPoints(3))
        #expect(try local.termDays(for: PaymentTerms(supplierSize: .small)) == 15)
        #expect(try local.termDays(for: PaymentTerms(supplierSize: .large)) == 20)
        #expect(throws: DomainError.self) {
            try local.termDays(for: PaymentTerms(supplierSize: .small, agreedTermDays: 46))
        }
        let interest = local.overdueInterest(
            on: .yuan(10_000), dueDate: F.day("2025-10-09"), asOf: F.day("2025-10-10"),
            terms: PaymentTerms(supplierSize: .small))
        #expect(interest.interest == Fen(300))
    }

    @Test(
        "§O5 overdue interest: 0.05 %/day on the unpaid amount per day after the due date, half up once",
        arguments: [
            // (unpaid fen, asOf, agreed bp, days, interest fen); due 2025-10-09
            (Int64(1_000_000), "2025-10-19", Int32?.none, 10, Int64(5_000)),
            (1_000_000, "2025-10-09", nil, 0, 0),  // paid on the due date: not late
            (1_000_000, "2025-10-01", nil, 0, 0),  // before the due date
            (1_000_000, "2025-10-10", nil, 1, 500),
            (12_345, "2025-10-12", nil, 3, 19),  // 18.5175 → 19 once (per day it would be 3 × 6 = 18)
            (1_000, "2025-10-10", nil, 1, 1),  // 0.5 → 1 (half up)
            (999, "2025-10-10", nil, 1, 0),  // 0.4995 → 0
            (1_000_000, "2025-10-19", 10, 10, 10_000),  // an agreed rate of 0.1 %/day
            (0, "2025-10-19", nil, 10, 0),
        ])
    func interest(unpaid: Int64, asOf: String, agreed: Int32?, days: Int, expected: Int64) {
        let terms = PaymentTerms(supplierSize: .small, agreedDailyInterest: agreed.map(BasisPoints.init))
        let result = policy.overdueInterest(
            on: Fen(unpaid), dueDate: F.day("2025-10-09"), asOf: F.day(asOf), terms: terms)
        #expect(result.daysOverdue == days)
        #expect(result.isOverdue == (days > 0))
        #expect(result.interest == Fen(expected))
        #expect(result.dailyRate == BasisPoints(agreed ?? 5))
    }

    @Test("§O5 interest is within half a fen of the exact value, grows with time, and is zero until overdue")
    func interestProperties() async {
        let due = F.day("2025-10-09")
        await propertyCheck(
            input: Gen.int64(in: 0...10_000_000_000), Gen.int(in: -30...3_650), Gen.int32(in: 0...100)
        ) { unpaid, offset, bp in
            let terms = PaymentTerms(supplierSize: .large, agreedDailyInterest: BasisPoints(bp))
            let result = policy.overdueInterest(
                on: Fen(unpaid), dueDate: due, asOf: due.adding(days: offset), terms: terms)
            let days = max(0, offset)
            #expect(result.daysOverdue == days)
            let exactTimes10000 = Int128(unpaid) * Int128(bp) * Int128(days)
            let error = Int128(result.interest.rawValue) * 10_000 - exactTimes10000
            #expect(error.magnitude * 2 <= 10_000)
            let dayLater = policy.overdueInterest(
                on: Fen(unpaid), dueDate: due, asOf: due.adding(days: offset + 1), terms: terms)
            #expect(dayLater.interest >= result.interest)
            if offset <= 0 { #expect(result.interest == .zero) }
        }
    }

    @Test("§W1 a due date is never before start + term and is always a working day")
    func dueDateProperties() async {
        // Clock starts from 2025-07-01 to 2026-10-31 with terms of 0–60 days, all inside the loaded years.
        await propertyCheck(input: Gen.int(in: 0...487), Gen.int(in: 0...60)) { offset, term in
            let start = F.day("2025-07-01").adding(days: offset)
            guard start.adding(days: term + 20).year <= 2026 else { return }
            let due = try PaymentTermsPolicy.dueDate(start: start, termDays: term, calendar: calendar)
            #expect(due >= start.adding(days: term))
            #expect(try calendar.isWorkingDay(due))
            // Every day skipped was a day off.
            var day = start.adding(days: term)
            while day < due {
                #expect(try !calendar.isWorkingDay(day))
                day = day.adding(days: 1)
            }
        }
    }
}
