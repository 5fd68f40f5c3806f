/// The party that causes an order event (DOMAIN.md §O2: each transition, right role only).
///
/// A unit acts through its buyers and approvers, a supplier through its supplier users. Operators and
/// regulators cause no order transition: they watch (audit, §T warnings) but never move an order. Whether the
/// principal belongs to *this* order's unit or supplier is the store's tenancy check, not this type's.
package enum OrderActor: String, Sendable, Hashable, Codable, CaseIterable {
    /// The purchasing unit (采购人).
    case unit
    /// The order's supplier (供应商).
    case supplier

    /// The actor a role acts as on an order, or `nil` for operators and regulators.
    package init?(role: Role) {
        switch role {
        case .buyer, .approver: self = .unit
        case .supplier: self = .supplier
        case .operator, .regulator: return nil
        }
    }

    /// The other party of the order: the one who must agree to a cancellation this actor requests.
    package var counterparty: OrderActor {
        switch self {
        case .unit: .supplier
        case .supplier: .unit
        }
    }
}
