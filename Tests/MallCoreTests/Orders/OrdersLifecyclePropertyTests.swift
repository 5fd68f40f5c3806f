import MallCore
import PropertyBased
import Testing

@Suite("Order lifecycle properties (DOMAIN.md §O2): the machine accepts no transition outside its table")
struct OrdersLifecyclePropertyTests {
    typealias F = OrderFixtures
    typealias Step = (kind: OrderEvent.Kind, actor: OrderActor, passes: Bool)

    static let start = OrderLifecycle(total: .yuan(5_000), placedOn: F.day("2025-09-01"))

    /// A valid event of `kind` for `lifecycle`: dates after the previous step, the exact total, non-empty text.
    /// With valid payloads, success depends only on state, open request, event and actor.
    static func event(_ kind: OrderEvent.Kind, for lifecycle: OrderLifecycle, passes: Bool) -> OrderEvent {
        let lastDate =
            [lifecycle.placedOn, lifecycle.deliveredOn, lifecycle.acceptance?.date].compactMap { $0 }.max()
            ?? lifecycle.placedOn
        switch kind {
        case .confirm: return .confirm
        case .reject: return .reject(reason: "缺货")
        case .cancel: return .cancel(reason: "不再需要")
        case .ship: return .ship
        case .confirmDelivery: return .confirmDelivery(on: lastDate.adding(days: 1))
        case .recordAcceptance:
            return .recordAcceptance(
                AcceptanceRecord(
                    date: lastDate.adding(days: 1), acceptorName: "李雷", result: passes ? .passed : .failed,
                    notes: passes ? nil : "数量不符"))
        case .reship: return .reship
        case .pay: return .pay(PaymentRecord(amount: lifecycle.total, date: lastDate.adding(days: 1)))
        case .requestCancellation: return .requestCancellation(reason: "协商解除")
        case .agreeCancellation: return .agreeCancellation
        case .declineCancellation: return .declineCancellation(reason: nil)
        case .withdrawCancellation: return .withdrawCancellation
        }
    }

    /// The table rows matching a situation.
    static func rows(
        _ lifecycle: OrderLifecycle, _ kind: OrderEvent.Kind, actor: OrderActor? = nil
    ) -> [OrderLifecycle.Edge] {
        OrderLifecycle.edges.filter {
            $0.from == lifecycle.state && $0.pendingCancellationBy == lifecycle.cancellationRequest?.requestedBy
                && $0.event == kind && (actor == nil || $0.actor == actor)
        }
    }

