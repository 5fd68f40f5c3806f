extension DomainError.Code {
    // MARK: - Supplier credit (DOMAIN.md §S1)

    /// Credit settings are out of range (points outside 0–100, band thresholds not descending…); `fields`
    /// lists every problem.
    package static let creditSettingsInvalid = Self("credit.settings_invalid")
}
