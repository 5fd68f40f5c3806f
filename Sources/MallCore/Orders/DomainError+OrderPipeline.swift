extension DomainError.Code {
    // MARK: - Placing orders (DOMAIN.md §O1, §O3, §O4, §C3, §C5; issue 4 point 4)

    /// A line names a listing that does not exist or is not approved (not orderable).
    package static let orderListingUnavailable = Self("order.listing_unavailable")
    /// A line names a listing flagged for a price above a fresh reference price: DOMAIN.md §C3 blocks new
    /// orders for it until the price comes down.
    package static let orderListingPriceFlagged = Self("order.listing_price_flagged")
    /// DOMAIN.md §C5: the category is on the mandatory energy-saving list and the listing has no energy-saving
    /// certificate valid on the order date.
    package static let orderGreenCertificateRequired = Self("order.green_certificate_required")
    /// The category may not be bought by direct purchase at all (its settings say so): run a competition.
    package static let orderDirectPurchaseNotAllowed = Self("order.direct_purchase_not_allowed")
    /// A listing has fewer units in stock than the line asks for.
    package static let orderStockInsufficient = Self("order.stock_insufficient")
    /// DOMAIN.md §O4: the budget line has less available than the order total.
    package static let orderOverBudget = Self("order.over_budget")
    /// The prices moved since the client's quote: the total the client expects is not the total now. The
    /// problem carries the new quote.
    package static let orderPriceChanged = Self("order.price_changed")

    // MARK: - Ratings (DOMAIN.md §O7)

    /// The order cannot be rated now: only after a passed acceptance (accepted or paid).
    package static let orderRatingNotAllowed = Self("order.rating_not_allowed")
    /// The order was rated already; a rating is given once.
    package static let orderAlreadyRated = Self("order.already_rated")
}
