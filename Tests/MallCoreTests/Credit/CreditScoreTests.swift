import Foundation
import MallCore
import PropertyBased
import Testing

private typealias F = CompetitionFixtures

@Suite("Supplier credit: 100 each year, typed deductions, bands 90/80/60 (DOMAIN.md §S1)")
struct CreditScoreTests {
    private func event(_ n: Int, _ kind: CreditEvent.Kind, on date: String = "2026-05-01", hour: Int = 12)
        -> CreditEvent
    {
        CreditEvent(id: ID(F.uuid(n)), occurredAt: F.at(date, hour), kind: kind, reference: "order-\(n)")
    }

    @Test(
        "§S1 §O7 a rating deducts 2 when the average of delivery, quality and service is below 3",
        arguments: [
            // (delivery, quality, service, points, rule)
            (2, 3, 3, 2, CreditRule.poorRating),  // 2.67
            (1, 1, 1, 2, .poorRating),
            (5, 1, 2, 2, .poorRating),  // 2.67
            (3, 3, 3, 0, .ratingAcceptable),  // exactly 3 is not below 3
            (5, 2, 2, 0, .ratingAcceptable),
            (5, 5, 5, 0, .ratingAcceptable),
        ])
    func ratings(delivery: Int, quality: Int, service: Int, points: Int, rule: CreditRule) throws {
        let rating = try CreditRating(delivery: delivery, quality: quality, service: service)
        let deduction = CreditScore.deduction(for: .rating(rating), settings: CreditSettings())
        #expect(deduction.points == points)
        #expect(deduction.rule == rule)
    }

    @Test("§O7 ratings are 1 to 5; every bad mark is reported")
    func ratingRange() {
        let error = #expect(throws: DomainError.self) { try CreditRating(delivery: 0, quality: 3, service: 6) }
        #expect(error?.code == .validationFailed)
        #expect(error?.fields.map(\.field) == ["delivery", "service"])
    }

    @Test(
        "§S1 late delivery deducts 1 point per started week, at most 5",
        arguments: [(-2, 0), (0, 0), (1, 1), (7, 1), (8, 2), (30, 5), (60, 5)])
    func lateDelivery(days: Int, points: Int) {
        #expect(CreditScore.deduction(for: .lateDelivery(daysLate: days), settings: CreditSettings()).points == points)
    }

    @Test(
        "§S1 bands: ≥ 90 good; < 90 warning, 1 month; < 80 serious, 3 months; < 60 severe, 6 months",
        arguments: [
            (100, CreditBand.good, 0), (90, .good, 0), (89, .warning, 1), (80, .warning, 1), (79, .serious, 3),
            (60, .serious, 3), (59, .severe, 6), (0, .severe, 6),
        ])
    func bands(score: Int, band: CreditBand, months: Int) {
        let result = CreditScore.band(of: score)
        #expect(result.band == band)
        #expect(result.exposureMonths == months)
    }

    @Test("§S1 the score is explainable: each event of the year with its points and rule; other years ignored")
    func explainable() throws {
        let events = [
            event(1, .refusedAward, on: "2026-03-01"),
            event(2, .priceViolation, on: "2026-02-01"),
            event(3, .rating(try CreditRating(delivery: 1, quality: 2, service: 3)), on: "2026-04-01"),
            event(4, .acceptanceFailed, on: "2025-12-31", hour: 23),  // last year, China time
            event(5, .lateDelivery(daysLate: 10), on: "2026-04-02"),
            event(6, .rating(try CreditRating(delivery: 4, quality: 4, service: 4)), on: "2026-04-03"),
        ]
        let report = CreditScore.compute(events: events, year: 2026)
        #expect(report.lines.map(\.event.id) == [2, 1, 3, 5, 6].map { ID(F.uuid($0)) })  // in time order
        #expect(report.lines.map(\.points) == [5, 10, 2, 2, 0])
        #expect(
            report.lines.map(\.rule) == [.priceViolation, .refusedAward, .poorRating, .lateDelivery, .ratingAcceptable])
        #expect(report.lines.map(\.scoreAfter) == [95, 85, 83, 81, 81])
        #expect(report.lines[2].explanation == "average rating 2.00 below 3: −2")
        #expect(report.score == 81 && report.totalDeducted == 19)
        #expect(report.band == .warning && report.exposureMonths == 1)
        #expect(report.bandSince == F.at("2026-03-01", 12))  // the refused award took it below 90

