/// The unit's performance acceptance (履约验收) of a delivered order (DOMAIN.md §O2): when, by whom, with
/// which result. A passed acceptance may start the §O5 payment clock.
package struct AcceptanceRecord: Sendable, Hashable, Codable {
    /// The outcome of an acceptance check.
    package enum Result: String, Sendable, Hashable, Codable, CaseIterable {
        /// 验收合格.
        case passed
        /// 验收不合格: `notes` must say why.
        case failed
    }

    /// The day of the check; not before the delivery date.
    package var date: LocalDate
    /// Name of the person who carried out the check (验收人), at most 100 characters.
    package var acceptorName: String
    /// The outcome.
    package var result: Result
    /// Free notes, at most 2 000 characters; required when the check failed.
    package var notes: String?

    /// Creates a record.
    package init(date: LocalDate, acceptorName: String, result: Result, notes: String? = nil) {
        self.date = date
        self.acceptorName = acceptorName
        self.result = result
        self.notes = notes
    }
}
