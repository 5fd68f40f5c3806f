import MallCore
import Testing

@Suite("Order lifecycle (DOMAIN.md §O2)")
struct OrdersLifecycleTests {
    typealias F = OrderFixtures
    static let total = Fen.yuan(12_990)
    static let placedOn = F.day("2025-09-01")
    let placed = OrderLifecycle(total: total, placedOn: placedOn)

    static let passed = AcceptanceRecord(date: F.day("2025-09-10"), acceptorName: "王芳", result: .passed)
    static let failed = AcceptanceRecord(
        date: F.day("2025-09-10"), acceptorName: "王芳", result: .failed, notes: "屏幕有坏点")

    /// Applies `steps` in turn, failing the test on the first error.
    func run(_ steps: [(OrderEvent, OrderActor)], from start: OrderLifecycle? = nil) throws -> OrderLifecycle {
        var lifecycle = start ?? placed
        for (event, actor) in steps { lifecycle = try lifecycle.applying(event, by: actor).to }
        return lifecycle
    }

    /// The error code of applying `event`, or `nil` when it succeeded.
    func code(_ lifecycle: OrderLifecycle, _ event: OrderEvent, by actor: OrderActor) -> DomainError.Code? {
        do {
            _ = try lifecycle.applying(event, by: actor)
            return nil
        } catch {
            return error.code
        }
    }

    static let toDelivered: [(OrderEvent, OrderActor)] = [
        (.confirm, .supplier), (.ship, .supplier), (.confirmDelivery(on: F.day("2025-09-05")), .unit),
    ]

    @Test("§O2 the normal path: placed → confirmed → shipped → delivered → accepted → paid, recording each fact")
    func happyPath() throws {
        var lifecycle = placed
        let steps: [(OrderEvent, OrderActor, OrderState)] = [
            (.confirm, .supplier, .confirmed),
            (.ship, .supplier, .shipped),
            (.confirmDelivery(on: F.day("2025-09-05")), .unit, .delivered),
            (.recordAcceptance(Self.passed), .unit, .accepted),
            (.pay(PaymentRecord(amount: Self.total, date: F.day("2025-09-20"))), .unit, .paid),
        ]
        for (event, actor, expected) in steps {
            let transition = try lifecycle.applying(event, by: actor)
            #expect(transition.to.state == expected)
            #expect(transition.from == lifecycle)
            #expect(transition.changesState)
            #expect(!transition.summary.isEmpty)
            lifecycle = transition.to
        }
        #expect(lifecycle.deliveredOn == F.day("2025-09-05"))
        #expect(lifecycle.acceptance == Self.passed)
        #expect(lifecycle.acceptedOn == F.day("2025-09-10"))
        #expect(lifecycle.payment == PaymentRecord(amount: Self.total, date: F.day("2025-09-20")))
    }

    @Test("§O2 supplier cannot accept delivery")
    func supplierCannotAccept() throws {
        let delivered = try run(Self.toDelivered)
        #expect(code(delivered, .recordAcceptance(Self.passed), by: .supplier) == .orderTransitionForbidden)
        let shipped = try run([(.confirm, .supplier), (.ship, .supplier)])
        #expect(code(shipped, .confirmDelivery(on: F.day("2025-09-05")), by: .supplier) == .orderTransitionForbidden)
    }

    @Test(
        "§O2 each transition is allowed to the right party only",
        arguments: [
            // (steps to reach the state, event, wrong actor)
            (0, OrderEvent.confirm, OrderActor.unit),
            (0, .reject(reason: "缺货"), .unit),
            (0, .cancel(reason: "不再需要"), .supplier),
            (1, .ship, .unit),
            (2, .confirmDelivery(on: F.day("2025-09-05")), .supplier),
            (3, .recordAcceptance(passed), .supplier),
        ])
    func wrongActor(steps: Int, event: OrderEvent, actor: OrderActor) throws {
        let lifecycle = try run(Array(Self.toDelivered.prefix(steps)))
        #expect(code(lifecycle, event, by: actor) == .orderTransitionForbidden)
        #expect(code(lifecycle, event, by: actor.counterparty) == nil)
    }

    @Test("§O2 paying the wrong amount answers order.payment_amount_mismatch; overdue interest is not part of it")
    func paymentMismatch() throws {
        let accepted = try run(Self.toDelivered + [(.recordAcceptance(Self.passed), .unit)])
        for amount in [Self.total - Fen(1), Self.total + Fen(1), .zero] {
            let payment = PaymentRecord(amount: amount, date: F.day("2025-09-20"))
            #expect(code(accepted, .pay(payment), by: .unit) == .paymentAmountMismatch)
        }
        let payment = PaymentRecord(amount: Self.total, date: F.day("2025-09-20"))
        #expect(code(accepted, .pay(payment), by: .supplier) == .orderTransitionForbidden)
        #expect(try accepted.applying(.pay(payment), by: .unit).to.state == .paid)
    }

