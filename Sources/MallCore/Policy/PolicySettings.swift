/// The configurable numbers of the policy reports (DOMAIN.md §V2, §G3): regional settings, never constants
/// in code. The defaults are the national ones of DOMAIN.md's table.
package struct PolicySettings: Sendable, Equatable {
    /// §V2: the smallest reserved share of canteen food purchases for 832 products (10 %).
    package var minimumReservedRatio = BasisPoints.percent(10)
    /// §V2: the filing deadline of a fiscal year, as month and day of that year (default 31 March). A later
    /// filing is accepted and marked late.
    package var filingDeadlineMonth = 3
    package var filingDeadlineDay = 31
    /// §G3: the green share target in the green-list categories (80 %).
    package var greenTarget = BasisPoints.percent(80)

    package init() {}

    /// The filing deadline of `fiscalYear` (clamped to the month's last day).
    package func filingDeadline(of fiscalYear: Int) -> LocalDate {
        var day = filingDeadlineDay
        while day > 28, LocalDate(year: fiscalYear, month: filingDeadlineMonth, day: day) == nil { day -= 1 }
        return LocalDate(year: fiscalYear, month: filingDeadlineMonth, day: day)
            ?? LocalDate(dayNumber: 0)
    }

    /// Parses `MM-DD` (a deadline setting); `nil` when malformed.
    package static func parseMonthDay(_ text: String) -> (month: Int, day: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let m = Int(parts[0]), let d = Int(parts[1]),
            LocalDate(year: 2024, month: m, day: d) != nil
        else { return nil }
        return (m, d)
    }
}
