import Foundation

/// Marker type for stage-1 response ids.
package enum StageOneResponse {}

/// A supplier's stage-1 response for one lot (DOMAIN.md §F2): its product, its unit price and its size
/// declaration (声明函, §G1).
package struct StageOneBid: Sendable, Hashable {
    package var id: ID<StageOneResponse>
    package var supplierID: ID<Organisation>
    package var lotNumber: Int
    /// The supplier's listing offered for the lot.
    package var listingID: ID<Listing>
    /// The bid unit price: the agreed price if admitted (never the evaluated price, §F2).
    package var unitPriceFen: Fen
    /// The declared size; `nil` = no declaration, no deduction (§G1).
    package var supplierSize: EnterpriseSize?
    /// For goods, the declared size of the product's manufacturer.
    package var manufacturerSize: EnterpriseSize?
    /// The quality score (0–100) an operator gave, for quality-priority evaluation.
    package var score: Int?
    package var submittedAt: Date

    package init(
        id: ID<StageOneResponse>, supplierID: ID<Organisation>, lotNumber: Int, listingID: ID<Listing>,
        unitPriceFen: Fen, supplierSize: EnterpriseSize?, manufacturerSize: EnterpriseSize? = nil, score: Int? = nil,
        submittedAt: Date
    ) {
        self.id = id
        self.supplierID = supplierID
        self.lotNumber = lotNumber
        self.listingID = listingID
        self.unitPriceFen = unitPriceFen
        self.supplierSize = supplierSize
        self.manufacturerSize = manufacturerSize
        self.score = score
        self.submittedAt = submittedAt
    }
}

