import MallCore

/// The action names of `POST /api/v1/orders/{id}/{action}`: one per lifecycle event of DOMAIN.md §O2.
/// `allowedActions` in order responses uses the same names.
package enum OrderAction: String, Sendable, CaseIterable {
    case confirm
    case reject
    case cancel
    case ship
    case deliver
    case accept
    case reship
    case pay
    case requestCancellation = "request-cancellation"
    case agreeCancellation = "agree-cancellation"
    case declineCancellation = "decline-cancellation"
    case withdrawCancellation = "withdraw-cancellation"

    /// The action of an event kind.
    package init(kind: OrderEvent.Kind) {
        switch kind {
        case .confirm: self = .confirm
        case .reject: self = .reject
        case .cancel: self = .cancel
        case .ship: self = .ship
        case .confirmDelivery: self = .deliver
        case .recordAcceptance: self = .accept
        case .reship: self = .reship
        case .pay: self = .pay
        case .requestCancellation: self = .requestCancellation
        case .agreeCancellation: self = .agreeCancellation
        case .declineCancellation: self = .declineCancellation
        case .withdrawCancellation: self = .withdrawCancellation
        }
    }

    /// Who may call the action's route (the lifecycle then checks the party and the state): supplier
    /// actions for suppliers, unit actions for buyers and approvers, cancellation by agreement for both.
    package var roles: Set<Role> {
        switch self {
        case .confirm, .reject, .ship, .reship: [.supplier]
        case .cancel, .deliver, .accept, .pay: [.buyer, .approver]
        case .requestCancellation, .agreeCancellation, .declineCancellation, .withdrawCancellation:
            [.buyer, .approver, .supplier]
        }
    }
}
