import Foundation
import MallCore
import Testing

private typealias F = CompetitionFixtures

@Suite("Competition rules: response time, ceilings, sealed quotes (DOMAIN.md §K1, §F7, §W1)")
struct CompetitionRulesTests {
    // MARK: - Deadlines

    @Test(
        "§K1 the deadline is at or after the n-th working day after publication, same time of day",
        arguments: [
            // (method, published, deadline, accepted)
            (CompetitionNeed.Method.mall, F.at("2026-03-06", 15), F.at("2026-03-09", 15), true),  // Fri → Mon 15:00
            (.mall, F.at("2026-03-06", 15), F.at("2026-03-09", 14, 59), false),  // one minute short
            (.mall, F.at("2026-03-06", 15), F.at("2026-03-10", 9), true),  // a later date at any time
            (.mall, F.at("2026-03-07", 10), F.at("2026-03-09", 10), true),  // Saturday → Monday
            (.mall, F.at("2026-03-07", 10), F.at("2026-03-08", 23), false),  // Sunday is not a working day
            (.mall, F.at("2026-02-13", 9), F.at("2026-02-14", 9), true),  // adjusted working Saturday (调休)
            (.mall, F.at("2026-02-15", 9), F.at("2026-02-16", 9), false),  // 春节 Monday is a holiday
            (.mall, F.at("2026-02-15", 9), F.at("2026-02-17", 9), true),
            (.mall, F.at("2026-09-30", 18), F.at("2026-10-06", 18), true),  // over National Day
            (.mall, F.at("2026-09-30", 18), F.at("2026-10-05", 18), false),
            (.secondBidding, F.at("2026-03-06", 15), F.at("2026-03-09", 15), false),  // §F7: 2 working days
            (.secondBidding, F.at("2026-03-06", 15), F.at("2026-03-10", 15), true),
        ])
    func deadlines(method: CompetitionNeed.Method, published: Date, deadline: Date, accepted: Bool) throws {
        let need = F.need(method: method, publishedAt: published, deadline: deadline)
        if accepted {
            try need.validate(settings: CompetitionSettings(), calendar: F.calendar)
        } else {
            let error = #expect(throws: DomainError.self) {
                try need.validate(settings: CompetitionSettings(), calendar: F.calendar)
            }
            #expect(error?.code == .competitionDeadlineTooEarly)
            #expect(error?.fields.first?.field == "deadline")
        }
    }

    @Test("§K1 the earliest deadline of a Friday 15:00 need is Monday 15:00; 3 configured days make it Wednesday")
    func earliestDeadline() throws {
        let need = F.need()
        #expect(
            try need.earliestDeadline(settings: CompetitionSettings(), calendar: F.calendar) == F.at("2026-03-09", 15))
        let three = CompetitionSettings(minimumResponseWorkingDays: 3)
        #expect(try need.earliestDeadline(settings: three, calendar: F.calendar) == F.at("2026-03-11", 15))
    }

    @Test("§W1 a response time running into a year with no calendar is flagged, never guessed")
    func yearNotLoaded() {
        let intoNextYear = F.need(publishedAt: F.at("2026-12-31", 10), deadline: F.at("2027-01-05", 10))
        let error = #expect(throws: DomainError.self) {
            try intoNextYear.validate(settings: CompetitionSettings(), calendar: F.calendar)
        }
        #expect(error?.code == .calendarYearNotLoaded)

        // The response time ends in 2026, but the deadline itself falls in 2027.
        let farDeadline = F.need(publishedAt: F.at("2026-06-01", 10), deadline: F.at("2027-01-05", 10))
        let late = #expect(throws: DomainError.self) {
            try farDeadline.validate(settings: CompetitionSettings(), calendar: F.calendar)
        }
        #expect(late?.code == .calendarYearNotLoaded)
    }

    @Test("§K1 a need reports every bad field at once: works category, zero quantity, zero ceiling")
    func needValidation() {
        let need = F.need(categoryCode: "B01000000", quantity: 0, unitCeiling: .zero)
        let error = #expect(throws: DomainError.self) {
            try need.validate(settings: CompetitionSettings(), calendar: F.calendar)
        }
        #expect(error?.code == .validationFailed)
        #expect(Set(error?.fields.map(\.field) ?? []) == ["categoryCode", "quantity", "unitCeilingFen"])
        #expect(F.need(categoryCode: "C16000000").subject == .services)
        #expect(F.need().subject == .goods)
        #expect(F.need(quantity: 10, unitCeiling: .yuan(5_000)).totalCeiling == .yuan(50_000))
    }

    @Test(
        "§K2 the SME deduction is configurable within 10 %–20 % (财库〔2022〕19号)",
        arguments: [(Int32(999), false), (1_000, true), (1_500, true), (2_000, true), (2_001, false), (600, false)])
    func deductionRange(bp: Int32, valid: Bool) {
        let settings = CompetitionSettings(smeDeduction: BasisPoints(bp))
        if valid {
            #expect(throws: Never.self) { try settings.validate() }
        } else {
            let error = #expect(throws: DomainError.self) { try settings.validate() }
            #expect(error?.code == .competitionSettingsInvalid)
            #expect(error?.fields.map(\.field) == ["smeDeductionBp"])
        }
    }

    // MARK: - Quotes

    @Test(
        "§K1 quotes above the ceiling or the agreed price, late, or unadmitted are refused",
        arguments: [
            // (method, total fen, agreed unit price, minutes after Mon 10:00, expected code or nil)
            (CompetitionNeed.Method.mall, Fen.yuan(50_000), Fen?.none, 0, DomainError.Code?.none),  // = ceiling
            (.mall, Fen.yuan(50_000) + Fen(1), nil, 0, .competitionQuoteAboveCeiling),
            (.mall, Fen.yuan(40_000), nil, 29 * 60 - 1, nil),  // Tue 14:59
            (.mall, Fen.yuan(40_000), nil, 29 * 60, .competitionClosed),  // Tue 15:00 = deadline: closed
            (.mall, Fen.zero, nil, 0, .validationFailed),
            (.secondBidding, Fen.yuan(45_000), Fen.yuan(4_500), 0, nil),  // = agreed × 10
            (.secondBidding, Fen.yuan(45_000) + Fen(1), Fen.yuan(4_500), 0, .competitionQuoteAboveAgreedPrice),
            (.secondBidding, Fen.yuan(45_000), nil, 0, .competitionSupplierNotAdmitted),
            (.secondBidding, Fen.yuan(51_000), Fen.yuan(6_000), 0, .competitionQuoteAboveCeiling),
        ])
    func admission(method: CompetitionNeed.Method, total: Fen, agreed: Fen?, minutes: Int, expected: DomainError.Code?)
    {
        let need = F.need(method: method)
        let quote = F.quote(1, .small, total, minutes: minutes)
        if let expected {
            let error = #expect(throws: DomainError.self) { try need.admit(quote, agreedUnitPrice: agreed) }
            #expect(error?.code == expected)
        } else {
            #expect(throws: Never.self) { try need.admit(quote, agreedUnitPrice: agreed) }
        }
    }

    @Test("§K1 a cancelled or closed competition takes no quotes")
    func admissionNeedsOpen() throws {
        var competition = Competition(id: ID(F.uuid(9)), need: F.need())
        try competition.cancel(reason: "budget withdrawn", at: F.at("2026-03-07", 9))
        let error = #expect(throws: DomainError.self) {
            try competition.admit(F.quote(1, .small, .yuan(100), minutes: 0))
        }
        #expect(error?.code == .competitionClosed)
    }

    // MARK: - Sealing

    @Test(
        "§K1 quotes are sealed until the deadline; a supplier always sees its own",
        arguments: [
            // (viewer, after deadline, cancelled, may view supplier 1's quote)
            (QuoteViewer.supplier(F.org(1)), false, false, true),  // its own, before
            (.supplier(F.org(1)), true, true, true),  // its own, cancelled
            (.supplier(F.org(2)), false, false, false),  // a rival, before
            (.supplier(F.org(2)), true, false, true),  // a rival that quoted, after
            (.supplier(F.org(3)), true, false, false),  // a supplier that did not quote
            (.supplier(F.org(2)), true, true, false),  // a rival, cancelled competition
            (.unit(F.unit), false, false, false),  // the posting unit, before
            (.unit(F.unit), true, false, true),
            (.unit(F.unit), true, true, false),
            (.unit(F.org(1_001)), true, false, false),  // another unit
            (.operator, false, false, false),
            (.operator, true, false, true),
            (.regulator, false, false, false),
            (.regulator, true, true, true),
        ])
    func sealing(viewer: QuoteViewer, afterDeadline: Bool, cancelled: Bool, expected: Bool) throws {
        var competition = Competition(id: ID(F.uuid(9)), need: F.need())
        if cancelled { try competition.cancel(reason: "need withdrawn", at: F.at("2026-03-09", 9)) }
        let time = afterDeadline ? F.at("2026-03-10", 15) : F.at("2026-03-10", 14, 59, 59)
        #expect(
            competition.mayView(quoteBy: F.org(1), viewer: viewer, quotingSuppliers: [F.org(1), F.org(2)], at: time)
                == expected)
    }
}
