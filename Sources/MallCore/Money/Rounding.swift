/// A named rounding mode. Every division of money names one (STYLE.md §2.5, DOMAIN.md §P2).
package enum Rounding: String, Sendable, Hashable, Codable, CaseIterable {
    /// 四舍五入: halves round away from zero.
    case halfUp
    /// Banker's rounding: halves round to the even neighbour.
    case halfEven
    /// Towards zero (truncation).
    case down
    /// Away from zero.
    case up

    /// Divides `numerator` by a positive `denominator`, rounding the quotient with this mode.
    package func divide(_ numerator: Int128, by denominator: Int128) -> Int128 {
        precondition(denominator > 0, "rounding divides by a positive denominator")
        let quotient = numerator / denominator  // truncates towards zero
        let remainder = numerator % denominator
        if remainder == 0 { return quotient }
        let awayFromZero: Int128 = numerator < 0 ? -1 : 1
        let twiceRemainder = remainder.magnitude * 2
        switch self {
        case .down:
            return quotient
        case .up:
            return quotient + awayFromZero
        case .halfUp:
            return twiceRemainder >= denominator.magnitude ? quotient + awayFromZero : quotient
        case .halfEven:
            if twiceRemainder > denominator.magnitude { return quotient + awayFromZero }
            if twiceRemainder < denominator.magnitude { return quotient }
            return quotient % 2 == 0 ? quotient : quotient + awayFromZero
        }
    }
}
