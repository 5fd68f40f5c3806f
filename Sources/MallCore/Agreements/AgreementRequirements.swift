import Foundation

/// Marker type for framework-agreement ids (框架协议).
package enum Agreement {}

/// Closed (the main form: fixed membership, elimination in stage 1) or open (suppliers join and leave during
/// the term) (DOMAIN.md §F1, §F10).
package enum AgreementKind: String, Sendable, Hashable, Codable, CaseIterable {
    case closed
    case open
}

/// What an agreement buys (DOMAIN.md §F1): goods or services; works are refused.
package enum AgreementSubject: String, Sendable, Hashable, Codable, CaseIterable {
    case goods
    case services
    case works

    /// The subject of a 2022 品目 code: `A…` goods, `B…` works, `C…` services.
    package init?(categoryCode: String) {
        switch categoryCode.first {
        case "A": self = .goods
        case "B": self = .works
        case "C": self = .services
        default: return nil
        }
    }

    /// The competition subject (for the SME deduction's manufacturer check, DOMAIN.md §K2); works have none.
    package var competitionSubject: CompetitionNeed.Subject? {
        switch self {
        case .goods: .goods
        case .services: .services
        case .works: nil
        }
    }
}

/// How stage 1 ranks bids (DOMAIN.md §F1, §F2).
package enum EvaluationMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// 价格优先: lowest evaluated price first (SME deduction applied).
    case pricePriority = "price_priority"
    /// 质量优先: highest score first.
    case qualityPriority = "quality_priority"
}

/// How stage-2 orders are placed (DOMAIN.md §F6, §F7, §F8).
package enum StageTwoMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// 直接选定 (§F6).
    case directSelection = "direct_selection"
    /// 二次竞价 (§F7).
    case secondBidding = "second_bidding"
    /// 顺序轮候 (§F8).
    case rotation
}

/// The agreement's choice of stage-2 method, optionally by amount (DOMAIN.md §F9): orders below
/// `thresholdFen` use `method`, orders at or above it use `aboveMethod`. The unit cannot override it.
package struct StageTwoRule: Sendable, Hashable, Codable {
    /// The method of every order (or of orders below the threshold).
    package var method: StageTwoMethod
    /// The amount from which `aboveMethod` applies, if the rule is by amount.
    package var thresholdFen: Fen?
    /// The method at or above the threshold.
    package var aboveMethod: StageTwoMethod?

    /// Creates a rule.
    package init(method: StageTwoMethod, thresholdFen: Fen? = nil, aboveMethod: StageTwoMethod? = nil) {
        self.method = method
        self.thresholdFen = thresholdFen
        self.aboveMethod = aboveMethod
    }

    /// The method for an order of `amount` (DOMAIN.md §F9).
    package func method(forAmount amount: Fen) -> StageTwoMethod {
        if let thresholdFen, let aboveMethod, amount >= thresholdFen { return aboveMethod }
        return method
    }

    /// Every method the rule can choose.
    package var methods: [StageTwoMethod] { [method] + (aboveMethod.map { [$0] } ?? []) }
}

/// One lot (包) of an agreement (DOMAIN.md §F1): a leaf category, specs, the max unit price (最高限制单价),
/// optional volume-discount tiers (§P3) and the estimated quantity.
package struct AgreementLot: Sendable, Hashable, Codable {
    /// The lot's number within the agreement, 1, 2, …
    package var number: Int
    /// A short name.
    package var name: String
    /// The leaf 品目 code (DOMAIN.md §C1; the leaf check is the catalog's).
    package var categoryCode: String
    /// Required specifications.
    package var specs: [String: JSONValue]
    /// The max unit price: stage-1 bids above it are refused (§F2).
    package var maxUnitPriceFen: Fen
    /// Volume-discount tiers: once an order's quantity reaches a tier, its price must apply (§P3).
    package var volumeTiers: [PriceTier]
    /// The estimated quantity over the term.
    package var estimatedQuantity: Int64

    /// Creates a lot.
    package init(
        number: Int, name: String, categoryCode: String, specs: [String: JSONValue] = [:], maxUnitPriceFen: Fen,
        volumeTiers: [PriceTier] = [], estimatedQuantity: Int64
    ) {
        self.number = number
        self.name = name
        self.categoryCode = categoryCode
        self.specs = specs
        self.maxUnitPriceFen = maxUnitPriceFen
        self.volumeTiers = volumeTiers
        self.estimatedQuantity = estimatedQuantity
    }
}

