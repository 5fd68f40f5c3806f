/// What listing validation needs to know about a category (DOMAIN.md §C1, §C5).
package struct CategoryInfo: Sendable, Equatable {
    package enum EnergySaving: String, Sendable, Codable, CaseIterable { case none, priority, mandatory }

    package var code: String
    package var name: String
    package var isLeaf: Bool
    package var energySaving: EnergySaving
    package var ecoLabelPriority: Bool
    package var requiredAttributes: [String]
    package var unitHints: [String]
    package var directPurchaseAllowed: Bool

    package init(
        code: String, name: String, isLeaf: Bool, energySaving: EnergySaving = .none, ecoLabelPriority: Bool = false,
        requiredAttributes: [String] = [], unitHints: [String] = [], directPurchaseAllowed: Bool = true
    ) {
        self.code = code
        self.name = name
        self.isLeaf = isLeaf
        self.energySaving = energySaving
        self.ecoLabelPriority = ecoLabelPriority
        self.requiredAttributes = requiredAttributes
        self.unitHints = unitHints
        self.directPurchaseAllowed = directPurchaseAllowed
    }

    /// The `LIKE` prefix of this code's subtree: the code up to its last non-`00` pair
    /// (`A02010000` → `A0201`, `A02021001` → `A02021001`, `A` → `A`).
    package static func subtreePrefix(of code: String) -> String {
        guard code.count == 9 else { return code }
        var digits = Array(code.dropFirst())
        while digits.count >= 2, digits.suffix(2) == ["0", "0"] { digits.removeLast(2) }
        return String(code.prefix(1)) + String(digits)
    }
}

extension DomainError.Code {
    /// A listing names a category that is unknown, not a leaf, or works (DOMAIN.md §C1).
    package static let categoryNotLeaf = Self("listing.category_not_leaf")
    /// The price is above the lowest fresh reference price (DOMAIN.md §C3).
    package static let priceAboveReference = Self("listing.price_above_reference")
    /// The same supplier already lists this brand + model + specs (DOMAIN.md §C2).
    package static let duplicateListing = Self("listing.duplicate")
    /// The listing is marked government-only (专供/特配) and cannot be approved (DOMAIN.md §C2).
    package static let governmentOnly = Self("listing.government_only")
    /// The action is not allowed in the listing's current state.
    package static let invalidTransition = Self("listing.invalid_transition")
    /// An update of a versioned resource was sent without `If-Match`.
    package static let preconditionRequired = Self("request.precondition_required")
    /// A revision is not pending any more.
    package static let revisionNotPending = Self("listing.revision_not_pending")
}
