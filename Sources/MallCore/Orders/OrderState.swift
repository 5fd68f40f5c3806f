/// Where an order stands in its life (DOMAIN.md §O2): placed → confirmed | rejected → shipped → delivered →
/// accepted | acceptance failed → paid, or cancelled.
///
/// Raw values are the `orders.state` text column values (STYLE.md §2.2: states are `text` with a CHECK).
/// The transitions between states are the table `OrderLifecycle.edges`.
package enum OrderState: String, Sendable, Hashable, Codable, CaseIterable {
    /// The unit placed the order; the supplier has not answered yet.
    case placed
    /// The supplier accepted the order (接单).
    case confirmed
    /// The supplier refused the order, with a reason. Terminal.
    case rejected
    /// The supplier sent the goods (or started the service).
    case shipped
    /// The unit confirmed receipt (签收) on a date; the §O5 payment clock may start here.
    case delivered
    /// The unit's acceptance check (履约验收) passed; payment is owed.
    case accepted
    /// The acceptance check failed; the supplier may re-ship, or the parties cancel by agreement.
    case acceptanceFailed = "acceptance_failed"
    /// The unit paid the order total. Terminal.
    case paid
    /// Cancelled: by the unit before confirmation, or by agreement of both parties after. Terminal.
    case cancelled

    /// Terminal states accept no event at all (DOMAIN.md §O2): paid, rejected and cancelled.
    package var isTerminal: Bool {
        switch self {
        case .paid, .rejected, .cancelled: true
        default: false
        }
    }

    /// Whether a cancellation by agreement may be requested in this state (DOMAIN.md §O2, "by both after"):
    /// after confirmation and up to a failed acceptance, but never once the acceptance passed — by then payment
    /// is owed under §O5, and undoing an accepted purchase is a return/refund, not a cancellation.
    package var allowsCancellationByAgreement: Bool {
        switch self {
        case .confirmed, .shipped, .delivered, .acceptanceFailed: true
        default: false
        }
    }
}
