import Foundation
import MallCore

/// Deterministic ids, China-time instants and a 2026 holiday calendar for the competition and credit tests.
enum CompetitionFixtures {
    /// A UUID whose last bytes spell `n`, so ids sort like their numbers.
    static func uuid(_ n: Int) -> UUID {
        let b = UInt64(n)
        return UUID(
            uuid: (
                0, 0, 0, 0, 0, 0, 0, 0, UInt8(truncatingIfNeeded: b >> 56), UInt8(truncatingIfNeeded: b >> 48),
                UInt8(truncatingIfNeeded: b >> 40), UInt8(truncatingIfNeeded: b >> 32),
                UInt8(truncatingIfNeeded: b >> 24),
                UInt8(truncatingIfNeeded: b >> 16), UInt8(truncatingIfNeeded: b >> 8), UInt8(truncatingIfNeeded: b)
            ))
    }

    static func org(_ n: Int) -> ID<Organisation> { ID(uuid(n)) }
    static func quoteID(_ n: Int) -> ID<CompetitionQuote> { ID(uuid(n)) }

    /// The posting unit.
    static let unit = org(1_000)

    /// The instant `hour:minute` on `date` in China (UTC+8).
    static func at(_ date: String, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Date {
        guard let day = LocalDate(date) else { preconditionFailure("fixture date \(date) is not YYYY-MM-DD") }
        let seconds = day.dayNumber * 86_400 + (hour - 8) * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The 2026 notice as far as these tests need it (same days as CalendarTests).
    static let calendar = WorkdayCalendar(
        exceptions: [
            LocalDate("2026-02-14")!: false,  // literal: 春节 adjusted working Saturday
            LocalDate("2026-02-16")!: true,  // literal: 春节
            LocalDate("2026-10-01")!: true,  // literal: 国庆节
            LocalDate("2026-10-02")!: true,  // literal
            LocalDate("2026-10-05")!: true,  // literal
        ], loadedYears: [2026])

    /// A goods need (台式计算机) of 10 units at most ¥5 000 each, published Friday 2026-03-06 15:00, closing
    /// Tuesday 2026-03-10 15:00.
    static func need(
        method: CompetitionNeed.Method = .mall, categoryCode: String = "A02010105", quantity: Int64 = 10,
        unitCeiling: Fen = .yuan(5_000), publishedAt: Date = at("2026-03-06", 15),
        deadline: Date = at("2026-03-10", 15)
    ) -> CompetitionNeed {
        CompetitionNeed(
            postedBy: unit, method: method, categoryCode: categoryCode, specs: ["cpu": .string("8 cores")],
            quantity: quantity, unitCeiling: unitCeiling, publishedAt: publishedAt, deadline: deadline)
    }

    /// A quote by supplier `n` (quote id `n`), submitted Monday 2026-03-09 at 10:00 + `minutes`.
    static func quote(
        _ n: Int, _ size: EnterpriseSize?, _ total: Fen, manufacturers: [EnterpriseSize?]? = nil, minutes: Int = 0,
        supplier: Int? = nil
    ) -> CompetitionQuote {
        CompetitionQuote(
            id: quoteID(n), supplierID: org(supplier ?? n), supplierSize: size,
            manufacturerSizes: manufacturers ?? [size], totalFen: total,
            submittedAt: at("2026-03-09", 10, minutes))
    }

    /// The blacklist check time of the tests: just after the deadline.
    static let checkedAt = at("2026-03-10", 15, 5)

    static func candidate(
        _ quote: CompetitionQuote, blacklisted: Set<BlacklistCheck.List> = [], agreed: Fen? = nil
    ) -> CompetitionCandidate {
        CompetitionCandidate(
            quote: quote, blacklist: BlacklistCheck(listedOn: blacklisted, checkedAt: checkedAt),
            agreedUnitPrice: agreed)
    }
}
