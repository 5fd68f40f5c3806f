/// Error codes of the pricing engine (DOMAIN.md §P). Each error names the offending field in `fields`, as
/// `lines[i].field` when the line came from `PricingEngine.quote(lines:buyerRegion:on:)`.
extension DomainError.Code {
    /// A line's quantity is zero or negative.
    package static let pricingQuantityInvalid = Self("pricing.quantity_invalid")
    /// A line's quantity is above `PricingLimits.maxQuantity`: refused with a code rather than risking overflow.
    package static let pricingQuantityTooLarge = Self("pricing.quantity_too_large")
    /// Price data is inconsistent: a non-positive or absurd price, a negative fee, a percent off outside
    /// 0.01 %–99.99 %, or a promotion window that ends before it starts.
    package static let pricingPriceDataInvalid = Self("pricing.price_data_invalid")
    /// The listing does not deliver to the buyer's region (DOMAIN.md §C4, regional delivery).
    package static let pricingRegionNotServed = Self("pricing.region_not_served")
    /// An amount does not fit in 64-bit fen (DOMAIN.md §P2); never a crash.
    package static let pricingAmountOverflow = Self("pricing.amount_overflow")
    /// An order quote was asked for with no lines.
    package static let pricingNoLines = Self("pricing.no_lines")
}
