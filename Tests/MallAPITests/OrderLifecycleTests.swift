import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

@Suite("Order lifecycle: the right party in the right state, audited (issue 4 point 6, DOMAIN.md §O2, §O5, §W1)")
struct OrderLifecycleTests {
    /// A placed order of one unit of the default listing (total 334 900 fen), with the cast and the listing.
    static func placed(
        _ client: some TestClientProtocol, budgetFen: Int64 = 100_000_000
    ) async throws -> (Orders.Cast, Catalog.Listing, Orders.Order) {
        let cast = try await Orders.Cast.login(client)
        let listing = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
        let budget = try await Orders.budget(client, approver: cast.approver, amountFen: budgetFen)
        let placement = try await Orders.placeQuoted(
            client, token: cast.buyer, lines: [(listing.id, 1)], budgetLineId: budget.id)
        return (cast, listing, try #require(placement.orders.first))
    }

    static let day: TimeInterval = 86_400

    /// Tokens outlive the clock jumps of these tests (deliveries weeks after placement).
    static let config: AppConfig = {
        var config = testConfig()
        config.tokenLifetime = 400 * day
        return config
    }()

    @Test("placed → confirmed → shipped → delivered → accepted → paid, each step by its party, with ETags")
    func happyPath() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let (cast, _, order) = try await Self.placed(client)
            let confirmed = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            #expect(confirmed.state == "confirmed" && confirmed.version == 2)
            #expect(confirmed.allowedActions == ["ship", "request-cancellation"])
            let shipped = try await Orders.step(client, "ship", confirmed, token: cast.supplierA)
            fixtures.clock.advance(by: 3 * Self.day)  // 2026-03-05
            let delivered = try await Orders.step(client, "deliver", shipped, token: cast.buyer, body: [String: Any]())
            #expect(delivered.deliveredOn == "2026-03-05")
            // DOMAIN.md §O5, §W1: 30 days after delivery is Saturday 2026-04-04, in the 清明 holiday (04-04…04-06):
            // due on the next working day, Tuesday 2026-04-07 (weekends alone would say Monday 04-06).
            #expect(delivered.payment.dueOn == "2026-04-07" && !delivered.payment.dueOnProvisional)
            let accepted = try await Orders.step(
                client, "accept", delivered, token: cast.approver,
                body: ["acceptorName": "王老师", "result": "passed", "notes": "数量、型号一致"])
            #expect(accepted.state == "accepted" && accepted.allowedActions == ["pay", "rating"])
            let mismatch = try await Orders.act(
                client, "pay", accepted, token: cast.buyer, body: ["amountFen": 300_000])
            #expect(mismatch.status == .unprocessableContent)
            #expect(try mismatch.problem().code == "order.payment_amount_mismatch")
            let response = try await Orders.act(
                client, "pay", accepted, token: cast.buyer, body: ["amountFen": 334_900])
            #expect(response.status == .ok && response.headers[.eTag] == "\"6\"")
            let paid = try response.decode(Orders.Order.self)
            #expect(paid.state == "paid" && paid.payment.paidFen == 334_900 && paid.allowedActions == ["rating"])
            #expect(!paid.payment.overdue && paid.payment.overdueInterestFen == 0)
            let actions = try await Orders.int(
                fixtures,
                """
                SELECT count(*)::int FROM audit_log WHERE entity_type = 'order' AND entity_id = '\(order.id)'
                  AND action IN ('order.confirm', 'order.ship', 'order.confirm_delivery', 'order.record_acceptance',
                                 'order.pay') AND before IS NOT NULL AND after IS NOT NULL AND actor_user_id IS NOT NULL
                """)
            #expect(actions == 5)
        }
    }

    @Test("each action only for its party: wrong role 403, the other party 403 order.transition_forbidden")
    func roles() async throws {
        try await withApp(config: Self.config) { client, _ in
            let (cast, _, order) = try await Self.placed(client)
            // Route roles: buyers cannot confirm, suppliers cannot deliver, regulators and operators act on nothing.
            let byBuyer = try await Orders.act(client, "confirm", order, token: cast.buyer)
            #expect(byBuyer.status == .forbidden)
            #expect(try byBuyer.problem().code == "auth.forbidden")
            let byOps = try await Orders.act(client, "cancel", order, token: cast.ops, body: ["reason": "x"])
            #expect(byOps.status == .forbidden)
            let confirmed = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            let shipped = try await Orders.step(client, "ship", confirmed, token: cast.supplierA)
            let bySupplier = try await Orders.act(client, "deliver", shipped, token: cast.supplierA)
            #expect(bySupplier.status == .forbidden)
            // Cancellation by agreement: the requester cannot agree to its own request (DOMAIN.md §O2).
            let requested = try await Orders.step(
                client, "request-cancellation", shipped, token: cast.buyer, body: ["reason": "预算调整"])
            #expect(requested.cancellationRequest?.requestedBy == "unit")
            let ownAgree = try await Orders.act(client, "agree-cancellation", requested, token: cast.buyer)
            #expect(ownAgree.status == .forbidden)
            #expect(try ownAgree.problem().code == "order.transition_forbidden")
        }
    }

    @Test("another tenant's order answers 404: other units, other suppliers, regulators of other regions")
    func tenancy() async throws {
        try await withApp(config: Self.config) { client, _ in
            let (cast, _, order) = try await Self.placed(client)
            for user in ["buyer-b", "sup-b", "reg-yn"] {
                let token = try await client.login(user)
                let get = try await Catalog.send(client, .get, "/api/v1/orders/\(order.id)", token: token)
                #expect(get.status == .notFound, "\(user)")
                #expect(try get.problem().code == "resource.not_found")
            }
            let other = try await Orders.act(client, "confirm", order, token: cast.supplierB)
            #expect(other.status == .notFound)
            let cancel = try await Orders.act(
                client, "cancel", order, token: try await client.login("buyer-b"), body: ["reason": "x"])
            #expect(cancel.status == .notFound)
            for token in [try await client.login("reg-bj"), cast.ops] {
                let seen = try await Catalog.send(client, .get, "/api/v1/orders/\(order.id)", token: token)
                #expect(seen.status == .ok)
                #expect(try seen.decode(Orders.Order.self).allowedActions.isEmpty)
            }
        }
    }

    @Test("invalid transitions answer 409, stale If-Match 412, missing If-Match 428")
    func preconditions() async throws {
        try await withApp(config: Self.config) { client, _ in
            let (cast, _, order) = try await Self.placed(client)
            let early = try await Orders.act(client, "ship", order, token: cast.supplierA)
            #expect(early.status == .conflict)
            #expect(try early.problem().code == "order.invalid_transition")
            let noMatch = try await Catalog.send(
                client, .post, "/api/v1/orders/\(order.id)/confirm", token: cast.supplierA)
            #expect(noMatch.status == .preconditionRequired)
            let confirmed = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            let stale = try await Orders.act(client, "ship", order, token: cast.supplierA)
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.problem().code == "resource.version_mismatch")
            // After confirmation the unit cannot cancel alone (DOMAIN.md §O2).
            let alone = try await Orders.act(client, "cancel", confirmed, token: cast.buyer, body: ["reason": "x"])
            #expect(alone.status == .conflict)
            let noReason = try await Orders.act(
                client, "request-cancellation", confirmed, token: cast.buyer, body: [String: Any]())
            #expect(noReason.status == .unprocessableContent)
            #expect(try noReason.problem().errors?.first?.field == "reason")
            let rejectLate = try await Orders.act(
                client, "reject", confirmed, token: cast.supplierA, body: ["reason": "缺货"])
            #expect(rejectLate.status == .conflict)
        }
    }

    @Test("transitions are idempotent by key: a replay returns the first answer without a second change")
    func idempotentTransition() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let (cast, _, order) = try await Self.placed(client)
            let first = try await Orders.act(client, "confirm", order, token: cast.supplierA, key: "confirm-1")
            let replay = try await Orders.act(client, "confirm", order, token: cast.supplierA, key: "confirm-1")
            #expect(first.status == .ok && replay.status == .ok)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(replay.headers[.eTag] == "\"2\"")
            #expect(String(buffer: replay.body) == String(buffer: first.body))
            #expect(
                try await Orders.int(fixtures, "SELECT count(*)::int FROM audit_log WHERE action = 'order.confirm'")
                    == 1)
        }
    }

    @Test("cancelling before confirmation and rejecting give back the budget reservation and the stock (§O4)")
    func cancelAndReject() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let (cast, listing, order) = try await Self.placed(client)
            #expect(try await Orders.int(fixtures, "SELECT reserved_fen::int FROM budget_lines") == 334_900)
            let cancelled = try await Orders.step(client, "cancel", order, token: cast.buyer, body: ["reason": "重复下单"])
            #expect(cancelled.state == "cancelled" && cancelled.closingReason == "重复下单")
            #expect(try await Orders.int(fixtures, "SELECT reserved_fen::int FROM budget_lines") == 0)
            #expect(try await Orders.int(fixtures, "SELECT stock::int FROM listings WHERE id = '\(listing.id)'") == 20)
            let again = try await Orders.placeQuoted(
                client, token: cast.buyer, lines: [(listing.id, 2)], budgetLineId: order.budgetLineId)
            let rejected = try await Orders.step(
                client, "reject", again.orders[0], token: cast.supplierA, body: ["reason": "暂停供货"])
            #expect(rejected.state == "rejected" && rejected.allowedActions.isEmpty)
            #expect(try await Orders.int(fixtures, "SELECT reserved_fen::int FROM budget_lines") == 0)
            #expect(try await Orders.int(fixtures, "SELECT stock::int FROM listings WHERE id = '\(listing.id)'") == 20)
        }
    }

    @Test("after confirmation: cancellation by agreement of both parties; declined and withdrawn requests")
    func cancellationByAgreement() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let (cast, _, order) = try await Self.placed(client)
            let confirmed = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            let asked = try await Orders.step(
                client, "request-cancellation", confirmed, token: cast.supplierA, body: ["reason": "停产"])
            // An open request freezes the order: the supplier cannot ship meanwhile.
            #expect(try await Orders.act(client, "ship", asked, token: cast.supplierA).status == .conflict)
            #expect(asked.allowedActions == ["withdraw-cancellation"])  // the requester may only withdraw
            let declined = try await Orders.step(client, "decline-cancellation", asked, token: cast.buyer)
            #expect(declined.cancellationRequest == nil && declined.state == "confirmed")
            let again = try await Orders.step(
                client, "request-cancellation", declined, token: cast.buyer, body: ["reason": "项目取消"])
            let withdrawn = try await Orders.step(client, "withdraw-cancellation", again, token: cast.buyer)
            let third = try await Orders.step(
                client, "request-cancellation", withdrawn, token: cast.buyer, body: ["reason": "项目取消"])
            let agreed = try await Orders.step(client, "agree-cancellation", third, token: cast.supplierA)
            #expect(agreed.state == "cancelled" && agreed.closingReason == "项目取消")
            #expect(try await Orders.int(fixtures, "SELECT reserved_fen::int FROM budget_lines") == 0)
        }
    }

    @Test("a failed acceptance is a credit event; the supplier re-ships and the new delivery restarts §O5")
    func failedAcceptance() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let (cast, _, order) = try await Self.placed(client)
            var current = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            current = try await Orders.step(client, "ship", current, token: cast.supplierA)
            current = try await Orders.step(client, "deliver", current, token: cast.buyer)
            let missingNotes = try await Orders.act(
                client, "accept", current, token: cast.buyer, body: ["acceptorName": "李工", "result": "failed"])
            #expect(try missingNotes.problem().errors?.map(\.field) == ["acceptance.notes"])
            current = try await Orders.step(
                client, "accept", current, token: cast.buyer,
                body: ["acceptorName": "李工", "result": "failed", "notes": "屏幕有坏点"])
            #expect(current.state == "acceptance_failed")
            #expect(
                try await Orders.int(
                    fixtures, "SELECT count(*)::int FROM credit_events WHERE kind = 'acceptance_failed'")
                    == 1)
            current = try await Orders.step(client, "reship", current, token: cast.supplierA)
            fixtures.clock.advance(by: 2 * Self.day)
            current = try await Orders.step(client, "deliver", current, token: cast.buyer)
            #expect(current.deliveredOn == "2026-03-04" && current.payment.dueOn == "2026-04-03")
            current = try await Orders.step(
                client, "accept", current, token: cast.buyer, body: ["acceptorName": "李工", "result": "passed"])
            #expect(current.state == "accepted")
        }
    }

    @Test("a delivery after the promised date raises a late_delivery credit event with the days late")
    func lateDelivery() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let (cast, _, order) = try await Self.placed(client)
            var current = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            current = try await Orders.step(client, "ship", current, token: cast.supplierA)
            fixtures.clock.advance(by: 10 * Self.day)  // promised 2026-03-05 (lead time 3 days), delivered 03-12
            let future = try await Orders.act(
                client, "deliver", current, token: cast.buyer, body: ["deliveredOn": "2026-12-31"])
            #expect(future.status == .unprocessableContent)
            #expect(try future.problem().errors?.first?.code == "in_future")
            current = try await Orders.step(client, "deliver", current, token: cast.buyer)
            #expect(
                try await Orders.int(fixtures, "SELECT days_late FROM credit_events WHERE kind = 'late_delivery'") == 7)
        }
    }

    @Test("overdue orders are listed with interest at 0.05 % a day on the total (§O5)")
    func overdue() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let (cast, _, order) = try await Self.placed(client)
            var current = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            current = try await Orders.step(client, "ship", current, token: cast.supplierA)
            fixtures.clock.advance(by: 3 * Self.day)
            current = try await Orders.step(client, "deliver", current, token: cast.buyer)
            current = try await Orders.step(
                client, "accept", current, token: cast.buyer, body: ["acceptorName": "王老师", "result": "passed"])
            let none = try await Catalog.send(client, .get, "/api/v1/orders?overdue=true", token: cast.buyer)
                .decode(Orders.Page<Orders.Order>.self)
            #expect(none.items.isEmpty)
            fixtures.clock.advance(by: 43 * Self.day)  // 2026-04-17: ten days after the due date 2026-04-07
            for token in [cast.buyer, cast.supplierA, try await client.login("reg-bj")] {
                let page = try await Catalog.send(client, .get, "/api/v1/orders?overdue=true", token: token)
                    .decode(Orders.Page<Orders.Order>.self)
                #expect(page.items.map(\.id) == [order.id])
                let payment = try #require(page.items.first?.payment)
                // 334 900 × 5 bp × 10 days = 1 674.5 fen, half-up once: 1 675.
                #expect(payment.overdue && payment.daysOverdue == 10 && payment.overdueInterestFen == 1_675)
            }
            let yunnan = try await Catalog.send(
                client, .get, "/api/v1/orders?overdue=true", token: try await client.login("reg-yn"))
            #expect(try yunnan.decode(Orders.Page<Orders.Order>.self).items.isEmpty)
        }
    }

    @Test("a due date in a year without a holiday calendar is provisional, never silently guessed (§W1)")
    func provisionalDueDate() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let (cast, _, order) = try await Self.placed(client)
            var current = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            current = try await Orders.step(client, "ship", current, token: cast.supplierA)
            fixtures.clock.advance(by: 293 * Self.day)  // 2026-12-20; 30 days later is in 2027, not loaded
            current = try await Orders.step(client, "deliver", current, token: cast.buyer)
            #expect(current.payment.dueOn == "2027-01-19" && current.payment.dueOnProvisional)
        }
    }

    @Test("lists by role with filters: state, dates, supplier; cursor pages")
    func listing() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let b = try await Orders.listing(
                client, supplier: cast.supplierB, ops: cast.ops, priceFen: 100_000, model: "B-100", tiers: false)
            let budget = try await Orders.budget(client, approver: cast.approver)
            for _ in 0..<3 {
                _ = try await Orders.placeQuoted(
                    client, token: cast.buyer, lines: [(a.id, 1), (b.id, 1)], budgetLineId: budget.id)
                fixtures.clock.advance(by: Self.day)
            }
            let mine = try await Catalog.send(client, .get, "/api/v1/orders?limit=4", token: cast.buyer)
                .decode(Orders.Page<Orders.Order>.self)
            #expect(mine.items.count == 4)
            let cursor = try #require(mine.nextCursor)
            let rest = try await Catalog.send(
                client, .get, "/api/v1/orders?limit=4&cursor=\(cursor)", token: cast.buyer
            )
            .decode(Orders.Page<Orders.Order>.self)
            #expect(rest.items.count == 2 && rest.nextCursor == nil)
            #expect(Set((mine.items + rest.items).map(\.id)).count == 6)
            let supplierB = try await Catalog.send(client, .get, "/api/v1/orders", token: cast.supplierB)
                .decode(Orders.Page<Orders.Order>.self)
            #expect(
                supplierB.items.count == 3
                    && supplierB.items.allSatisfy { $0.supplierId == fixtures.supplierB.description })
            let filtered = try await Catalog.send(
                client, .get, "/api/v1/orders?supplier=\(fixtures.supplierA)&from=2026-03-03&to=2026-03-03",
                token: cast.buyer
            ).decode(Orders.Page<Orders.Order>.self)
            #expect(filtered.items.map(\.placedOn) == ["2026-03-03"])
            let placed = try await Catalog.send(client, .get, "/api/v1/orders?state=placed", token: cast.buyer)
                .decode(Orders.Page<Orders.Order>.self)
            #expect(placed.items.count == 6)
            let otherUnit = try await Catalog.send(
                client, .get, "/api/v1/orders", token: try await client.login("buyer-b"))
            #expect(try otherUnit.decode(Orders.Page<Orders.Order>.self).items.isEmpty)
            let bad = try await Catalog.send(client, .get, "/api/v1/orders?state=lost", token: cast.buyer)
            #expect(bad.status == .badRequest)
            #expect(try bad.problem().code == "request.invalid_query")
        }
    }
}
