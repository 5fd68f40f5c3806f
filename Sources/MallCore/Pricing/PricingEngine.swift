/// The pricing engine for direct purchase (DOMAIN.md §P): a pure, deterministic function from price data,
/// quantity, buyer region, order date, agreement terms, reference price and promotions to a quote with an
/// ordered breakdown. No clock, no I/O, no Foundation in the hot path; all amounts are integer fen (§P2).
///
/// The steps of a line, in order (each one a `PricingStep` with its `PricingReason`):
/// 1. `base_price` — the listing's base unit price;
/// 2. `quantity_tier` — the lowest listing tier price among tiers with `minQuantity` ≤ quantity, if below;
/// 3. `promotion` — the best promotion active on the date (inclusive window): a fixed unit price, or a
///    percent off that is carried as `percentOff` and applied to the whole line in step 8;
/// 4. `agreement_cap` — the agreed price caps the exact unit price (§P3; §P4: price increases above it are
///    impossible, decreases apply at once since the current listing price is always the starting point);
/// 5. `agreement_volume_tier` — the lowest agreement tier price reached by the quantity must apply (§P3);
/// 6. `reference_cap` — the lowest fresh reference price caps the exact unit price (§C3);
/// 7. `line_amount` — unit price × quantity;
/// 8. `rounding` — the percent off applied to the line and rounded half-up to the fen, once per line (§P2);
/// 9. fees — each declared fee rule that applies to the buyer's region, per unit or per line (§C4).
///
/// A cap binds when it is strictly below the exact unit price in force (`unitPrice × (100 % − percentOff)`);
/// it then replaces the price and clears the percent off. Every step is a minimum, and every minimum only
/// takes more (or lower) candidates as the quantity grows, so the exact unit price never rises with quantity
/// and never exceeds an applicable cap; the single rounding cannot lift a line above `cap × quantity`
/// because that bound is a whole number of fen.
///
/// DOMAIN.md §P5: the SME price deduction never changes a price paid and has no place here; it only
/// produces an evaluated price in competitions (§K2).
package struct PricingEngine: Sendable {
    /// The named rounding of DOMAIN.md §P2: half-up (四舍五入) to the fen, once per line.
    package static let rounding: Rounding = .halfUp

    /// Bounds checked before any arithmetic.
    package var limits: PricingLimits

    /// Creates an engine with the given limits.
    package init(limits: PricingLimits = PricingLimits()) {
        self.limits = limits
    }

    // MARK: - Quotes

    /// Quotes a whole order (DOMAIN.md §P1, §P2): one `LineQuote` per line in input order, and
    /// `totalFen = Σ lineAmountFen + Σ feesFen`.
    ///
    /// Throws `pricing.no_lines` for an empty order, and any line error (`pricing.quantity_invalid`,
    /// `pricing.quantity_too_large`, `pricing.price_data_invalid`, `pricing.region_not_served`,
    /// `pricing.amount_overflow`) with fields named `lines[i].…`.
    package func quote(lines: [LineInput], buyerRegion: RegionCode, on date: LocalDate) throws(DomainError)
        -> OrderQuote
    {
        guard !lines.isEmpty else {
            throw DomainError(
                .pricingNoLines, "an order quote needs at least one line",
                fields: [.init(field: "lines", code: "required", message: "at least one line")])
        }
        let buyer = RegionNumber(buyerRegion)
        var quotes: [LineQuote] = []
        quotes.reserveCapacity(lines.count)
        var amount: Int64 = 0
        var fees: Int64 = 0
        try lines.withUnsafeBufferPointer { (lines) throws(DomainError) in
            for index in lines.indices {
                let line = try price(lines[index], buyer: buyer, buyerRegion: buyerRegion, date: date, index: index)
                amount = try Self.add(amount, line.lineAmountFen.rawValue, field: "amountFen")
                fees = try Self.add(fees, line.feesFen.rawValue, field: "feesFen")
                quotes.append(line)
            }
        }
        let total = try Self.add(amount, fees, field: "totalFen")
        return OrderQuote(lines: quotes, amountFen: Fen(amount), feesFen: Fen(fees), totalFen: Fen(total))
    }

    /// Quotes one line (DOMAIN.md §P1); errors name fields without a `lines[i].` prefix.
    package func quote(line: LineInput, buyerRegion: RegionCode, on date: LocalDate) throws(DomainError) -> LineQuote {
        try price(line, buyer: RegionNumber(buyerRegion), buyerRegion: buyerRegion, date: date, index: nil)
    }

    // MARK: - One line

    /// The whole chain for one line; `index` is the line's position in an order, for error fields. The line is
    /// `borrowing`: it is only read, and this keeps its arrays from being copied on every quote.
    private func price(
        _ line: borrowing LineInput, buyer: RegionNumber, buyerRegion: RegionCode, date: LocalDate, index: Int?
    ) throws(DomainError) -> LineQuote {
        try validate(line, index: index)
        let quantity = line.quantity
        if !line.listing.deliveryScopes.isEmpty,
            RegionNumber.bestSpecificity(of: line.listing.deliveryScopes, covering: buyer) == 0
        {
            throw DomainError(
                .pricingRegionNotServed, "the listing does not deliver to region \(buyerRegion)",
                fields: [
                    .init(
                        field: Self.path(index, "listing.deliveryRegions"), code: "not_served",
                        message: "\(buyerRegion) is outside the listing's delivery regions")
                ])
        }

        var steps: [PricingStep] = []
        steps.reserveCapacity(8 + line.listing.fees.count)
        let base = line.listing.priceFen
        var price = ExactUnitPrice(unitFen: base.rawValue)
        steps.append(PricingStep(reason: .basePrice, bound: false, beforeFen: base, afterFen: base))

        // Quantity tier: the lowest price among the tiers reached, never above the base.
        if let tier = Self.lowestTier(line.listing.tiers, reachedBy: quantity) {
            let before = price.unitFen
            let bound = price.cap(at: tier.unitPriceFen.rawValue)
            steps.append(price.step(.quantityTier, bound: bound, before: before, minQuantity: tier.minQuantity))
        }

        // Promotion: the best one active on the date, named by its id.
        if let best = Self.bestPromotion(line.promotions, on: date, unitFen: price.unitFen) {
            let before = price.unitFen
            let bound = best.exactE4 < price.exactE4
            if bound {
                price.unitFen = best.unitFen
                price.percentOff = best.percentOff
            }
            steps.append(price.step(.promotion, bound: bound, before: before, source: line.promotions[best.index].id))
        }

        // Framework agreement (DOMAIN.md §P3): the agreed price caps, reached volume tiers must apply.
        if let agreement = line.agreement {
            var before = price.unitFen
            var bound = price.cap(at: agreement.agreedPriceFen.rawValue)
            steps.append(price.step(.agreementCap, bound: bound, before: before, source: agreement.reference))
            if let tier = Self.lowestTier(agreement.volumeTiers, reachedBy: quantity) {
                before = price.unitFen
                bound = price.cap(at: tier.unitPriceFen.rawValue)
                steps.append(
                    price.step(
                        .agreementVolumeTier, bound: bound, before: before, source: agreement.reference,
                        minQuantity: tier.minQuantity))
            }
        }

        // Reference price (DOMAIN.md §C3).
        if let reference = line.referencePriceFen {
            let before = price.unitFen
            let bound = price.cap(at: reference.rawValue)
            steps.append(price.step(.referenceCap, bound: bound, before: before))
        }

        // Line amount, then the one rounding of the line (DOMAIN.md §P2).
        let (gross, overflow) = price.unitFen.multipliedReportingOverflow(by: quantity)
        if overflow { throw Self.overflow(Self.path(index, "quantity")) }
        steps.append(
            PricingStep(
                reason: .lineAmount, bound: false, beforeFen: Fen(price.unitFen), afterFen: Fen(gross),
                percentOff: BasisPoints(price.percentOff)))
        let amount: Fen =
            price.percentOff == 0
            ? Fen(gross) : Fen(gross).applying(BasisPoints(price.percentOff).complement, rounding: Self.rounding)
        steps.append(
            PricingStep(
                reason: .rounding, bound: amount.rawValue != gross, beforeFen: Fen(gross), afterFen: amount,
                percentOff: BasisPoints(price.percentOff), source: Self.rounding.rawValue))

        // Fees (DOMAIN.md §C4).
        let fees = try appendFees(
            line.listing.fees, quantity: quantity, buyer: buyer, lineAmount: amount.rawValue, to: &steps, index: index)
        let total = try Self.add(amount.rawValue, fees, field: Self.path(index, "totalFen"))
        return LineQuote(
            quantity: quantity, unitPriceFen: Fen(price.unitFen), percentOff: BasisPoints(price.percentOff),
            lineAmountFen: amount, feesFen: Fen(fees), totalFen: Fen(total), steps: steps)
    }

    // MARK: - Helpers

    /// The tier with the lowest price among those whose `minQuantity` ≤ `quantity` (the smallest
    /// `minQuantity` on a tie), whatever the order of `tiers`; `nil` when none is reached.
    @inline(__always)
    static func lowestTier(_ tiers: [PriceTier], reachedBy quantity: Int64) -> PriceTier? {
        tiers.withUnsafeBufferPointer { tiers in
            var best: PriceTier?
            for index in tiers.indices where tiers[index].minQuantity <= quantity {
                let tier = tiers[index]
                if let current = best {
                    if tier.unitPriceFen < current.unitPriceFen
                        || (tier.unitPriceFen == current.unitPriceFen && tier.minQuantity < current.minQuantity)
                    {
                        best = tier
                    }
                } else {
                    best = tier
                }
            }
            return best
        }
    }

    /// The promotion chosen among those active on `date`.
    struct ChosenPromotion {
        var index: Int
        var unitFen: Int64
        var percentOff: Int32
        var exactE4: Int64
    }

    /// The active promotion giving the lowest exact unit price from `unitFen`, the first listed on a tie.
    @inline(__always)
    static func bestPromotion(_ promotions: [Promotion], on date: LocalDate, unitFen: Int64) -> ChosenPromotion? {
        promotions.withUnsafeBufferPointer { promotions in
            var best: ChosenPromotion?
            for index in promotions.indices {
                guard promotions[index].isActive(on: date) else { continue }
                let candidate: ChosenPromotion =
                    switch promotions[index].offer {
                    case .percentOff(let rate):
                        ChosenPromotion(
                            index: index, unitFen: unitFen, percentOff: rate.rawValue,
                            exactE4: unitFen * Int64(10_000 - rate.rawValue))
                    case .fixedUnitPrice(let price):
                        ChosenPromotion(
                            index: index, unitFen: price.rawValue, percentOff: 0, exactE4: price.rawValue * 10_000)
                    }
                if let current = best, current.exactE4 <= candidate.exactE4 { continue }
                best = candidate
            }
            return best
        }
    }

    /// `lhs + rhs`, or `pricing.amount_overflow` naming `field`.
    @inline(__always)
    static func add(_ lhs: Int64, _ rhs: Int64, field: @autoclosure () -> String) throws(DomainError) -> Int64 {
        let (sum, overflowed) = lhs.addingReportingOverflow(rhs)
        if overflowed { throw overflow(field()) }
        return sum
    }

    /// The overflow error for `field`.
    static func overflow(_ field: String) -> DomainError {
        DomainError(
            .pricingAmountOverflow, "an amount does not fit in 64-bit fen",
            fields: [.init(field: field, code: "overflow", message: "the amount is too large")])
    }

    /// `lines[i].name` inside an order, `name` for a single line.
    static func path(_ index: Int?, _ name: String) -> String {
        guard let index else { return name }
        return "lines[\(index)].\(name)"
    }
}

