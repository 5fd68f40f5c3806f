/// The configurable numbers of competitions (DOMAIN.md §K, numbers table): per region or per agreement,
/// never constants in code. The defaults are those of the numbers table.
package struct CompetitionSettings: Sendable, Equatable, Hashable {
    /// Minimum response time of a mall competition, in working days (DOMAIN.md §K1; default 1).
    package var minimumResponseWorkingDays: Int
    /// Minimum response time of framework-agreement second bidding, in working days (DOMAIN.md §F7; default 2).
    package var secondBiddingMinimumResponseWorkingDays: Int
    /// The price deduction of a small/micro supplier's quote (DOMAIN.md §K2; default 1 000 bp = 10 %).
    package var smeDeduction: BasisPoints

    /// The range 财库〔2022〕19号 allows for the small/micro deduction on goods and services: 10 %–20 %
    /// (DOMAIN.md numbers table, ✔). A rule of law, not configuration.
    package static let smeDeductionRange: ClosedRange<BasisPoints> = BasisPoints(1_000)...BasisPoints(2_000)

    /// Creates settings; every argument defaults to DOMAIN.md's numbers table.
    package init(
        minimumResponseWorkingDays: Int = 1,
        secondBiddingMinimumResponseWorkingDays: Int = 2,
        smeDeduction: BasisPoints = .percent(10)
    ) {
        self.minimumResponseWorkingDays = minimumResponseWorkingDays
        self.secondBiddingMinimumResponseWorkingDays = secondBiddingMinimumResponseWorkingDays
        self.smeDeduction = smeDeduction
    }

    /// The minimum response time for a competition run by `method` (DOMAIN.md §K1, §F7).
    package func minimumResponseWorkingDays(for method: CompetitionNeed.Method) -> Int {
        switch method {
        case .mall: minimumResponseWorkingDays
        case .secondBidding: secondBiddingMinimumResponseWorkingDays
        }
    }

    /// Throws `competition.settings_invalid`, listing every bad field, when the SME deduction is outside
    /// 10 %–20 % (DOMAIN.md §K2) or a response time is negative.
    package func validate() throws(DomainError) {
        var problems: [DomainError.FieldError] = []
        if !Self.smeDeductionRange.contains(smeDeduction) {
            problems.append(
                .init(
                    field: "smeDeductionBp", code: "out_of_range",
                    message: "the small/micro deduction is \(Self.smeDeductionRange.lowerBound.rawValue)–"
                        + "\(Self.smeDeductionRange.upperBound.rawValue) bp (财库〔2022〕19号), not \(smeDeduction.rawValue)"
                ))
        }
        if minimumResponseWorkingDays < 0 {
            problems.append(
                .init(
                    field: "minimumResponseWorkingDays", code: "out_of_range",
                    message: "a response time is 0 or more working days"))
        }
        if secondBiddingMinimumResponseWorkingDays < 0 {
            problems.append(
                .init(
                    field: "secondBiddingMinimumResponseWorkingDays", code: "out_of_range",
                    message: "a response time is 0 or more working days"))
        }
        if !problems.isEmpty {
            throw DomainError(.competitionSettingsInvalid, "the competition settings are invalid", fields: problems)
        }
    }
}
