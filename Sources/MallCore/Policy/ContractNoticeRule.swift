/// Marker type for contract notice ids.
package enum ContractNoticeEntity {}

/// DOMAIN.md §O6: every order's contract is published within N working days (default 2) of signing, on the
/// working-day calendar of §W1.
package enum ContractNoticeRule {
    /// The due date: `signedOn` plus `workingDays` working days; when the calendar of a year on the way is not
    /// loaded, `signedOn + workingDays` calendar days marked provisional (§W1: flagged, never guessed silently).
    package static func dueDate(
        signedOn: LocalDate, workingDays: Int, calendar: WorkdayCalendar
    ) -> (due: LocalDate, provisional: Bool) {
        do {
            return (try calendar.adding(workingDays: workingDays, to: signedOn), false)
        } catch {
            return (signedOn.adding(days: workingDays), true)
        }
    }

    /// Whether a notice is late on `today`: published after its due date, or not published and past it.
    package static func isLate(dueOn: LocalDate, publishedOn: LocalDate?, today: LocalDate) -> Bool {
        if let publishedOn { return publishedOn > dueOn }
        return today > dueOn
    }

    /// Days late: after the due date up to the publication (or `today` while unpublished); 0 when on time.
    package static func daysLate(dueOn: LocalDate, publishedOn: LocalDate?, today: LocalDate) -> Int {
        max(0, (publishedOn ?? today).dayNumber - dueOn.dayNumber)
    }
}
