/// The payment-term rules (DOMAIN.md §O5, §W1; 保障中小企业款项支付条例 Art 9 and 17; 民法典 Art 203). Every number
/// is configuration with the statutory value as its default.
///
/// - An SME supplier (small, medium or micro at contract time) is paid within `smeTermDays` (30) of delivery,
///   or of the passed acceptance when the contract makes acceptance the condition. The contract may agree
///   another term, but never more than `smeMaxTermDays` (60): longer is refused with
///   `order.payment_term_too_long`.
/// - A large supplier is paid within the contract's term, `defaultTermDays` (30) when none was agreed.
/// - The period counts calendar days; when its last day is not a working day (a statutory holiday or a weekend
///   that is not an adjusted working day), the due date is the next working day (民法典 Art 203). The holiday
///   calendar decides, so a year not loaded throws `calendar.year_not_loaded` (§W1: never guessed).
/// - Late payment bears `defaultDailyInterest` (5 bp = 0.05 % per day) on the unpaid amount unless the contract
///   agreed another rate.
package struct PaymentTermsPolicy: Sendable, Hashable {
    /// The payment term for SME suppliers when the contract agrees none (default 30 days ✔ Art 9).
    package var smeTermDays: Int
    /// The longest term a contract may agree with an SME supplier (default 60 days ✔ Art 9).
    package var smeMaxTermDays: Int
    /// The payment term for large suppliers when the contract agrees none (default 30 days).
    package var defaultTermDays: Int
    /// Late-payment interest per day when none was agreed (default 5 bp = 0.05 % ✔ Art 17).
    package var defaultDailyInterest: BasisPoints

    /// Creates a policy; the defaults are the statutory values of DOMAIN.md's numbers table.
    package init(
        smeTermDays: Int = 30, smeMaxTermDays: Int = 60, defaultTermDays: Int = 30,
        defaultDailyInterest: BasisPoints = BasisPoints(5)
    ) {
        self.smeTermDays = smeTermDays
        self.smeMaxTermDays = smeMaxTermDays
        self.defaultTermDays = defaultTermDays
        self.defaultDailyInterest = defaultDailyInterest
    }

    // MARK: - Terms

    /// The payment term in calendar days for `terms`. Throws `order.payment_term_too_long` when an SME
    /// contract agrees more than `smeMaxTermDays`, and `request.validation_failed` for a negative term or rate.
    /// Call it when the order is placed to refuse bad terms early.
    package func termDays(for terms: PaymentTerms) throws(DomainError) -> Int {
        var validator = Validator()
        validator.check(
            (terms.agreedTermDays ?? 0) >= 0, "paymentTerms.agreedTermDays", "negative", "a term is at least 0 days")
        validator.check(
            (terms.agreedDailyInterest ?? .zero) >= .zero, "paymentTerms.agreedDailyInterest", "negative",
            "an interest rate is at least 0")
        try validator.validate()
        guard terms.supplierSize.isSME else { return terms.agreedTermDays ?? defaultTermDays }
        let days = terms.agreedTermDays ?? smeTermDays
        guard days <= smeMaxTermDays else {
            throw DomainError(
                .paymentTermTooLong,
                "a contract with an SME supplier (\(terms.supplierSize.rawValue)) may not agree a payment term of "
                    + "\(days) days: at most \(smeMaxTermDays) days (保障中小企业款项支付条例 Art 9)",
                fields: [
                    .init(
                        field: "paymentTerms.agreedTermDays", code: "too_long",
                        message: "at most \(smeMaxTermDays) days for an SME supplier")
                ])
        }
        return days
    }

    /// The day the payment clock starts: the delivery date, or the passed-acceptance date when acceptance is the
    /// agreed condition; `nil` while that has not happened.
    package func clockStart(for terms: PaymentTerms, deliveredOn: LocalDate?, acceptedOn: LocalDate?) -> LocalDate? {
        switch terms.clockStart {
        case .delivery: deliveredOn
        case .acceptance: acceptedOn
        }
    }

    /// The payment due date (DOMAIN.md §O5), or `nil` while the clock has not started. `acceptedOn` is the day a
    /// *passed* acceptance was recorded (`OrderLifecycle.acceptedOn`).
    package func dueDate(
        for terms: PaymentTerms, deliveredOn: LocalDate?, acceptedOn: LocalDate?, calendar: WorkdayCalendar
    ) throws(DomainError) -> LocalDate? {
        let days = try termDays(for: terms)
        guard let start = clockStart(for: terms, deliveredOn: deliveredOn, acceptedOn: acceptedOn) else { return nil }
        return try Self.dueDate(start: start, termDays: days, calendar: calendar)
    }

    /// `start + termDays` calendar days, moved forward to the next working day when that day is not one
    /// (民法典 Art 203, DOMAIN.md §W1). Throws `calendar.year_not_loaded` for a day in a year without a calendar.
    package static func dueDate(
        start: LocalDate, termDays: Int, calendar: WorkdayCalendar
    ) throws(DomainError) -> LocalDate {
        var due = start.adding(days: termDays)
        while try !calendar.isWorkingDay(due) { due = due.adding(days: 1) }
        return due
    }

    // MARK: - Interest

    /// The daily late-payment rate of `terms`: the agreed one, else `defaultDailyInterest`.
    package func dailyInterest(for terms: PaymentTerms) -> BasisPoints {
        terms.agreedDailyInterest ?? defaultDailyInterest
    }

    /// Interest on `unpaid` for every calendar day after `dueDate` up to and including `asOf` (DOMAIN.md §O5):
    /// `unpaid × rate × days / 10 000`, rounded half up (四舍五入) to the fen **once over the whole period**, not
    /// per day. Zero when `asOf` is not after `dueDate` or nothing is unpaid.
    package func overdueInterest(
        on unpaid: Fen, dueDate: LocalDate, asOf: LocalDate, terms: PaymentTerms
    ) -> OverdueInterest {
        let rate = dailyInterest(for: terms)
        let days = max(0, asOf.dayNumber - dueDate.dayNumber)
        let base = max(unpaid, .zero)
        let product = Int128(base.rawValue) * Int128(rate.rawValue) * Int128(days)
        let interest = Fen(Int64(clamping: Rounding.halfUp.divide(product, by: 10_000)))
        return OverdueInterest(
            dueDate: dueDate, asOf: asOf, daysOverdue: days, dailyRate: rate, unpaid: base, interest: interest)
    }
}
