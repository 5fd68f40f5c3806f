/// Everything the pricing engine needs for one order line besides the buyer's region and the order date
/// (DOMAIN.md §P1). The order store maps a listing, the unit's agreement and the reference prices to it.
package struct LineInput: Sendable, Hashable {
    /// The listing's price data.
    package var listing: ListingPrice
    /// Units ordered: 1 … `PricingLimits.maxQuantity`.
    package var quantity: Int64
    /// The framework agreement's terms when the line is a stage-2 FA order (DOMAIN.md §P3), else `nil`.
    package var agreement: AgreementTerms?
    /// The lowest fresh reference price (DOMAIN.md §C3), as computed by `PriceControl.lowestFresh`: a cap on
    /// the unit price. Whether a listing above its reference may be ordered at all is the order pipeline's
    /// decision (§C3 blocks new orders); the engine only guarantees no quote is above it.
    package var referencePriceFen: Fen?
    /// The listing's promotions; those whose window contains the order date compete (best one applies).
    package var promotions: [Promotion]

    /// Creates a line input.
    package init(
        listing: ListingPrice, quantity: Int64, agreement: AgreementTerms? = nil, referencePriceFen: Fen? = nil,
        promotions: [Promotion] = []
    ) {
        self.listing = listing
        self.quantity = quantity
        self.agreement = agreement
        self.referencePriceFen = referencePriceFen
        self.promotions = promotions
    }
}
