/// The stable reason code of one breakdown step (DOMAIN.md §P1). The raw values are stored with the order
/// line (§O1) and served by the API, so they never change. The set is closed — only the engine produces
/// steps — so it is an enum (one byte in the hot path) rather than an open code struct.
package enum PricingReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The listing's base unit price: the starting point of every line.
    case basePrice = "base_price"
    /// The lowest quantity tier reached by the quantity (listing tiers).
    case quantityTier = "quantity_tier"
    /// The best promotion active on the order date; `source` names it.
    case promotion
    /// The framework agreement's agreed price as a cap (DOMAIN.md §P3).
    case agreementCap = "agreement_cap"
    /// The lowest agreement volume tier reached by the quantity, which must apply (DOMAIN.md §P3).
    case agreementVolumeTier = "agreement_volume_tier"
    /// The lowest fresh reference price as a cap (DOMAIN.md §C3).
    case referenceCap = "reference_cap"
    /// The winning quote of a competition (DOMAIN.md §K2, §P5): the contract is at the quoted total; the
    /// line's unit price is that total ÷ quantity, half-up to the fen, for display only. `source` names the
    /// competition. Produced by the award, never by the engine.
    case competitionQuote = "competition_quote"
    /// Unit price × quantity.
    case lineAmount = "line_amount"
    /// The percent off in force applied to the line, rounded half-up to the fen once (DOMAIN.md §P2).
    case rounding
    /// A regional delivery fee (DOMAIN.md §C4).
    case deliveryFee = "delivery_fee"
    /// An installation fee (DOMAIN.md §C4).
    case installationFee = "installation_fee"
    /// A parts fee (DOMAIN.md §C4).
    case partsFee = "parts_fee"
    /// Any other declared fee (DOMAIN.md §C4).
    case otherFee = "other_fee"

    /// Whether the step is a cap on the unit price (agreement price, agreement volume tier, reference price).
    package var isCap: Bool {
        switch self {
        case .agreementCap, .agreementVolumeTier, .referenceCap: true
        default: false
        }
    }

    /// Whether the step adds a declared fee.
    package var isFee: Bool {
        switch self {
        case .deliveryFee, .installationFee, .partsFee, .otherFee: true
        default: false
        }
    }
}