/// The unit price in force while the chain runs: an integer unit price and a percent off, whose exact value
/// is `unitFen × (10 000 − percentOff) / 10 000` fen. Caps compare the exact value in ten-thousandths of a
/// fen (at most 10¹¹ × 10⁴, within `Int64`), so nothing is rounded before the line.
struct ExactUnitPrice {
    var unitFen: Int64
    var percentOff: Int32 = 0

    /// The exact unit price in ten-thousandths of a fen.
    @inline(__always)
    var exactE4: Int64 { unitFen * Int64(10_000 - percentOff) }

    /// Applies a cap: when `capFen` is strictly below the exact price it becomes the price and clears the
    /// percent off. Returns whether it bound.
    @inline(__always)
    mutating func cap(at capFen: Int64) -> Bool {
        guard capFen * 10_000 < exactE4 else { return false }
        unitFen = capFen
        percentOff = 0
        return true
    }

    /// A unit step from `before` to the price in force.
    @inline(__always)
    func step(
        _ reason: PricingReason, bound: Bool, before: Int64, source: String = "", minQuantity: Int64 = 0
    ) -> PricingStep {
        PricingStep(
            reason: reason, bound: bound, beforeFen: Fen(before), afterFen: Fen(unitFen),
            percentOff: BasisPoints(percentOff), source: source, minQuantity: minQuantity)
    }
}
