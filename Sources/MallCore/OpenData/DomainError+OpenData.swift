extension DomainError.Code {
    // MARK: - Open data (DOMAIN.md §X2)

    /// An order or agreement snapshot handed to the OCDS builder is inconsistent (e.g. lines that do not sum to
    /// the total, a stage-2 order without its agreement); `fields` lists every problem. A server-side fault,
    /// never the caller's.
    package static let openDataSnapshotInconsistent = Self("open_data.snapshot_inconsistent")
}
