import MallCore
import PropertyBased
import Testing

@Suite("Business dates and working days (DOMAIN.md §W1)")
struct CalendarTests {
    /// The 2026 State Council notice, as far as these tests need it.
    let calendar = WorkdayCalendar(
        exceptions: [
            LocalDate("2026-02-14")!: false,  // literal: 春节 adjusted working Saturday
            LocalDate("2026-02-16")!: true,  // literal: 春节
            LocalDate("2026-10-01")!: true,  // literal: 国庆节
            LocalDate("2026-10-02")!: true,  // literal
            LocalDate("2026-10-05")!: true,  // literal
        ], loadedYears: [2026])

    @Test("dates round-trip through day numbers")
    func dayNumbers() async {
        await propertyCheck(input: Gen.int(in: -100_000...100_000)) { n in
            #expect(LocalDate(dayNumber: n).dayNumber == n)
        }
        #expect(LocalDate("1970-01-01")?.dayNumber == 0)
        #expect(LocalDate("2026-03-02")?.isoWeekday == 1)  // a Monday
        #expect(LocalDate("2026-02-30") == nil)
        #expect(LocalDate("2024-02-29") != nil)
    }

    @Test("weekends alone are wrong: an adjusted Saturday works, a holiday Monday does not")
    func holidays() throws {
        #expect(try calendar.isWorkingDay(LocalDate("2026-02-14")!))  // literal
        #expect(try !calendar.isWorkingDay(LocalDate("2026-02-16")!))  // literal
        #expect(try !calendar.isWorkingDay(LocalDate("2026-03-07")!))  // literal: a plain Saturday
        #expect(try calendar.isWorkingDay(LocalDate("2026-03-09")!))  // literal: a plain Monday
    }

    @Test("2 working days after 2026-09-30 skip the National Day holiday (§O6)")
    func addingWorkingDays() throws {
        let start = LocalDate("2026-09-30")!  // literal
        // 10-01, 10-02 off; 10-03/04 weekend; 10-05 off; 10-06 and 10-07 are working days here.
        #expect(try calendar.adding(workingDays: 2, to: start) == LocalDate("2026-10-07"))
        #expect(try calendar.workingDays(after: start, through: LocalDate("2026-10-07")!) == 2)  // literal
    }

    @Test("a year without a loaded notice is flagged, never guessed")
    func unloadedYear() {
        #expect(throws: DomainError.self) { try calendar.isWorkingDay(LocalDate("2027-01-04")!) }  // literal
        do {
            _ = try calendar.adding(workingDays: 5, to: LocalDate("2026-12-30")!)  // literal
            Issue.record("expected calendar.year_not_loaded")
        } catch {
            #expect(error.code == .calendarYearNotLoaded)
        }
    }
}