    @Test("§O2 the supplier rejects a placed order with a reason; the unit cancels it alone only before confirmation")
    func rejectAndCancel() throws {
        let rejected = try placed.applying(.reject(reason: "  型号停产  "), by: .supplier).to
        #expect(rejected.state == .rejected)
        #expect(rejected.closingReason == "型号停产")
        let cancelled = try placed.applying(.cancel(reason: "预算调整"), by: .unit).to
        #expect(cancelled.state == .cancelled)
        let confirmed = try run([(.confirm, .supplier)])
        #expect(code(confirmed, .cancel(reason: "预算调整"), by: .unit) == .orderInvalidTransition)
    }

    @Test("§O2 after confirmation both parties cancel: one requests, the other agrees")
    func cancelByAgreement() throws {
        let shipped = try run([(.confirm, .supplier), (.ship, .supplier)])
        let requested = try shipped.applying(.requestCancellation(reason: "无法按期供货"), by: .supplier)
        #expect(requested.to.state == .shipped)
        #expect(!requested.changesState)
        #expect(requested.to.cancellationRequest == CancellationRequest(requestedBy: .supplier, reason: "无法按期供货"))
        #expect(requested.to.allowedEvents(for: .unit) == [.agreeCancellation, .declineCancellation])
        #expect(requested.to.allowedEvents(for: .supplier) == [.withdrawCancellation])
        // The requester cannot agree with itself.
        #expect(code(requested.to, .agreeCancellation, by: .supplier) == .orderTransitionForbidden)
        // An open request freezes the order.
        #expect(code(requested.to, .confirmDelivery(on: F.day("2025-09-05")), by: .unit) == .orderInvalidTransition)
        #expect(code(requested.to, .requestCancellation(reason: "再次"), by: .unit) == .orderInvalidTransition)
        let agreed = try requested.to.applying(.agreeCancellation, by: .unit).to
        #expect(agreed.state == .cancelled)
        #expect(agreed.closingReason == "无法按期供货")
        #expect(agreed.cancellationRequest == nil)
    }

    @Test("§O2 a cancellation request can be declined by the other party or withdrawn by the requester")
    func declineAndWithdraw() throws {
        let confirmed = try run([(.confirm, .supplier)])
        let requested = try confirmed.applying(.requestCancellation(reason: "需求变更"), by: .unit).to
        let declined = try requested.applying(.declineCancellation(reason: "已备货"), by: .supplier).to
        #expect(declined == confirmed)
        let withdrawn = try requested.applying(.withdrawCancellation, by: .unit).to
        #expect(withdrawn == confirmed)
        #expect(code(requested, .withdrawCancellation, by: .supplier) == .orderTransitionForbidden)
        #expect(try withdrawn.applying(.ship, by: .supplier).to.state == .shipped)
    }

    @Test("§O2 no cancellation once the acceptance passed: payment is owed (§O5)")
    func noCancellationAfterAcceptance() throws {
        let accepted = try run(Self.toDelivered + [(.recordAcceptance(Self.passed), .unit)])
        #expect(code(accepted, .requestCancellation(reason: "退货"), by: .unit) == .orderInvalidTransition)
        #expect(code(accepted, .requestCancellation(reason: "退货"), by: .supplier) == .orderInvalidTransition)
        #expect(accepted.allowedEvents(for: .unit) == [.pay])
        #expect(accepted.allowedEvents(for: .supplier) == [])
    }

