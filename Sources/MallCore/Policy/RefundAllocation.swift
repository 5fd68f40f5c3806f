/// Marker type for refund ids.
package enum RefundEntity {}

/// Spreads a refund over an order's lines (DOMAIN.md §V3: refunds subtract from the 832, SME and green figures
/// of the lines they belong to).
///
/// Pro rata to what each line still has (its total less earlier refunds), rounded down per line, and the fen
/// left over given one each to the lines with the largest remainders (largest-remainder method; ties to the
/// earlier line). The parts sum exactly to the refund and no line gets more than it has left.
package enum RefundAllocation {
    /// The part of `amount` for each line, in the order of `remaining`. `amount` must be at most the sum.
    package static func allocate(_ amount: Fen, over remaining: [Fen]) -> [Fen] {
        let total = remaining.reduce(Int128(0)) { $0 + Int128($1.rawValue) }
        guard total > 0, amount > .zero else { return remaining.map { _ in .zero } }
        precondition(Int128(amount.rawValue) <= total, "a refund is at most what the lines have left")
        var parts: [Int128] = []
        var remainders: [(index: Int, remainder: Int128)] = []
        for (index, line) in remaining.enumerated() {
            let numerator = Int128(amount.rawValue) * Int128(line.rawValue)
            parts.append(Rounding.down.divide(numerator, by: total))
            remainders.append((index, numerator % total))
        }
        var left = Int128(amount.rawValue) - parts.reduce(0, +)
        let order = remainders.sorted { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        for entry in order where left > 0 {
            parts[entry.index] += 1
            left -= 1
        }
        return parts.map { Fen(Int64($0)) }
    }
}