/// Stage-1 rules (DOMAIN.md §F2, §F3): refusal of bids, ranking and admission.
package enum StageOne {
    /// Accepts or refuses a bid for `lot` (DOMAIN.md §F2): `agreement.bid_above_max_price` above the lot's max
    /// unit price; `request.validation_failed` for a price of 0 or less.
    package static func admit(unitPrice: Fen, lot: AgreementLot) throws(DomainError) {
        guard unitPrice > .zero else {
            throw DomainError.validation([.init(field: "unitPriceFen", code: "out_of_range", message: "more than 0 fen")])
        }
        guard unitPrice <= lot.maxUnitPriceFen else {
            throw DomainError(
                .agreementBidAboveMaxPrice,
                "the bid of \(unitPrice) yuan is above lot \(lot.number)'s max unit price of \(lot.maxUnitPriceFen) "
                    + "yuan (DOMAIN.md §F2, Order 110 Art 13)",
                fields: [
                    .init(
                        field: "unitPriceFen", code: "above_max_price",
                        message: "at most \(lot.maxUnitPriceFen.rawValue) fen")
                ])
        }
    }

    /// How many of `validBids` a closed agreement admits (DOMAIN.md §F3): ⌊N·(1−r)⌋, rounded down, and never
    /// more than N − 1 so that at least one is eliminated. 0 when N < 2 (nobody can be admitted).
    package static func admissionCount(validBids n: Int, eliminationRate r: BasisPoints) -> Int {
        guard n >= 2 else { return 0 }
        let rate = min(max(Int(r.rawValue), 0), 10_000)
        let floor = Int(Rounding.down.divide(Int128(n) * Int128(10_000 - rate), by: 10_000))
        return min(floor, n - 1)
    }

    /// Checks an admission of `admitted` out of `valid` bids (DOMAIN.md §F3): admitting every bidder is refused
    /// (`agreement.admit_all_refused`), as is admitting more than ⌊N·(1−r)⌋ (same code) or nobody
    /// (`agreement.too_few_bids`).
    package static func checkAdmission(admitted: Int, valid: Int, eliminationRate: BasisPoints) throws(DomainError) {
        if valid > 0 && admitted >= valid {
            throw DomainError(
                .agreementAdmitAllRefused,
                "admitting all \(valid) valid bidder(s) is refused: a closed agreement eliminates at least one "
                    + "(资格入围 is forbidden, DOMAIN.md §F3)")
        }
        let maximum = admissionCount(validBids: valid, eliminationRate: eliminationRate)
        if admitted > maximum {
            throw DomainError(
                .agreementAdmitAllRefused,
                "at most \(maximum) of \(valid) valid bids may be admitted at an elimination rate of \(eliminationRate)")
        }
        if admitted < 1 {
            throw DomainError(
                .agreementTooFewBids,
                "\(valid) valid bid(s): nobody can be admitted while eliminating at least one (DOMAIN.md §F3)")
        }
    }

    /// One ranked bid of a lot's evaluation.
    package struct RankedBid: Sendable, Hashable {
        package var rank: Int
        package var bid: StageOneBid
        /// The evaluated price (price priority, SME deduction applied when it qualifies); the bid price otherwise.
        package var evaluatedFen: Fen
        package var deductionApplied: Bool
        package var admitted: Bool
    }

    /// Ranks one lot's bids and admits the best (DOMAIN.md §F2, §F3).
    ///
    /// - Only each supplier's latest bid counts (later `submittedAt`, then the higher id); bids above the max
    ///   price never count (they are refused on submission; re-checked here).
    /// - Price priority: evaluated price ascending, where a small/micro supplier (with, for goods, a small/micro
    ///   manufacturer) gets `settings.smeDeduction` (half-up, §P2); then bid price, submission time, supplier id.
    ///   The admitted supplier's agreed price is its **unadjusted** bid.
    /// - Quality priority: score descending (every bid needs one: `agreement.score_missing`), then bid price,
    ///   submission time, supplier id.
    /// - Closed agreements admit the first `admissionCount` (or `admit` when given, checked by
    ///   `checkAdmission`); open agreements admit every valid bid.
    package static func evaluate(
        lot: AgreementLot, bids: [StageOneBid], subject: AgreementSubject, kind: AgreementKind,
        method: EvaluationMethod, eliminationRate: BasisPoints, settings: AgreementSettings, admit: Int? = nil
    ) throws(DomainError) -> [RankedBid] {
        var latest: [ID<Organisation>: StageOneBid] = [:]
        for bid in bids where bid.lotNumber == lot.number && bid.unitPriceFen > .zero
            && bid.unitPriceFen <= lot.maxUnitPriceFen
        {
            if let current = latest[bid.supplierID],
                (current.submittedAt, current.id.description) >= (bid.submittedAt, bid.id.description)
            {
                continue
            }
            latest[bid.supplierID] = bid
        }
        let valid = Array(latest.values)
        if method == .qualityPriority, let missing = valid.first(where: { $0.score == nil }) {
            throw DomainError(
                .agreementScoreMissing, "quality-priority evaluation needs a score for every valid response",
                fields: [.init(field: "scores.\(missing.id)", code: "required", message: "a score from 0 to 100")])
        }
        let competitionSubject = subject.competitionSubject ?? .goods
        var ranked = valid.map { bid -> RankedBid in
            let applies =
                method == .pricePriority
                && SMEPriceDeduction.qualifies(
                    supplierSize: bid.supplierSize, manufacturerSizes: [bid.manufacturerSize],
                    subject: competitionSubject)
            let evaluated =
                applies
                ? SMEPriceDeduction.evaluatedPrice(quoted: bid.unitPriceFen, deduction: settings.smeDeduction)
                : bid.unitPriceFen
            return RankedBid(rank: 0, bid: bid, evaluatedFen: evaluated, deductionApplied: applies, admitted: false)
        }
        ranked.sort { a, b in
            switch method {
            case .pricePriority:
                if a.evaluatedFen != b.evaluatedFen { return a.evaluatedFen < b.evaluatedFen }
            case .qualityPriority:
                if a.bid.score != b.bid.score { return (a.bid.score ?? 0) > (b.bid.score ?? 0) }
            }
            if a.bid.unitPriceFen != b.bid.unitPriceFen { return a.bid.unitPriceFen < b.bid.unitPriceFen }
            if a.bid.submittedAt != b.bid.submittedAt { return a.bid.submittedAt < b.bid.submittedAt }
            return a.bid.supplierID.description < b.bid.supplierID.description
        }
        let count: Int
        switch kind {
        case .open:
            count = ranked.count
        case .closed:
            count = admit ?? admissionCount(validBids: ranked.count, eliminationRate: eliminationRate)
            try checkAdmission(admitted: count, valid: ranked.count, eliminationRate: eliminationRate)
        }
        for index in ranked.indices {
            ranked[index].rank = index + 1
            ranked[index].admitted = index < count
        }
        return ranked
    }
}
