/// The review life of a listing (DOMAIN.md §C2, issue 3): draft → pending → approved (listed) |
/// rejected (reason) → delisted (reason) → pending again to relist. Only approved listings are on sale.
package enum ListingStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case draft, pending, approved, rejected, delisted

    /// What can happen to a listing.
    package enum Action: String, Sendable, CaseIterable {
        /// The supplier asks for review (also to resubmit a rejected or relist a delisted listing).
        case submit
        /// An operator approves.
        case approve
        /// An operator rejects with a reason.
        case reject
        /// The supplier or an operator takes it off sale with a reason.
        case delist

        /// The roles that may take the action.
        package var roles: Set<Role> {
            switch self {
            case .submit: [.supplier]
            case .approve, .reject: [.operator]
            case .delist: [.supplier, .operator]
            }
        }
    }

    /// The state after `action`, or `listing.invalid_transition`.
    package func applying(_ action: Action) throws(DomainError) -> ListingStatus {
        switch (self, action) {
        case (.draft, .submit), (.rejected, .submit), (.delisted, .submit): return .pending
        case (.pending, .approve): return .approved
        case (.pending, .reject): return .rejected
        case (.approved, .delist), (.pending, .delist): return .delisted
        default:
            throw DomainError(.invalidTransition, "a \(rawValue) listing cannot be \(action.pastTense)")
        }
    }

    /// Whether the supplier edits the content directly (no revision needed).
    package var isEditableInPlace: Bool { self == .draft || self == .rejected || self == .delisted }
}

extension ListingStatus.Action {
    var pastTense: String {
        switch self {
        case .submit: "submitted"
        case .approve: "approved"
        case .reject: "rejected"
        case .delist: "delisted"
        }
    }
}

/// How a change to an approved listing takes effect (DOMAIN.md §P4, issue 3): a price decrease applies at
/// once; a price increase or any other change of content becomes a pending revision, while the approved
/// version stays on sale.
package enum ListingChange: Sendable, Equatable {
    /// Nothing changed.
    case none
    /// Only prices went down (the base price and/or tier prices, tier quantities unchanged): apply now.
    case immediateDecrease(priceFen: Fen, tiers: [PriceTier])
    /// Needs review; the approved content stays on sale meanwhile.
    case needsReview

    package static func classify(current: ListingContent, proposed: ListingContent) -> ListingChange {
        if current == proposed { return .none }
        var samePrices = proposed
        samePrices.priceFen = current.priceFen
        samePrices.tiers = current.tiers
        let sameQuantities = proposed.tiers.map(\.minQuantity) == current.tiers.map(\.minQuantity)
        let noTierRises = zip(proposed.tiers, current.tiers).allSatisfy { $0.unitPriceFen <= $1.unitPriceFen }
        if samePrices == current && sameQuantities && noTierRises && proposed.priceFen <= current.priceFen {
            return .immediateDecrease(priceFen: proposed.priceFen, tiers: proposed.tiers)
        }
        return .needsReview
    }

    /// Tiers capped at `price`: after a base-price decrease no tier may cost more than the base.
    package static func capping(_ tiers: [PriceTier], at price: Fen) -> [PriceTier] {
        tiers.map { PriceTier(minQuantity: $0.minQuantity, unitPriceFen: min($0.unitPriceFen, price)) }
    }
}
