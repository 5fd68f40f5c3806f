/// A rate in basis points: 1 bp = 0.01 %, 10 000 bp = 100 %. Rates are never floating point.
package struct BasisPoints: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The rate in basis points.
    package let rawValue: Int32

    /// Creates a rate from a count of basis points.
    package init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// Creates a rate from whole percent, e.g. `.percent(10)` = 1 000 bp.
    package static func percent(_ percent: Int32) -> BasisPoints { BasisPoints(percent * 100) }

    /// 100 %.
    package static let whole = BasisPoints(10_000)
    /// 0 %.
    package static let zero = BasisPoints(0)

    /// The complement `100 % − self`, e.g. a 10 % deduction leaves 90 % of a price.
    package var complement: BasisPoints { BasisPoints(10_000 - rawValue) }

    package static func < (lhs: BasisPoints, rhs: BasisPoints) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The share `part / whole` in basis points with the named rounding; zero when `whole` is not positive (a
    /// period whose refunds exceed its payments has no meaningful share).
    package static func share(_ part: Fen, of whole: Fen, rounding: Rounding) -> BasisPoints {
        guard whole.rawValue > 0 else { return .zero }
        let value = rounding.divide(Int128(part.rawValue) * 10_000, by: Int128(whole.rawValue))
        return BasisPoints(Int32(clamping: value))
    }

    /// e.g. `12.50%`.
    package var description: String {
        let magnitude = rawValue.magnitude
        let hundredths = magnitude % 100
        return "\(rawValue < 0 ? "-" : "")\(magnitude / 100).\(hundredths < 10 ? "0" : "")\(hundredths)%"
    }

    package init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(Int32.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
