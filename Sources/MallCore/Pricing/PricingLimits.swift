/// Bounds the pricing engine enforces before any arithmetic, so that every amount fits in 64-bit fen
/// (DOMAIN.md §P2). The defaults match the listing rules (`ListingRules`): a unit price of at most
/// 1 000 000 000 yuan, a fee of at most 100 000 000 yuan, and tier quantities of at most 10 000 000.
/// With those bounds a line amount is at most 10¹⁸ fen, below `Int64.max` (≈ 9.2 × 10¹⁸).
package struct PricingLimits: Sendable, Hashable {
    /// The largest quantity one line may have; above it the line is refused with
    /// `pricing.quantity_too_large`.
    package var maxQuantity: Int64
    /// The largest unit price (base, tier, promotion, agreement or reference price) accepted. The engine
    /// never accepts more than `Int64.max / 10 000` fen whatever this says, so that exact unit prices,
    /// counted in ten-thousandths of a fen, always fit in `Int64`.
    package var maxUnitPriceFen: Fen
    /// The largest fee amount (per unit or per line) accepted.
    package var maxFeeFen: Fen

    /// The most fee rules one listing may have (the engine selects rules with a 64-bit set; listings declare
    /// at most `ListingRules.maxFees`).
    package static let maxFeeRules = 64

    /// Creates limits; the defaults are the listing rules' bounds.
    package init(
        maxQuantity: Int64 = 10_000_000, maxUnitPriceFen: Fen = Fen(100_000_000_000),
        maxFeeFen: Fen = Fen(10_000_000_000)
    ) {
        self.maxQuantity = maxQuantity
        self.maxUnitPriceFen = maxUnitPriceFen
        self.maxFeeFen = maxFeeFen
    }
}