        let lastYear = CreditScore.compute(events: events, year: 2025)
        #expect(lastYear.score == 95 && lastYear.band == .good && lastYear.bandSince == nil)
        #expect(CreditScore.compute(events: events, year: 2027).score == CreditScore.startingScore)
    }

    @Test("§S1 the score never goes below 0; operator deductions are clamped to 0–100")
    func floorAndClamp() {
        let events = (1...12).map { event($0, .refusedAward, on: "2026-06-\($0 < 10 ? "0" : "")\($0)") }
        let report = CreditScore.compute(events: events, year: 2026)
        #expect(report.score == 0 && report.totalDeducted == 120)
        #expect(report.band == .severe && report.exposureMonths == 6)
        #expect(report.bandSince == F.at("2026-06-05", 12))  // 100 − 50 = 50 < 60
        let settings = CreditSettings()
        #expect(
            CreditScore.deduction(
                for: .operatorDeduction(points: 150, reason: "false SME declaration"), settings: settings
            ).points == 100)
        #expect(
            CreditScore.deduction(for: .operatorDeduction(points: -5, reason: "typo"), settings: settings).points == 0)
    }

    @Test("§S1 points and bands are configuration; bad settings are refused")
    func settings() throws {
        let strict = CreditSettings(refusedAwardPoints: 20, warningBelow: 95, warningExposureMonths: 2)
        try strict.validate()
        let report = CreditScore.compute(events: [event(1, .refusedAward)], year: 2026, settings: strict)
        #expect(report.score == 80 && report.band == .warning && report.exposureMonths == 2)

        let bad = CreditSettings(priceViolationPoints: -1, seriousBelow: 95)
        let error = #expect(throws: DomainError.self) { try bad.validate() }
        #expect(error?.code == .creditSettingsInvalid)
        #expect(error?.fields.map(\.field) == ["priceViolationPoints", "warningBelow"])
    }

    // MARK: - Properties

    /// (kind 0–5, three marks, days late, operator points, day offset from 2025-12-01, id)
    private typealias Raw = (Int, Int, Int, Int, Int, Int, Int)
    private static let raws = zip(
        Gen.int(in: 0...5), Gen.int(in: 1...5), Gen.int(in: 1...5), Gen.int(in: 1...5), Gen.int(in: -3...60),
        Gen.int(in: -10...120), Gen.int(in: 0...420)
    ).array(of: 0...25)

    private static func events(_ raws: [Raw]) throws -> [CreditEvent] {
        let start = LocalDate(year: 2025, month: 12, day: 1)?.dayNumber ?? 0
        return try raws.enumerated().map { index, raw in
            let kind: CreditEvent.Kind =
                switch raw.0 {
                case 0: .rating(try CreditRating(delivery: raw.1, quality: raw.2, service: raw.3))
                case 1: .priceViolation
                case 2: .refusedAward
                case 3: .lateDelivery(daysLate: raw.4)
                case 4: .acceptanceFailed
                default: .operatorDeduction(points: raw.5, reason: "generated")
                }
            let day = LocalDate(dayNumber: start + raw.6)
            return CreditEvent(id: ID(F.uuid(index + 1)), occurredAt: F.at(day.description, 12), kind: kind)
        }
    }

    @Test("§S1 score = max(0, 100 − Σ deductions of the year's events), and its band follows from it")
    func formula() async {
        await propertyCheck(input: Self.raws) { raws in
            let events = try Self.events(raws)
            let report = CreditScore.compute(events: events, year: 2026)
            let counted = events.filter { LocalDate($0.occurredAt).year == 2026 }
            let sum = counted.map { CreditScore.deduction(for: $0.kind, settings: CreditSettings()).points }.reduce(
                0, +)
            #expect(report.lines.count == counted.count)
            #expect(report.lines.allSatisfy { $0.points >= 0 })
            #expect(report.totalDeducted == sum)
            #expect(report.score == max(0, 100 - sum))
            #expect(report.band == CreditScore.band(of: report.score).band)
            #expect((report.band == .good) == (report.bandSince == nil))
        }
    }

    @Test("§S1 adding an event never raises the score")
    func monotone() async {
        await propertyCheck(input: Self.raws, Gen.int(in: 0...5)) { raws, extraKind in
            let events = try Self.events(raws)
            let extra = try Self.events([(extraKind, 1, 2, 3, 9, 7, 200)])[0]
            let added = events + [CreditEvent(id: ID(F.uuid(999)), occurredAt: extra.occurredAt, kind: extra.kind)]
            let before = CreditScore.compute(events: events, year: 2026).score
            let after = CreditScore.compute(events: added, year: 2026).score
            #expect(after <= before)
        }
    }
}
