/// Something a party does to an order (DOMAIN.md §O2), with its payload.
///
/// Who may cause which event in which state is the table `OrderLifecycle.edges`; `OrderLifecycle.applying`
/// enforces it.
package enum OrderEvent: Sendable, Hashable {
    /// Supplier: accept a placed order (接单).
    case confirm
    /// Supplier: refuse a placed order, with a reason.
    case reject(reason: String)
    /// Unit: cancel its own order before the supplier confirmed it, with a reason.
    case cancel(reason: String)
    /// Supplier: send the goods (or start the service).
    case ship
    /// Unit: confirm receipt (签收) on a date; the §O5 payment clock can start on it.
    case confirmDelivery(on: LocalDate)
    /// Unit: record the acceptance check (履约验收); the result decides accepted or acceptance failed.
    case recordAcceptance(AcceptanceRecord)
    /// Supplier: after a failed acceptance, send replacement or repaired goods; the order is shipped again and
    /// goes through delivery and acceptance once more.
    case reship
    /// Unit: pay the order total.
    case pay(PaymentRecord)
    /// Either party, after confirmation: ask the other to cancel by agreement, with a reason.
    case requestCancellation(reason: String)
    /// The counterparty of an open cancellation request: agree; the order is cancelled.
    case agreeCancellation
    /// The counterparty of an open cancellation request: decline, optionally saying why; the order goes on.
    case declineCancellation(reason: String?)
    /// The requester of an open cancellation request: take it back; the order goes on.
    case withdrawCancellation

    /// An event without its payload: what `OrderLifecycle.allowedEvents(for:)` lists for the API.
    /// Raw values are the action names the API and the audit log use.
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case confirm
        case reject
        case cancel
        case ship
        case confirmDelivery = "confirm_delivery"
        case recordAcceptance = "record_acceptance"
        case reship
        case pay
        case requestCancellation = "request_cancellation"
        case agreeCancellation = "agree_cancellation"
        case declineCancellation = "decline_cancellation"
        case withdrawCancellation = "withdraw_cancellation"
    }

    /// The event's kind.
    package var kind: Kind {
        switch self {
        case .confirm: .confirm
        case .reject: .reject
        case .cancel: .cancel
        case .ship: .ship
        case .confirmDelivery: .confirmDelivery
        case .recordAcceptance: .recordAcceptance
        case .reship: .reship
        case .pay: .pay
        case .requestCancellation: .requestCancellation
        case .agreeCancellation: .agreeCancellation
        case .declineCancellation: .declineCancellation
        case .withdrawCancellation: .withdrawCancellation
        }
    }
}
