extension PricingEngine {
    /// Checks a line before any arithmetic (fast path: no allocation when the line is valid).
    ///
    /// On a problem, `reportProblems` lists every bad field at once (STYLE.md §2.4); the error's code is the
    /// first problem's: `pricing.quantity_invalid` (quantity ≤ 0), `pricing.quantity_too_large` (above
    /// `limits.maxQuantity`) or `pricing.price_data_invalid` (a price outside 1 … `maxUnitPriceFen`, a tier
    /// below quantity 1, a fee outside 0 … `maxFeeFen`, more than `PricingLimits.maxFeeRules` fee rules, a
    /// percent off outside 0.01 %–99.99 %, a promotion that ends before it starts).
    @inline(__always)
    func validate(_ line: LineInput, index: Int?) throws(DomainError) {
        if !isValid(line) { throw reportProblems(line, index: index) }
    }

    /// The largest unit price accepted: never above `Int64.max / 10 000`, so that exact unit prices (in
    /// ten-thousandths of a fen) cannot overflow, whatever the limits say.
    var maxPriceFen: Int64 { min(limits.maxUnitPriceFen.rawValue, Int64.max / 10_000) }

    @inline(__always)
    private func isPrice(_ fen: Fen) -> Bool { fen.rawValue >= 1 && fen.rawValue <= maxPriceFen }

    @inline(__always)
    private func areTiers(_ tiers: [PriceTier]) -> Bool {
        tiers.withUnsafeBufferPointer { tiers in
            for index in tiers.indices where tiers[index].minQuantity < 1 || !isPrice(tiers[index].unitPriceFen) {
                return false
            }
            return true
        }
    }

    @inline(__always)
    private func isFee(_ fee: Fen) -> Bool { fee.rawValue >= 0 && fee <= limits.maxFeeFen }

    @inline(__always)
    private func isOffer(_ offer: Promotion.Offer) -> Bool {
        switch offer {
        case .percentOff(let rate): rate.rawValue >= 1 && rate.rawValue <= 9_999
        case .fixedUnitPrice(let price): isPrice(price)
        }
    }

    /// Whether every rule holds; the same rules as `reportProblems`, without building messages.
    @inline(__always)
    private func isValid(_ line: LineInput) -> Bool {
        guard line.quantity >= 1, line.quantity <= limits.maxQuantity, isPrice(line.listing.priceFen),
            areTiers(line.listing.tiers), line.listing.fees.count <= PricingLimits.maxFeeRules
        else { return false }
        let feesValid = line.listing.fees.withUnsafeBufferPointer { fees in
            for index in fees.indices where !isFee(fees[index].amountFen) { return false }
            return true
        }
        guard feesValid else { return false }
        if let agreement = line.agreement {
            guard isPrice(agreement.agreedPriceFen), areTiers(agreement.volumeTiers) else { return false }
        }
        if let reference = line.referencePriceFen, !isPrice(reference) { return false }
        return line.promotions.withUnsafeBufferPointer { promotions in
            for index in promotions.indices {
                if LocalDate.fastLess(promotions[index].endsOn, promotions[index].startsOn)
                    || !isOffer(promotions[index].offer)
                {
                    return false
                }
            }
            return true
        }
    }

    /// The error listing every problem of an invalid line, fields prefixed by `lines[i].` inside an order.
    func reportProblems(_ line: LineInput, index: Int?) -> DomainError {
        var code: DomainError.Code?
        var problems: [DomainError.FieldError] = []
        func report(_ problemCode: DomainError.Code, _ field: String, _ fieldCode: String, _ message: String) {
            if code == nil { code = problemCode }
            problems.append(.init(field: Self.path(index, field), code: fieldCode, message: message))
        }
        let priceRule = "a price is 1 to \(maxPriceFen) fen"
        let tierRule = "a tier starts at quantity ≥ 1 with a price of 1 to \(maxPriceFen) fen"
        let invalid = DomainError.Code.pricingPriceDataInvalid

        if line.quantity < 1 {
            report(.pricingQuantityInvalid, "quantity", "out_of_range", "the quantity is at least 1")
        } else if line.quantity > limits.maxQuantity {
            report(.pricingQuantityTooLarge, "quantity", "too_large", "the quantity is at most \(limits.maxQuantity)")
        }
        if !isPrice(line.listing.priceFen) { report(invalid, "listing.priceFen", "out_of_range", priceRule) }
        for (i, tier) in line.listing.tiers.enumerated() where tier.minQuantity < 1 || !isPrice(tier.unitPriceFen) {
            report(invalid, "listing.tiers[\(i)]", "out_of_range", tierRule)
        }
        if line.listing.fees.count > PricingLimits.maxFeeRules {
            report(invalid, "listing.fees", "too_many", "at most \(PricingLimits.maxFeeRules) fee rules")
        }
        for (i, fee) in line.listing.fees.enumerated() where !isFee(fee.amountFen) {
            report(
                invalid, "listing.fees[\(i)].amountFen", "out_of_range",
                "a fee is 0 to \(limits.maxFeeFen.rawValue) fen")
        }
        if let agreement = line.agreement {
            if !isPrice(agreement.agreedPriceFen) {
                report(invalid, "agreement.agreedPriceFen", "out_of_range", priceRule)
            }
            for (i, tier) in agreement.volumeTiers.enumerated()
            where tier.minQuantity < 1 || !isPrice(tier.unitPriceFen) {
                report(invalid, "agreement.volumeTiers[\(i)]", "out_of_range", tierRule)
            }
        }
        if let reference = line.referencePriceFen, !isPrice(reference) {
            report(invalid, "referencePriceFen", "out_of_range", priceRule)
        }
        for (i, promotion) in line.promotions.enumerated() {
            if LocalDate.fastLess(promotion.endsOn, promotion.startsOn) {
                report(invalid, "promotions[\(i)].endsOn", "before_start", "a promotion ends on or after its first day")
            }
            if !isOffer(promotion.offer) {
                switch promotion.offer {
                case .percentOff:
                    report(invalid, "promotions[\(i)].offer", "out_of_range", "a percent off is 1 to 9999 bp")
                case .fixedUnitPrice: report(invalid, "promotions[\(i)].offer", "out_of_range", priceRule)
                }
            }
        }
        guard let code else {
            return DomainError(.pricingPriceDataInvalid, "the pricing input is invalid")  // unreachable: isValid failed
        }
        return DomainError(
            code, problems.count == 1 ? problems[0].message : "\(problems.count) pricing inputs are invalid",
            fields: problems)
    }
}
