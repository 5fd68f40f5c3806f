/// An extra fee the pricing engine may add to a line (DOMAIN.md §C4): only fees declared on the listing exist,
/// so an order can never carry an undeclared fee.
///
/// A rule may be limited to buyer regions. Rules compete within their *group* (same `kind` and same
/// `perUnit`, the uniqueness key of declared fees in `ListingRules`): for a buyer, the rule whose region
/// scope covers the buyer most specifically wins (county > prefecture > province > nationwide, where an
/// empty `regions` list is nationwide); on a tie the lower amount wins, then the first declared. A rule whose
/// scopes do not cover the buyer never applies. Example, a delivery fee only for buyers outside the
/// supplier's province: a nationwide rule of 50 yuan plus a rule of 0 yuan for `110000`.
package struct FeeRule: Sendable, Hashable {
    /// What the fee is for; it chooses the step's reason code (`delivery_fee`, `installation_fee`, …).
    package var kind: DeclaredFee.Kind
    /// The amount, per unit or per line.
    package var amountFen: Fen
    /// Charged per unit (`true`, amount × quantity) or once per line (`false`).
    package var perUnit: Bool
    /// Buyer regions the rule applies to; empty = nationwide. Six-digit codes: `XX0000` covers a province,
    /// `XXYY00` a prefecture, anything else one county.
    package var regions: [RegionCode] { didSet { scopes = regions.map(RegionNumber.init) } }
    /// The label shown in the breakdown's `source` (e.g. the declared fee's description).
    package var label: String

    /// `regions` as numbers, kept in step with it.
    private(set) var scopes: [RegionNumber]

    /// Creates a fee rule.
    package init(
        kind: DeclaredFee.Kind, amountFen: Fen, perUnit: Bool, regions: [RegionCode] = [], label: String = ""
    ) {
        self.kind = kind
        self.amountFen = amountFen
        self.perUnit = perUnit
        self.regions = regions
        self.label = label
        self.scopes = regions.map(RegionNumber.init)
    }

    /// A nationwide rule from a fee declared on a listing (DOMAIN.md §C4), labelled with its description.
    package init(_ fee: DeclaredFee, regions: [RegionCode] = []) {
        self.init(
            kind: fee.kind, amountFen: fee.amountFen, perUnit: fee.perUnit, regions: regions, label: fee.description)
    }

    /// The breakdown reason for this kind of fee.
    package var reason: PricingReason {
        switch kind {
        case .delivery: .deliveryFee
        case .installation: .installationFee
        case .parts: .partsFee
        case .other: .otherFee
        }
    }

    /// Whether `other` competes with this rule (same kind, same per-unit flag).
    @inline(__always)
    func sharesGroup(with other: FeeRule) -> Bool { kind == other.kind && perUnit == other.perUnit }
}
