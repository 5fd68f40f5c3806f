import Foundation
import MallCore

/// Small builders for the order tests.
enum OrderFixtures {
    /// A date from a literal `YYYY-MM-DD`.
    static func day(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { preconditionFailure("not a date literal: \(text)") }
        return date
    }

    /// A predictable UUID whose last group is `n`.
    static func uuid(_ n: Int) -> UUID {
        let digits = String(n)
        let tail = String(repeating: "0", count: max(0, 12 - digits.count)) + digits
        guard let uuid = UUID(uuidString: "00000000-0000-4000-8000-\(tail)") else {
            preconditionFailure("bad test uuid \(n)")
        }
        return uuid
    }

    static func order(_ n: Int) -> ID<Order> { ID(uuid(n)) }
    static func unit(_ n: Int) -> ID<Organisation> { ID(uuid(1_000_000 + n)) }

    /// Rows copied verbatim from /work/shared/data/holidays_cn.csv (`date,name,is_off_day`): 2025 National Day
    /// and Mid-Autumn, 2026 New Year and Spring Festival. Weekends not listed follow the weekday pattern.
    static let holidayRows = """
        date,name,is_off_day
        2025-09-28,国庆节、中秋节,false
        2025-10-01,国庆节、中秋节,true
        2025-10-02,国庆节、中秋节,true
        2025-10-03,国庆节、中秋节,true
        2025-10-04,国庆节、中秋节,true
        2025-10-05,国庆节、中秋节,true
        2025-10-06,国庆节、中秋节,true
        2025-10-07,国庆节、中秋节,true
        2025-10-08,国庆节、中秋节,true
        2025-10-11,国庆节、中秋节,false
        2026-01-01,元旦,true
        2026-01-02,元旦,true
        2026-01-03,元旦,true
        2026-01-04,元旦,false
        2026-02-14,春节,false
        2026-02-15,春节,true
        2026-02-16,春节,true
        2026-02-17,春节,true
        2026-02-18,春节,true
        2026-02-19,春节,true
        2026-02-20,春节,true
        2026-02-21,春节,true
        2026-02-22,春节,true
        2026-02-23,春节,true
        2026-02-28,春节,false
        """

    /// A calendar for 2025 and 2026 built from `holidayRows` (other holidays of those years are left out, so
    /// tests only use dates around these).
    static let calendar: WorkdayCalendar = {
        var exceptions: [LocalDate: Bool] = [:]
        for line in holidayRows.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",")
            exceptions[day(String(cells[0]))] = cells[2] == "true"
        }
        return WorkdayCalendar(exceptions: exceptions, loadedYears: [2025, 2026])
    }()
}
