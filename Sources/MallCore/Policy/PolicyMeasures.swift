/// The sums every policy report is made of (DOMAIN.md §V3, §G2, §G3), net of refunds: one roll-up row, or the
/// sum of several.
package struct PolicyMeasures: Sendable, Hashable, Codable {
    /// Paid amount (all lines).
    package var paid: Fen = .zero
    /// Paid to SMEs (medium, small and micro suppliers, size fixed at contract time).
    package var sme: Fen = .zero
    /// Paid to small and micro suppliers.
    package var smallMicro: Fen = .zero
    /// Paid for 832 products (DOMAIN.md §V1).
    package var poverty: Fen = .zero
    /// Paid in categories of the green lists (§G3: the denominator of the green share).
    package var greenScope: Fen = .zero
    /// Of that, for products with a valid green certificate on the order date.
    package var green: Fen = .zero
    /// Paid in mandatory energy-saving categories.
    package var mandatory: Fen = .zero
    /// Of that, without a valid certificate (violations, §C5).
    package var mandatoryUncertified: Fen = .zero

    package init() {}

    package init(
        paid: Fen, sme: Fen, smallMicro: Fen, poverty: Fen, greenScope: Fen, green: Fen, mandatory: Fen,
        mandatoryUncertified: Fen
    ) {
        self.paid = paid
        self.sme = sme
        self.smallMicro = smallMicro
        self.poverty = poverty
        self.greenScope = greenScope
        self.green = green
        self.mandatory = mandatory
        self.mandatoryUncertified = mandatoryUncertified
    }

    /// Field by field sum.
    package static func + (lhs: PolicyMeasures, rhs: PolicyMeasures) -> PolicyMeasures {
        PolicyMeasures(
            paid: lhs.paid + rhs.paid, sme: lhs.sme + rhs.sme, smallMicro: lhs.smallMicro + rhs.smallMicro,
            poverty: lhs.poverty + rhs.poverty, greenScope: lhs.greenScope + rhs.greenScope,
            green: lhs.green + rhs.green, mandatory: lhs.mandatory + rhs.mandatory,
            mandatoryUncertified: lhs.mandatoryUncertified + rhs.mandatoryUncertified)
    }

    /// Shares are rounded down to the basis point, so a share shown as meeting a target (80.00 %) does.
    package static let shareRounding = Rounding.down

    /// §G2: the SME share of all paid spending.
    package var smeShare: BasisPoints { BasisPoints.share(sme, of: paid, rounding: Self.shareRounding) }
    /// §G2: the small and micro share of all paid spending.
    package var smallMicroShare: BasisPoints { BasisPoints.share(smallMicro, of: paid, rounding: Self.shareRounding) }
    /// §G3: certified green ÷ all in the green-list categories.
    package var greenShare: BasisPoints { BasisPoints.share(green, of: greenScope, rounding: Self.shareRounding) }
}

/// DOMAIN.md §V2, §V3: 832 progress of one row: reserved (approved filings) against paid for 832 products.
package struct PovertyProgress: Sendable, Hashable {
    package var reserved: Fen
    package var paid: Fen

    package init(reserved: Fen, paid: Fen) {
        self.reserved = reserved
        self.paid = paid
    }

    /// What is still missing to reach the reserved amount; zero once reached.
    package var shortfall: Fen { paid >= reserved ? .zero : reserved - paid }
    /// Paid ÷ reserved, rounded down (zero when nothing is reserved).
    package var progress: BasisPoints { BasisPoints.share(paid, of: reserved, rounding: PolicyMeasures.shareRounding) }
}
