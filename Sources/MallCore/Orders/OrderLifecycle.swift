import Foundation

/// The state machine of one order (DOMAIN.md §O2) together with the facts its events recorded. Pure: the order
/// store loads it, calls `applying(_:by:)`, and writes the result and the audit entry in one transaction.
///
/// Decisions the rule leaves open, made here:
/// - **Cancellation.** The unit cancels alone only while the order is `placed`. After confirmation a
///   cancellation needs both parties: one sends `requestCancellation`, the other `agreeCancellation` (the order
///   becomes `cancelled`) or `declineCancellation`; the requester may `withdrawCancellation`. This is possible in
///   `confirmed`, `shipped`, `delivered` and `acceptanceFailed`, never after a passed acceptance (payment is
///   then owed under §O5; undoing it is a return/refund outside this machine).
/// - **An open cancellation request freezes the order**: until it is answered or withdrawn, only those three
///   events are possible, so neither party can move the order under the other's feet.
/// - **After a failed acceptance** the supplier may `reship` (replacement or repair: back to `shipped`, then
///   delivery and acceptance again, and the new delivery date counts for §O5), or the parties cancel by
///   agreement.
/// - **Delivery** is confirmed by the unit (签收) with its date; acceptance and payment are the unit's too.
/// - **Idempotency** (§O2 "idempotent by key") belongs to the store: a replayed request returns the stored
///   result; applying the same event twice here is an invalid transition.
package struct OrderLifecycle: Sendable, Hashable {
    /// The current state.
    package private(set) var state: OrderState
    /// The order total: what a payment must settle exactly.
    package let total: Fen
    /// The day the order was placed; no later date may precede it.
    package let placedOn: LocalDate
    /// The day the unit confirmed receipt (the latest delivery after a re-shipment).
    package private(set) var deliveredOn: LocalDate?
    /// The latest acceptance check (a failed one stays until the next check; history is in the audit log).
    package private(set) var acceptance: AcceptanceRecord?
    /// The payment, once paid.
    package private(set) var payment: PaymentRecord?
    /// An open request to cancel by agreement, if any.
    package private(set) var cancellationRequest: CancellationRequest?
    /// Why the order was rejected or cancelled.
    package private(set) var closingReason: String?

    /// A newly placed order.
    package init(total: Fen, placedOn: LocalDate) {
        self.init(
            state: .placed, total: total, placedOn: placedOn, deliveredOn: nil, acceptance: nil, payment: nil,
            cancellationRequest: nil, closingReason: nil)
    }

    /// An order as the store loaded it.
    package init(
        state: OrderState, total: Fen, placedOn: LocalDate, deliveredOn: LocalDate?, acceptance: AcceptanceRecord?,
        payment: PaymentRecord?, cancellationRequest: CancellationRequest?, closingReason: String?
    ) {
        self.state = state
        self.total = total
        self.placedOn = placedOn
        self.deliveredOn = deliveredOn
        self.acceptance = acceptance
        self.payment = payment
        self.cancellationRequest = cancellationRequest
        self.closingReason = closingReason
    }

    /// The day a passed acceptance was recorded, if it passed (验收合格之日, §O5).
    package var acceptedOn: LocalDate? { acceptance?.result == .passed ? acceptance?.date : nil }

    // MARK: - What may happen

    /// The events `actor` may cause now, in `OrderEvent.Kind.allCases` order: what the API offers as actions.
    /// Empty in a terminal state.
    package func allowedEvents(for actor: OrderActor) -> [OrderEvent.Kind] {
        let possible = Set(outgoingEdges.filter { $0.actor == actor }.map(\.event))
        return OrderEvent.Kind.allCases.filter(possible.contains)
    }

    /// The rows of `edges` that leave this lifecycle's state.
    private var outgoingEdges: [Edge] {
        Self.edges.filter { $0.from == state && $0.pendingCancellationBy == cancellationRequest?.requestedBy }
    }

    // MARK: - Applying an event

    /// The transition caused by `event` from `actor` (DOMAIN.md §O2).
    ///
    /// Throws `order.invalid_transition` when no party may cause the event now (terminal states accept nothing),
    /// `order.transition_forbidden` when only the other party may, `order.payment_amount_mismatch` when a
    /// payment is not exactly `total`, and `request.validation_failed` for a bad payload (empty reason,
    /// missing acceptor, a date before the previous step's date).
    package func applying(_ event: OrderEvent, by actor: OrderActor) throws(DomainError) -> OrderTransition {
        let kind = event.kind
        let candidates = outgoingEdges.filter { $0.event == kind }
        guard !candidates.isEmpty else { throw invalidTransition(kind) }
        guard candidates.contains(where: { $0.actor == actor }) else {
            throw forbiddenTransition(kind, allowed: candidates[0].actor)
        }

        var next = self
        let summary: String
        switch event {
        case .confirm:
            next.state = .confirmed
            summary = "supplier confirmed the order"
        case .reject(let reason):
            next.closingReason = try Self.checkedReason(reason, field: "reason")
            next.state = .rejected
            summary = "supplier rejected the order: \(next.closingReason ?? "")"
        case .cancel(let reason):
            next.closingReason = try Self.checkedReason(reason, field: "reason")
            next.state = .cancelled
            summary = "unit cancelled the order before confirmation: \(next.closingReason ?? "")"
        case .ship:
            next.state = .shipped
            summary = "supplier shipped the order"
        case .confirmDelivery(let date):
            // After a re-shipment the new delivery is also not before the earlier delivery and failed check.
            let earliest = [placedOn, deliveredOn, acceptance?.date].compactMap { $0 }.max() ?? placedOn
            try checkNotBefore(date, earliest, field: "deliveredOn", what: "the previous step's date")
            next.deliveredOn = date
            next.state = .delivered
            summary = "unit confirmed delivery on \(date)"
        case .recordAcceptance(let record):
            next.acceptance = try checkedAcceptance(record)
            next.state = record.result == .passed ? .accepted : .acceptanceFailed
            summary =
                "unit recorded acceptance on \(record.date) by \(next.acceptance?.acceptorName ?? ""): "
                + (record.result == .passed ? "passed" : "failed")
        case .reship:
            next.state = .shipped
            summary = "supplier re-shipped the order after a failed acceptance"
        case .pay(let payment):
            guard payment.amount == total else {
                throw DomainError(
                    .paymentAmountMismatch,
                    "the payment of \(payment.amount) yuan does not equal the order total of \(total) yuan",
                    fields: [.init(field: "amountFen", code: "mismatch", message: "must be \(total.rawValue) fen")])
            }
            try checkNotBefore(payment.date, acceptedOn ?? placedOn, field: "paidOn", what: "the acceptance date")
            next.payment = payment
            next.state = .paid
            summary = "unit paid \(payment.amount) yuan on \(payment.date)"
        case .requestCancellation(let reason):
            let reason = try Self.checkedReason(reason, field: "reason")
            next.cancellationRequest = CancellationRequest(requestedBy: actor, reason: reason)
            summary = "\(actor.rawValue) requested cancellation: \(reason)"
        case .agreeCancellation:
            next.closingReason = cancellationRequest?.reason
            next.cancellationRequest = nil
            next.state = .cancelled
            summary = "\(actor.rawValue) agreed to cancel the order: \(next.closingReason ?? "")"
        case .declineCancellation(let reason):
            let reason = try reason.map { (text) throws(DomainError) in try Self.checkedReason(text, field: "reason") }
            next.cancellationRequest = nil
            summary = "\(actor.rawValue) declined the cancellation request" + (reason.map { ": \($0)" } ?? "")
        case .withdrawCancellation:
            next.cancellationRequest = nil
            summary = "\(actor.rawValue) withdrew the cancellation request"
        }
        return OrderTransition(event: event, actor: actor, from: self, to: next, summary: summary)
    }

    // MARK: - Helpers

    private func forbiddenTransition(_ kind: OrderEvent.Kind, allowed: OrderActor) -> DomainError {
        let message: String
        switch kind {
        case .agreeCancellation, .declineCancellation:
            message =
                "only the \(allowed.rawValue) may answer the cancellation request, which the "
                + "\(allowed.counterparty.rawValue) made"
        case .withdrawCancellation:
            message = "only the \(allowed.rawValue), who requested the cancellation, may withdraw it"
        default:
            message = "only the \(allowed.rawValue) may \(kind.phrase) a \(state.rawValue) order"
        }
        return DomainError(.orderTransitionForbidden, message)
    }

    private func invalidTransition(_ kind: OrderEvent.Kind) -> DomainError {
        if state.isTerminal {
            return DomainError(.orderInvalidTransition, "a \(state.rawValue) order is closed: nothing can happen to it")
        }
        if cancellationRequest != nil {
            return DomainError(
                .orderInvalidTransition,
                "a cancellation request is open: it must be agreed, declined or withdrawn before anyone can "
                    + kind.phrase + " the order")
        }
        if kind == .cancel && state.allowsCancellationByAgreement {
            return DomainError(
                .orderInvalidTransition,
                "a \(state.rawValue) order is cancelled only by agreement of both parties: request the cancellation")
        }
        return DomainError(.orderInvalidTransition, "nobody can \(kind.phrase) a \(state.rawValue) order")
    }

    private static func checkedReason(_ reason: String, field: String) throws(DomainError) -> String {
        var validator = Validator()
        validator.text(reason, field, maxLength: 500)
        try validator.validate()
        return reason.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func checkNotBefore(
        _ date: LocalDate, _ earliest: LocalDate, field: String, what: String
    ) throws(DomainError) {
        guard date < earliest else { return }
        throw DomainError.validation([
            .init(field: field, code: "before_previous_step", message: "\(field) \(date) is before \(what) \(earliest)")
        ])
    }

    private func checkedAcceptance(_ record: AcceptanceRecord) throws(DomainError) -> AcceptanceRecord {
        var validator = Validator()
        validator.text(record.acceptorName, "acceptance.acceptorName", maxLength: 100)
        validator.text(record.notes, "acceptance.notes", maxLength: 2000, required: record.result == .failed)
        if let deliveredOn, record.date < deliveredOn {
            validator.check(
                false, "acceptance.date", "before_previous_step",
                "acceptance.date \(record.date) is before the delivery date \(deliveredOn)")
        }
        try validator.validate()
        var cleaned = record
        cleaned.acceptorName = record.acceptorName.trimmingCharacters(in: .whitespacesAndNewlines)
        return cleaned
    }
}

extension OrderEvent.Kind {
    /// The verb phrase for messages, e.g. "confirm delivery of".
    var phrase: String {
        switch self {
        case .confirm: "confirm"
        case .reject: "reject"
        case .cancel: "cancel"
        case .ship: "ship"
        case .confirmDelivery: "confirm delivery of"
        case .recordAcceptance: "record the acceptance of"
        case .reship: "re-ship"
        case .pay: "pay"
        case .requestCancellation: "request cancellation of"
        case .agreeCancellation: "agree to cancel"
        case .declineCancellation: "decline to cancel"
        case .withdrawCancellation: "withdraw the cancellation request for"
        }
    }
}