/// The configurable numbers of framework agreements (DOMAIN.md numbers table: all configuration, never
/// constants in code).
package struct AgreementSettings: Sendable, Hashable {
    /// The longest term of a goods agreement without a recorded reason, in years (default 1).
    package var maxTermYearsGoods: Int = 1
    /// The longest term of a services agreement without a recorded reason, in years (default 2).
    package var maxTermYearsServices: Int = 2
    /// The lowest elimination rate of a closed agreement (default 20 %, ✔ Order 110).
    package var minimumEliminationRate: BasisPoints = .percent(20)
    /// The SME price deduction of price-priority evaluation (default 10 %, within 10 %–20 %, §F2, §K2).
    package var smeDeduction: BasisPoints = .percent(10)

    /// The default settings.
    package init() {}
}

/// What an operator fixes when creating a framework agreement (DOMAIN.md §F1). Frozen once solicitation
/// opens (§F4).
package struct AgreementRequirements: Sendable, Hashable {
    package var title: String
    package var subject: AgreementSubject
    package var kind: AgreementKind
    /// First and last day of the term (China dates).
    package var termStart: LocalDate
    package var termEnd: LocalDate
    /// The recorded reason for a term longer than the subject's default maximum.
    package var termReason: String?
    package var lots: [AgreementLot]
    package var evaluation: EvaluationMethod
    /// The elimination rate of a closed agreement (§F3); ignored for open agreements.
    package var eliminationRate: BasisPoints
    package var stageTwo: StageTwoRule
    /// Regions the agreement serves: units inside any of them may order; empty = every region.
    package var regions: [RegionCode]

    /// Creates requirements; call `validate(settings:)` before accepting them.
    package init(
        title: String, subject: AgreementSubject, kind: AgreementKind, termStart: LocalDate, termEnd: LocalDate,
        termReason: String? = nil, lots: [AgreementLot], evaluation: EvaluationMethod,
        eliminationRate: BasisPoints = .percent(20), stageTwo: StageTwoRule, regions: [RegionCode] = []
    ) {
        self.title = title
        self.subject = subject
        self.kind = kind
        self.termStart = termStart
        self.termEnd = termEnd
        self.termReason = termReason
        self.lots = lots
        self.evaluation = evaluation
        self.eliminationRate = eliminationRate
        self.stageTwo = stageTwo
        self.regions = regions
    }

    /// The lot numbered `number`.
    package func lot(_ number: Int) -> AgreementLot? { lots.first { $0.number == number } }

    /// Whether a unit in `region` may order under the agreement.
    package func serves(_ region: RegionCode) -> Bool { regions.isEmpty || regions.contains { region.isWithin($0) } }

    /// The last day a term starting on `start` may end on without a reason: `years` years later, less a day.
    package static func latestEnd(start: LocalDate, years: Int) -> LocalDate {
        let day = start.month == 2 && start.day == 29 ? 28 : start.day
        let anniversary = LocalDate(year: start.year + years, month: start.month, day: day) ?? start
        return anniversary.adding(days: -1)
    }

    // MARK: - Validation (§F1)

    /// Checks the requirements (DOMAIN.md §F1):
    /// - works are refused (`agreement.works_refused`), whether by subject or by a lot's `B…` category;
    /// - field problems at once (`request.validation_failed`): title, at least one lot, lot numbers unique and
    ///   ≥ 1, each lot's category of the agreement's subject, max unit price > 0, estimated quantity ≥ 1, tiers
    ///   with quantity ≥ 2 and a price below the max, end not before start, elimination rate of a closed
    ///   agreement within [minimum, 100 %), the stage-2 rule's threshold with a different second method;
    /// - the term: goods ≤ `maxTermYearsGoods` years, services ≤ `maxTermYearsServices`, longer only with a
    ///   recorded `termReason` (`agreement.term_too_long`).
    package func validate(settings: AgreementSettings) throws(DomainError) {
        if subject == .works || lots.contains(where: { AgreementSubject(categoryCode: $0.categoryCode) == .works }) {
            throw DomainError(
                .agreementWorksRefused,
                "a framework agreement buys goods or services, never works (DOMAIN.md §F1, Order 110 Art 2)",
                fields: [.init(field: "subject", code: "works_refused", message: "goods or services only")])
        }
        var validator = Validator()
        validator.text(title, "title", maxLength: 200)
        validator.check(!lots.isEmpty, "lots", "required", "at least one lot")
        validator.check(lots.count <= 100, "lots", "too_many", "at most 100 lots")
        var numbers = Set<Int>()
        for (index, lot) in lots.enumerated() {
            let field = "lots[\(index)]"
            validator.check((1...1_000).contains(lot.number), "\(field).number", "out_of_range", "lot numbers are 1 to 1 000")
            validator.text(lot.categoryCode, "\(field).categoryCode", maxLength: 32)
            validator.check(numbers.insert(lot.number).inserted, "\(field).number", "duplicate", "lot numbers are unique")
            validator.text(lot.name, "\(field).name", maxLength: 200)
            validator.check(
                AgreementSubject(categoryCode: lot.categoryCode) == subject, "\(field).categoryCode", "wrong_subject",
                "a \(subject.rawValue) agreement's lots are \(subject == .goods ? "A…" : "C…") categories")
            validator.check(lot.maxUnitPriceFen > .zero, "\(field).maxUnitPriceFen", "out_of_range", "more than 0 fen")
            validator.check(
                lot.estimatedQuantity >= 1, "\(field).estimatedQuantity", "out_of_range", "at least 1")
            for (tierIndex, tier) in lot.volumeTiers.enumerated() {
                let tierField = "\(field).volumeTiers[\(tierIndex)]"
                validator.check(tier.minQuantity >= 2, "\(tierField).minQuantity", "out_of_range", "at least 2")
                validator.check(
                    tier.unitPriceFen > .zero && tier.unitPriceFen <= lot.maxUnitPriceFen, "\(tierField).unitPriceFen",
                    "out_of_range", "more than 0 and at most the max unit price")
            }
        }
        validator.check(termEnd >= termStart, "termEnd", "before_start", "the term ends on or after its start")
        if kind == .closed {
            validator.check(
                eliminationRate >= settings.minimumEliminationRate && eliminationRate < .whole, "eliminationRateBp",
                "out_of_range",
                "a closed agreement eliminates at least \(settings.minimumEliminationRate) of valid bids (§F3)")
        }
        if let threshold = stageTwo.thresholdFen {
            validator.check(threshold > .zero, "stageTwo.thresholdFen", "out_of_range", "more than 0 fen")
            validator.check(
                stageTwo.aboveMethod != nil && stageTwo.aboveMethod != stageTwo.method, "stageTwo.aboveMethod",
                "required", "a rule by amount names a second, different method (§F9)")
        } else {
            validator.check(
                stageTwo.aboveMethod == nil, "stageTwo.thresholdFen", "required",
                "a second method needs the amount from which it applies (§F9)")
        }
        validator.text(termReason, "termReason", maxLength: 2_000, required: false)
        try validator.validate()

        let years = subject == .services ? settings.maxTermYearsServices : settings.maxTermYearsGoods
        let latest = Self.latestEnd(start: termStart, years: years)
        let reason = termReason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if termEnd > latest && reason.isEmpty {
            throw DomainError(
                .agreementTermTooLong,
                "a \(subject.rawValue) agreement runs at most \(years) year(s) (to \(latest)) unless a reason is "
                    + "recorded (DOMAIN.md §F1)",
                fields: [.init(field: "termReason", code: "required", message: "why the term ends after \(latest)")])
        }
    }
}
