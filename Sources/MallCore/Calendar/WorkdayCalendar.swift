/// Working days in China (DOMAIN.md §W1): Monday–Friday work, Saturday–Sunday off, except the days the
/// State Council's holiday notice lists (public holidays off, adjusted 调休 working days on).
///
/// Years without a loaded notice are known to be unknown: asking about them throws
/// `calendar.year_not_loaded` rather than guessing from weekends alone.
package struct WorkdayCalendar: Sendable, Equatable {
    /// Days that differ from the weekday pattern: `true` = a day off, `false` = an adjusted working day.
    package private(set) var exceptions: [LocalDate: Bool]
    /// Years whose notice is loaded.
    package private(set) var loadedYears: Set<Int>

    package init(exceptions: [LocalDate: Bool], loadedYears: Set<Int>) {
        self.exceptions = exceptions
        self.loadedYears = loadedYears
    }

    /// Whether `date` is a working day.
    package func isWorkingDay(_ date: LocalDate) throws(DomainError) -> Bool {
        guard loadedYears.contains(date.year) else {
            throw DomainError(.calendarYearNotLoaded, "no holiday calendar is loaded for \(date.year)")
        }
        if let off = exceptions[date] { return !off }
        return date.isoWeekday <= 5
    }

    /// The date `count` working days after `date` (DOMAIN.md §W1): `date` itself does not count.
    package func adding(workingDays count: Int, to date: LocalDate) throws(DomainError) -> LocalDate {
        precondition(count >= 0, "working days are counted forward")
        var current = date
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// Working days strictly after `start` up to and including `end`.
    package func workingDays(after start: LocalDate, through end: LocalDate) throws(DomainError) -> Int {
        guard start < end else { return 0 }
        var count = 0
        var current = start.adding(days: 1)
        while current <= end {
            if try isWorkingDay(current) { count += 1 }
            current = current.adding(days: 1)
        }
        return count
    }
}

extension DomainError.Code {
    /// A date falls in a year whose holiday notice is not loaded (DOMAIN.md §W1).
    package static let calendarYearNotLoaded = Self("calendar.year_not_loaded")
}
