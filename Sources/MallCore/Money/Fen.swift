/// An amount of money in fen (分), the smallest unit of CNY. DOMAIN.md §P2: amounts are integer fen.
///
/// Only the operations that make sense for money exist: adding and subtracting amounts, multiplying by a
/// quantity, and applying a rate in basis points with a named rounding. There is no `Fen * Fen` and no
/// initialiser from a floating-point number.
package struct Fen: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in fen.
    package let rawValue: Int64

    /// Creates an amount from a count of fen.
    package init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// Creates an amount from whole yuan (元); 1 yuan = 100 fen.
    package static func yuan(_ yuan: Int64) -> Fen { Fen(yuan * 100) }

    /// Zero fen.
    package static let zero = Fen(0)

    package static func + (lhs: Fen, rhs: Fen) -> Fen { Fen(lhs.rawValue + rhs.rawValue) }
    package static func - (lhs: Fen, rhs: Fen) -> Fen { Fen(lhs.rawValue - rhs.rawValue) }
    package static func += (lhs: inout Fen, rhs: Fen) { lhs = lhs + rhs }
    package static func -= (lhs: inout Fen, rhs: Fen) { lhs = lhs - rhs }
    /// Multiplies an amount by a quantity (a count of units, not money).
    package static func * (lhs: Fen, quantity: Int64) -> Fen { Fen(lhs.rawValue * quantity) }
    package static func < (lhs: Fen, rhs: Fen) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Applies a rate to this amount, `amount × rate / 10 000`, rounded once with the named mode.
    /// Intermediates are computed in `Int128`, so no product overflows.
    package func applying(_ rate: BasisPoints, rounding: Rounding) -> Fen {
        let product = Int128(rawValue) * Int128(rate.rawValue)
        return Fen(Int64(rounding.divide(product, by: 10_000)))
    }

    /// The amount as yuan with two decimals, e.g. `1299.00` (for display only; never parsed back).
    package var description: String {
        let sign = rawValue < 0 ? "-" : ""
        let magnitude = rawValue.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    package init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
