/// The result of applying one event to an order (DOMAIN.md §O2): the lifecycle before and after, and a
/// one-line summary for the audit log (§X1). The store writes `to` and the audit entry in one transaction.
package struct OrderTransition: Sendable, Hashable {
    /// The event applied.
    package var event: OrderEvent
    /// Who caused it.
    package var actor: OrderActor
    /// The lifecycle before.
    package var from: OrderLifecycle
    /// The lifecycle after.
    package var to: OrderLifecycle
    /// What happened, in words, e.g. `supplier rejected the order: out of stock`.
    package var summary: String

    /// Creates a transition.
    package init(event: OrderEvent, actor: OrderActor, from: OrderLifecycle, to: OrderLifecycle, summary: String) {
        self.event = event
        self.actor = actor
        self.from = from
        self.to = to
        self.summary = summary
    }

    /// Whether the state changed (a cancellation request, a decline or a withdrawal keeps the state).
    package var changesState: Bool { from.state != to.state }
}
