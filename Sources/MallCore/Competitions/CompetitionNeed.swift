import Foundation

/// What a unit posts to start a competition (DOMAIN.md §K1): category, specs, quantity, a budget ceiling,
/// the publication instant and the deadline for quotes.
///
/// **Ceiling.** `unitCeiling` is the highest unit price (最高限价, per unit of the need's quantity); quotes are
/// totals, and the ceiling they are held to is `totalCeiling = unitCeiling × quantity`.
package struct CompetitionNeed: Sendable, Equatable {
    /// How the competition is run: a mall 竞价 (§K) or the second bidding of a framework agreement (§F7).
    package enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Mall competition (电子卖场竞价), DOMAIN.md §K.
        case mall
        /// Framework-agreement second bidding (二次竞价), DOMAIN.md §F7: quotes are also capped by each
        /// supplier's agreed price.
        case secondBidding = "second_bidding"
    }

    /// Goods or services: the SME deduction checks manufacturers only for goods (DOMAIN.md §K2).
    package enum Subject: String, Sendable, Hashable, Codable, CaseIterable {
        case goods
        case services

        /// The subject of a 2022 品目 code: `A…` goods, `C…` services; works (`B…`) and anything else are
        /// not competed here (the mall and FAs sell goods and services, DOMAIN.md §F1).
        package init?(categoryCode: String) {
            switch categoryCode.first {
            case "A": self = .goods
            case "C": self = .services
            default: return nil
            }
        }
    }

    /// The unit that posted the need.
    package var postedBy: ID<Organisation>
    /// Mall competition or FA second bidding.
    package var method: Method
    /// The leaf 品目 code (DOMAIN.md §C1; the leaf check is the catalog's).
    package var categoryCode: String
    /// Required specifications, as on listings.
    package var specs: [String: JSONValue]
    /// Units wanted (≥ 1).
    package var quantity: Int64
    /// The highest unit price (最高限价) in fen; see the type's documentation.
    package var unitCeiling: Fen
    /// When the need was published.
    package var publishedAt: Date
    /// When quotes close and unseal.
    package var deadline: Date

    /// Creates a need; call `validate(settings:calendar:)` before accepting it.
    package init(
        postedBy: ID<Organisation>, method: Method = .mall, categoryCode: String, specs: [String: JSONValue] = [:],
        quantity: Int64, unitCeiling: Fen, publishedAt: Date, deadline: Date
    ) {
        self.postedBy = postedBy
        self.method = method
        self.categoryCode = categoryCode
        self.specs = specs
        self.quantity = quantity
        self.unitCeiling = unitCeiling
        self.publishedAt = publishedAt
        self.deadline = deadline
    }

    /// Goods unless the category is a services (`C…`) code. A malformed code never gets the services
    /// treatment, which would skip the manufacturer check of §K2; `validate` refuses it anyway.
    package var subject: Subject { Subject(categoryCode: categoryCode) ?? .goods }

    /// The ceiling a quote's total is held to: `unitCeiling × quantity` (clamped to `Int64`; `validate`
    /// refuses a need whose product overflows).
    package var totalCeiling: Fen { Fen(Int64(clamping: Int128(unitCeiling.rawValue) * Int128(quantity))) }

    // MARK: - Validation (§K1)

    /// Checks the need (DOMAIN.md §K1): category is goods or services, quantity ≥ 1, ceiling > 0 (all field
    /// problems at once, `request.validation_failed`); then the deadline against the minimum response time
    /// (`competition.deadline_too_early`; see `earliestDeadline`). Years without a holiday calendar throw
    /// `calendar.year_not_loaded` (§W1), also when only the deadline falls in such a year.
    package func validate(settings: CompetitionSettings, calendar: WorkdayCalendar) throws(DomainError) {
        try settings.validate()
        var validator = Validator()
        validator.text(categoryCode, "categoryCode", maxLength: 32)
        validator.check(
            categoryCode.isEmpty || Subject(categoryCode: categoryCode) != nil, "categoryCode", "not_goods_or_services",
            "a competition buys goods (A…) or services (C…)")
        validator.check(quantity >= 1, "quantity", "out_of_range", "quantity is at least 1")
        validator.check(unitCeiling > .zero, "unitCeilingFen", "out_of_range", "the ceiling is more than 0 fen")
        validator.check(
            !unitCeiling.rawValue.multipliedReportingOverflow(by: max(quantity, 1)).overflow, "unitCeilingFen",
            "too_large", "ceiling × quantity exceeds the largest amount")
        try validator.validate()

        let earliest = try earliestDeadline(settings: settings, calendar: calendar)
        guard deadline >= earliest else {
            let days = settings.minimumResponseWorkingDays(for: method)
            throw DomainError(
                .competitionDeadlineTooEarly,
                "the deadline must leave \(days) working day(s) to respond: \(earliest.formatted(.iso8601)) or later",
                fields: [
                    .init(field: "deadline", code: "too_early", message: "at or after \(earliest.formatted(.iso8601))")
                ])
        }
        // §W1: a deadline in a year with no calendar loaded is flagged, never guessed.
        _ = try calendar.isWorkingDay(LocalDate(deadline))
    }

    /// The earliest allowed deadline (DOMAIN.md §K1, §F7, §W1). Published on China date D at time of day h,
    /// with a minimum response time of n working days, the deadline must be at or after
    /// **h on the date `calendar.adding(workingDays: n, to: D)`** (the n-th working day after D; D itself
    /// never counts, so a need published on a Saturday with n = 1 may close on Monday at the same time).
    /// A later date at any time, or that date at h or later, is allowed. China has a fixed UTC+8 offset,
    /// so the same time of day is exactly a whole number of days later.
    package func earliestDeadline(settings: CompetitionSettings, calendar: WorkdayCalendar) throws(DomainError) -> Date
    {
        let days = max(0, settings.minimumResponseWorkingDays(for: method))
        let published = LocalDate(publishedAt)
        let earliestDate = try calendar.adding(workingDays: days, to: published)
        return publishedAt.addingTimeInterval(TimeInterval((earliestDate.dayNumber - published.dayNumber) * 86_400))
    }
}
