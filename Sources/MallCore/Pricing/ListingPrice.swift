/// The price data of a listing that the pricing engine reads (DOMAIN.md §P1 "listing price data"): base price,
/// quantity tiers, declared fees (§C4) and the regions it delivers to.
package struct ListingPrice: Sendable, Hashable {
    /// The base unit price.
    package var priceFen: Fen
    /// Quantity tiers, in any order: the engine uses the lowest price among the tiers whose `minQuantity` ≤
    /// quantity, and never a price above the base price, so the unit price never rises with quantity.
    package var tiers: [PriceTier]
    /// The declared fees, as fee rules (DOMAIN.md §C4).
    package var fees: [FeeRule]
    /// Regions the listing delivers to; empty = nationwide. `XX0000` covers a province, `XXYY00` a
    /// prefecture, anything else one county. A buyer outside all of them is refused with
    /// `pricing.region_not_served`.
    package var deliveryRegions: [RegionCode] { didSet { deliveryScopes = deliveryRegions.map(RegionNumber.init) } }

    /// `deliveryRegions` as numbers, kept in step with it.
    private(set) var deliveryScopes: [RegionNumber]

    /// Creates listing price data.
    package init(priceFen: Fen, tiers: [PriceTier] = [], fees: [FeeRule] = [], deliveryRegions: [RegionCode] = []) {
        self.priceFen = priceFen
        self.tiers = tiers
        self.fees = fees
        self.deliveryRegions = deliveryRegions
        self.deliveryScopes = deliveryRegions.map(RegionNumber.init)
    }

    /// The price data of a listing's content; each declared fee becomes a nationwide fee rule.
    package init(_ content: ListingContent) {
        self.init(
            priceFen: content.priceFen, tiers: content.tiers, fees: content.fees.map { FeeRule($0) },
            deliveryRegions: content.deliveryRegions)
    }

    /// Whether the listing delivers to `region` (empty delivery regions = nationwide).
    package func delivers(to region: RegionCode) -> Bool {
        deliveryScopes.isEmpty || RegionNumber.bestSpecificity(of: deliveryScopes, covering: RegionNumber(region)) > 0
    }
}