    @Test("§O2 after a failed acceptance the supplier re-ships, and delivery and acceptance happen again")
    func failedAcceptanceRedelivery() throws {
        let failed = try run(Self.toDelivered + [(.recordAcceptance(Self.failed), .unit)])
        #expect(failed.state == .acceptanceFailed)
        #expect(failed.acceptedOn == nil)
        #expect(failed.allowedEvents(for: .supplier) == [.reship, .requestCancellation])
        #expect(failed.allowedEvents(for: .unit) == [.requestCancellation])
        #expect(
            code(failed, .pay(PaymentRecord(amount: Self.total, date: F.day("2025-09-20"))), by: .unit)
                == .orderInvalidTransition)
        let again = try run(
            [
                (.reship, .supplier), (.confirmDelivery(on: F.day("2025-09-15")), .unit),
                (
                    .recordAcceptance(AcceptanceRecord(date: F.day("2025-09-16"), acceptorName: "王芳", result: .passed)),
                    .unit
                ),
            ], from: failed)
        #expect(again.state == .accepted)
        let reshipped = try failed.applying(.reship, by: .supplier).to
        #expect(code(reshipped, .confirmDelivery(on: F.day("2025-09-09")), by: .unit) == .validationFailed)
        #expect(again.deliveredOn == F.day("2025-09-15"))
        #expect(again.acceptedOn == F.day("2025-09-16"))
    }

    @Test("§O2 a failed acceptance can also end in cancellation by agreement")
    func failedAcceptanceCancelled() throws {
        let failed = try run(Self.toDelivered + [(.recordAcceptance(Self.failed), .unit)])
        let cancelled = try run(
            [(.requestCancellation(reason: "验收不合格，退货"), .unit), (.agreeCancellation, .supplier)], from: failed)
        #expect(cancelled.state == .cancelled)
    }

    @Test(
        "§O2 payloads are validated: reasons, acceptor, notes of a failed check, and dates in order",
        arguments: [
            (0, OrderEvent.reject(reason: "   "), OrderActor.supplier, "reason"),
            (0, .cancel(reason: ""), .unit, "reason"),
            (2, .confirmDelivery(on: F.day("2025-08-31")), .unit, "deliveredOn"),
            (
                3, .recordAcceptance(AcceptanceRecord(date: F.day("2025-09-10"), acceptorName: " ", result: .passed)),
                .unit, "acceptance.acceptorName"
            ),
            (
                3, .recordAcceptance(AcceptanceRecord(date: F.day("2025-09-10"), acceptorName: "王芳", result: .failed)),
                .unit, "acceptance.notes"
            ),
            (
                3, .recordAcceptance(AcceptanceRecord(date: F.day("2025-09-04"), acceptorName: "王芳", result: .passed)),
                .unit, "acceptance.date"
            ),
            (4, .pay(PaymentRecord(amount: total, date: F.day("2025-09-09"))), .unit, "paidOn"),
            (1, .requestCancellation(reason: String(repeating: "长", count: 501)), .unit, "reason"),
        ])
    func payloadValidation(steps: Int, event: OrderEvent, actor: OrderActor, field: String) throws {
        let path = Self.toDelivered + [(.recordAcceptance(Self.passed), .unit)]
        let lifecycle = try run(Array(path.prefix(steps)))
        do {
            _ = try lifecycle.applying(event, by: actor)
            Issue.record("expected request.validation_failed on \(field)")
        } catch {
            #expect(error.code == .validationFailed)
            #expect(error.fields.map(\.field) == [field])
        }
    }

    @Test(
        "§O2 allowedEvents lists what each party may do now",
        arguments: [
            (0, OrderActor.unit, [OrderEvent.Kind.cancel]),
            (0, .supplier, [.confirm, .reject]),
            (1, .unit, [.requestCancellation]),
            (1, .supplier, [.ship, .requestCancellation]),
            (2, .unit, [.confirmDelivery, .requestCancellation]),
            (2, .supplier, [.requestCancellation]),
            (3, .unit, [.recordAcceptance, .requestCancellation]),
            (3, .supplier, [.requestCancellation]),
            (4, .unit, [.pay]),
            (4, .supplier, []),
        ])
    func allowedEvents(steps: Int, actor: OrderActor, expected: [OrderEvent.Kind]) throws {
        let path = Self.toDelivered + [(.recordAcceptance(Self.passed), .unit)]
        let lifecycle = try run(Array(path.prefix(steps)))
        #expect(lifecycle.allowedEvents(for: actor) == expected)
    }

    @Test(
        "§O2 terminal states (paid, rejected, cancelled) accept nothing",
        arguments: [
            OrderState.paid, .rejected, .cancelled,
        ])
    func terminal(state: OrderState) {
        let lifecycle = OrderLifecycle(
            state: state, total: Self.total, placedOn: Self.placedOn, deliveredOn: nil, acceptance: nil, payment: nil,
            cancellationRequest: nil, closingReason: nil)
        #expect(state.isTerminal)
        for actor in OrderActor.allCases {
            #expect(lifecycle.allowedEvents(for: actor).isEmpty)
            for event in [OrderEvent.confirm, .ship, .agreeCancellation, .withdrawCancellation, .reship] {
                #expect(code(lifecycle, event, by: actor) == .orderInvalidTransition)
            }
        }
    }

    @Test("§O2 buyers and approvers act for the unit, supplier users for the supplier, nobody else moves orders")
    func actorsFromRoles() {
        #expect(OrderActor(role: .buyer) == .unit)
        #expect(OrderActor(role: .approver) == .unit)
        #expect(OrderActor(role: .supplier) == .supplier)
        #expect(OrderActor(role: .operator) == nil)
        #expect(OrderActor(role: .regulator) == nil)
    }

    @Test("§O2 the transition table has one row per (state, open request, event, actor, outcome)")
    func tableIsConsistent() {
        let edges = OrderLifecycle.edges
        #expect(Set(edges).count == edges.count)
        #expect(edges.allSatisfy { !$0.from.isTerminal })
        // Only the acceptance event has two outcomes.
        let outcomes = Dictionary(grouping: edges) {
            [$0.from.rawValue, "\(String(describing: $0.pendingCancellationBy))", $0.event.rawValue, $0.actor.rawValue]
        }
        for (_, rows) in outcomes where rows.count > 1 {
            #expect(rows.allSatisfy { $0.event == .recordAcceptance })
        }
        // Each event has one actor per situation, except a cancellation request, which either party may make.
        let situations = Dictionary(grouping: edges) {
            [$0.from.rawValue, "\(String(describing: $0.pendingCancellationBy))", $0.event.rawValue]
        }
        for (_, rows) in situations {
            #expect(Set(rows.map(\.actor)).count == (rows[0].event == .requestCancellation ? 2 : 1))
        }
    }
}
