extension OrderLifecycle {
    /// One allowed transition of the order machine (DOMAIN.md §O2): in state `from`, with a cancellation request
    /// open by `pendingCancellationBy` (or none), `actor` may cause `event`, leading to `to` with
    /// `toPendingCancellationBy`. An event whose outcome depends on its payload (acceptance passed or failed)
    /// has one row per outcome.
    package struct Edge: Sendable, Hashable, CustomStringConvertible {
        /// The state before.
        package var from: OrderState
        /// Who has an open cancellation request before, or `nil` for none.
        package var pendingCancellationBy: OrderActor?
        /// The event.
        package var event: OrderEvent.Kind
        /// The only party that may cause it.
        package var actor: OrderActor
        /// The state after.
        package var to: OrderState
        /// Who has an open cancellation request after, or `nil` for none.
        package var toPendingCancellationBy: OrderActor?

        /// Creates a row.
        package init(
            _ from: OrderState, pending: OrderActor? = nil, _ event: OrderEvent.Kind, by actor: OrderActor,
            to: OrderState, toPending: OrderActor? = nil
        ) {
            self.from = from
            self.pendingCancellationBy = pending
            self.event = event
            self.actor = actor
            self.to = to
            self.toPendingCancellationBy = toPending
        }

        /// e.g. `placed --confirm/supplier--> confirmed`.
        package var description: String {
            let before = pendingCancellationBy.map { "\(from.rawValue)[cancel? \($0.rawValue)]" } ?? from.rawValue
            let after = toPendingCancellationBy.map { "\(to.rawValue)[cancel? \($0.rawValue)]" } ?? to.rawValue
            return "\(before) --\(event.rawValue)/\(actor.rawValue)--> \(after)"
        }
    }

    /// The whole transition table of DOMAIN.md §O2; every transition `applying(_:by:)` makes is a row here, and
    /// `allowedEvents(for:)` reads it. Nothing leaves `paid`, `rejected` or `cancelled`.
    ///
    /// | from | event | by | to |
    /// |---|---|---|---|
    /// | placed | confirm | supplier | confirmed |
    /// | placed | reject | supplier | rejected |
    /// | placed | cancel | unit | cancelled |
    /// | confirmed | ship | supplier | shipped |
    /// | shipped | confirm_delivery | unit | delivered |
    /// | delivered | record_acceptance | unit | accepted / acceptance_failed |
    /// | acceptance_failed | reship | supplier | shipped |
    /// | accepted | pay | unit | paid |
    /// | confirmed, shipped, delivered, acceptance_failed | request_cancellation | either | same, request open |
    /// | same, request open by X | agree_cancellation | other than X | cancelled |
    /// | same, request open by X | decline_cancellation | other than X | same, no request |
    /// | same, request open by X | withdraw_cancellation | X | same, no request |
    package static let edges: [Edge] = {
        var rows: [Edge] = [
            Edge(.placed, .confirm, by: .supplier, to: .confirmed),
            Edge(.placed, .reject, by: .supplier, to: .rejected),
            Edge(.placed, .cancel, by: .unit, to: .cancelled),
            Edge(.confirmed, .ship, by: .supplier, to: .shipped),
            Edge(.shipped, .confirmDelivery, by: .unit, to: .delivered),
            Edge(.delivered, .recordAcceptance, by: .unit, to: .accepted),
            Edge(.delivered, .recordAcceptance, by: .unit, to: .acceptanceFailed),
            Edge(.acceptanceFailed, .reship, by: .supplier, to: .shipped),
            Edge(.accepted, .pay, by: .unit, to: .paid),
        ]
        for state in OrderState.allCases where state.allowsCancellationByAgreement {
            for requester in OrderActor.allCases {
                let other = requester.counterparty
                rows += [
                    Edge(state, .requestCancellation, by: requester, to: state, toPending: requester),
                    Edge(state, pending: requester, .agreeCancellation, by: other, to: .cancelled),
                    Edge(state, pending: requester, .declineCancellation, by: other, to: state),
                    Edge(state, pending: requester, .withdrawCancellation, by: requester, to: state),
                ]
            }
        }
        return rows
    }()
}