    /// Applies one step and checks it against the table; returns the lifecycle after it (unchanged on failure).
    static func checkedStep(_ lifecycle: OrderLifecycle, _ step: Step) -> OrderLifecycle {
        let event = event(step.kind, for: lifecycle, passes: step.passes)
        let allowed = rows(lifecycle, step.kind, actor: step.actor)
        do {
            let transition = try lifecycle.applying(event, by: step.actor)
            let after = transition.to
            #expect(
                allowed.contains {
                    $0.to == after.state && $0.toPendingCancellationBy == after.cancellationRequest?.requestedBy
                },
                "\(lifecycle.state) --\(step.kind)/\(step.actor)--> \(after.state) is not in the table")
            #expect(lifecycle.allowedEvents(for: step.actor).contains(step.kind))
            return after
        } catch {
            #expect(allowed.isEmpty, "\(lifecycle.state) \(step.kind)/\(step.actor) is in the table but threw \(error)")
            let expected: DomainError.Code =
                rows(lifecycle, step.kind).isEmpty ? .orderInvalidTransition : .orderTransitionForbidden
            #expect(error.code == expected)
            #expect(!lifecycle.allowedEvents(for: step.actor).contains(step.kind))
            return lifecycle
        }
    }

    static let steps = zip(Gen<OrderEvent.Kind>.case, Gen<OrderActor>.case, Gen.bool(0.7))
        .map { Step(kind: $0, actor: $1, passes: $2) }.array(of: 1...60)

    @Test("§O2 random event sequences never reach a state the transition table does not allow")
    func randomWalks() async {
        await propertyCheck(count: 300, input: Self.steps) { steps in
            var lifecycle = Self.start
            for step in steps { lifecycle = Self.checkedStep(lifecycle, step) }
        }
    }

    /// A walk that only takes allowed steps (choosing among `allowedEvents` with the generated numbers), so
    /// that deep states are reached often.
    static let choices = zip(Gen.int(in: 0...1_000), Gen<OrderActor>.case, Gen.bool(0.7)).array(of: 1...25)

    @Test("§O2 terminal states (paid, cancelled, rejected) accept nothing, from any reachable history")
    func terminalStatesAcceptNothing() async {
        await propertyCheck(count: 300, input: Self.choices) { choices in
            var lifecycle = Self.start
            for (choice, actor, passes) in choices {
                let kinds = lifecycle.allowedEvents(for: actor)
                guard !kinds.isEmpty else { continue }
                lifecycle = Self.checkedStep(lifecycle, (kinds[choice % kinds.count], actor, passes))
            }
            if lifecycle.state.isTerminal {
                for kind in OrderEvent.Kind.allCases {
                    for actor in OrderActor.allCases {
                        let event = Self.event(kind, for: lifecycle, passes: true)
                        #expect(Self.code(lifecycle, event, by: actor) == .orderInvalidTransition)
                    }
                }
            }
        }
    }

    @Test("§O2 only the listed actor can cause each transition, in every reachable situation")
    func onlyListedActor() async {
        await propertyCheck(count: 300, input: Self.choices) { choices in
            var lifecycle = Self.start
            for (choice, actor, passes) in choices {
                // In every situation reached, the other party's attempt at each listed event is forbidden,
                // unless the table lists it for both (a cancellation request).
                for edge in OrderEvent.Kind.allCases.flatMap({ Self.rows(lifecycle, $0) }) {
                    let other = edge.actor.counterparty
                    guard Self.rows(lifecycle, edge.event, actor: other).isEmpty else { continue }
                    let event = Self.event(edge.event, for: lifecycle, passes: passes)
                    #expect(
                        Self.code(lifecycle, event, by: other) == .orderTransitionForbidden, "\(other) caused \(edge)")
                }
                let kinds = lifecycle.allowedEvents(for: actor)
                guard !kinds.isEmpty else { continue }
                lifecycle = Self.checkedStep(lifecycle, (kinds[choice % kinds.count], actor, passes))
            }
        }
    }

    @Test("§O2 exhaustively: from every reachable situation, every event by every party agrees with the table")
    func exhaustive() {
        // Breadth-first over (state, open request); payload facts (dates) do not change which events are allowed.
        var frontier = [Self.start]
        var seen: Set<String> = []
        var visited = 0
        while let lifecycle = frontier.popLast() {
            let key = "\(lifecycle.state)|\(String(describing: lifecycle.cancellationRequest?.requestedBy))"
            guard seen.insert(key).inserted else { continue }
            visited += 1
            for kind in OrderEvent.Kind.allCases {
                for actor in OrderActor.allCases {
                    for passes in [true, false] {
                        let after = Self.checkedStep(lifecycle, (kind, actor, passes))
                        if after != lifecycle { frontier.append(after) }
                    }
                }
            }
        }
        // 9 states + 4 cancellable states × 2 requesters.
        #expect(visited == 17)
        #expect(Set(seen.map { $0.split(separator: "|")[0] }).count == OrderState.allCases.count)
    }

    /// The error code of applying `event`, or `nil` when it succeeded.
    static func code(_ lifecycle: OrderLifecycle, _ event: OrderEvent, by actor: OrderActor) -> DomainError.Code? {
        do {
            _ = try lifecycle.applying(event, by: actor)
            return nil
        } catch {
            return error.code
        }
    }
}
