extension PricingEngine {
    /// Appends one step per fee rule that applies to the buyer (DOMAIN.md §C4) and returns the fees' sum.
    ///
    /// Rules compete within their group (same kind, same `perUnit`): the most specific region scope covering
    /// the buyer wins (county 3 > prefecture 2 > province 1 > nationwide 0), then the lower amount, then the
    /// first declared. A rule whose scopes do not cover the buyer is skipped. Steps follow declaration order;
    /// each shows the running line total before and after its fee.
    @inline(__always)
    func appendFees(
        _ rules: [FeeRule], quantity: Int64, buyer: RegionNumber, lineAmount: Int64, to steps: inout [PricingStep],
        index: Int?
    ) throws(DomainError) -> Int64 {
        var winners = Self.winningRules(rules, buyer: buyer)
        var fees: Int64 = 0
        var running = lineAmount
        while winners != 0 {
            let i = winners.trailingZeroBitCount
            winners &= winners &- 1
            let amount = rules[i].amountFen.rawValue
            let charge: Int64
            if rules[i].perUnit {
                let (product, overflowed) = amount.multipliedReportingOverflow(by: quantity)
                if overflowed { throw Self.overflow(Self.path(index, "listing.fees[\(i)]")) }
                charge = product
            } else {
                charge = amount
            }
            fees = try Self.add(fees, charge, field: Self.path(index, "feesFen"))
            let after = try Self.add(running, charge, field: Self.path(index, "totalFen"))
            steps.append(
                PricingStep(
                    reason: rules[i].reason, bound: charge != 0, beforeFen: Fen(running), afterFen: Fen(after),
                    source: rules[i].label))
            running = after
        }
        return fees
    }

    /// The rules that apply to `buyer`, as a bit set over their indices (at most `maxFeeRules` rules, checked
    /// by validation): in each group the most specific, then cheapest, then first declared rule.
    @inline(__always)
    static func winningRules(_ rules: [FeeRule], buyer: RegionNumber) -> UInt64 {
        rules.withUnsafeBufferPointer { rules in
            var winners: UInt64 = 0
            for i in rules.indices {
                let level = specificity(of: rules[i].scopes, for: buyer)
                guard level >= 0 else { continue }
                var wins = true
                for j in rules.indices
                where j != i && rules[j].kind == rules[i].kind && rules[j].perUnit == rules[i].perUnit {
                    let other = specificity(of: rules[j].scopes, for: buyer)
                    if other > level
                        || (other == level
                            && (rules[j].amountFen < rules[i].amountFen
                                || (rules[j].amountFen == rules[i].amountFen && j < i)))
                    {
                        wins = false
                        break
                    }
                }
                if wins { winners |= 1 << UInt64(i) }
            }
            return winners
        }
    }

    /// How specifically a rule's `scopes` cover `buyer`: 0 nationwide (no scopes), 1 province, 2 prefecture,
    /// 3 county; −1 when the rule does not apply to the buyer.
    @inline(__always)
    static func specificity(of scopes: [RegionNumber], for buyer: RegionNumber) -> Int {
        if scopes.isEmpty { return 0 }
        let best = RegionNumber.bestSpecificity(of: scopes, covering: buyer)
        return best == 0 ? -1 : best
    }
}
