import Foundation
import HTTPTypes
import HummingbirdTesting
import MallCore
import MallTestSupport
import NIOCore
import Testing

/// Stage-2 orders from the outside (issue 5 points 3 and 4; DOMAIN.md §P3, §F5–§F9): direct selection, the
/// fixed method, rotation with skips and under concurrency, and who may order what.
@Suite("Framework agreements: stage-2 orders (DOMAIN.md §P3, §F5–§F9)")
struct AgreementOrderTests {
    typealias A = Agreements

    // MARK: - §F6 direct selection and §P3

    @Test("§F6 §P3 direct selection records the reason; the agreed price caps the price and the lot's tier applies")
    func directSelection() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))

            let response = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: A.directSelection(supplier: world.a.org, budgetLine: world.budget.id))
            #expect(response.status == .created, "\(String(buffer: response.body))")
            let placed = try response.decode(A.StageTwoOrder.self)
            #expect(placed.method == "direct_selection")
            #expect(placed.supplierId == world.a.org)
            #expect(placed.selection?.reason == "price")
            #expect(placed.selection?.note == "报价最低，售后网点就近")
            #expect(placed.allocation == nil)
            let order = try #require(placed.placement.orders.first)
            let line = try #require(order.lines?.first)
            // Listing price 3 299 yuan, agreed price 3 000 yuan: the agreement cap binds (§P3).
            #expect(line.unitPriceFen == 300_000)
            #expect(line.steps.contains { $0.reason == "agreement_cap" && $0.bound && $0.afterFen == 300_000 })
            #expect(order.totalFen == 610_000)  // 2 × 3 000 + 2 × 50 installation
            #expect(order.state == "placed")

            // From 10 units the lot's volume tier (2 800 yuan) must apply, below the listing's own tier.
            let volume = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: A.directSelection(supplier: world.a.org, quantity: 10, budgetLine: world.budget.id))
            let tiered = try #require(try volume.decode(A.StageTwoOrder.self).placement.orders.first?.lines?.first)
            #expect(tiered.unitPriceFen == 280_000)
            #expect(tiered.steps.map(\.reason).contains("quantity_tier"))
            #expect(tiered.steps.contains { $0.reason == "agreement_volume_tier" && $0.bound })

            // The order pipeline: budget reserved, stock taken, stored as a framework-agreement order.
            #expect(try await A.int(fixtures, "SELECT reserved_fen::int FROM budget_lines") == 610_000 + 2_850_000)
            #expect(try await A.int(fixtures, "SELECT stock::int FROM listings WHERE id = '\(world.a.listing)'") == 38)
            let stored = try await A.int(
                fixtures,
                "SELECT count(*)::int FROM orders WHERE agreement_id = '\(agreement.id)' AND agreement_lot_no = 1 "
                    + "AND method = 'framework_agreement' AND stage_two_method = 'direct_selection' "
                    + "AND selection_reason = 'price'")
            #expect(stored == 2)
            let audited = try await A.int(
                fixtures,
                "SELECT count(*)::int FROM audit_log WHERE entity_id = '\(agreement.id)' "
                    + "AND action = 'agreement.direct_selection' AND after->>'reason' = 'price'")
            #expect(audited == 2)

            // Who sees the order: the unit and the chosen supplier; another unit or supplier gets 404.
            #expect(try await client.get("/api/v1/orders/\(order.id)", token: world.cast.buyer).status == .ok)
            #expect(try await client.get("/api/v1/orders/\(order.id)", token: world.a.token).status == .ok)
            #expect(try await client.get("/api/v1/orders/\(order.id)", token: world.b.token).status == .notFound)
            let buyerB = try await client.login("buyer-b")
            #expect(try await client.get("/api/v1/orders/\(order.id)", token: buyerB).status == .notFound)

            // A selection needs a supplier, a known reason and a note.
            let missing = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: ["lotNo": 1, "quantity": 1, "budgetLineId": world.budget.id])
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.problem().errors?.map(\.field) == ["selection"])
            var blank = A.directSelection(supplier: world.a.org, budgetLine: world.budget.id)
            blank["selection"] = ["supplierId": world.a.org, "reason": "whim", "note": " "]
            let invalid = try await A.order(client, agreement, token: world.cast.buyer, body: blank)
            #expect(invalid.status == .unprocessableContent)
            #expect(try invalid.problem().errors?.map(\.field) == ["selection.reason"])
        }
    }

    @Test("stage-2 orders take an Idempotency-Key (required); a replay returns the same order, another body 422")
    func idempotent() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))
            let body = A.directSelection(supplier: world.b.org, budgetLine: world.budget.id)

            let keyless = try await A.order(client, agreement, token: world.cast.buyer, body: body, key: nil)
            #expect(keyless.status == .badRequest)
            #expect(try keyless.problem().code == "request.idempotency_key_required")
            let first = try await A.order(client, agreement, token: world.cast.buyer, body: body, key: "fa-order-1")
            #expect(first.status == .created)
            let replay = try await A.order(client, agreement, token: world.cast.buyer, body: body, key: "fa-order-1")
            #expect(replay.status == .created)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")  // literal name
            #expect(
                try replay.decode(A.StageTwoOrder.self).placement.orders.map(\.id)
                    == first.decode(A.StageTwoOrder.self).placement.orders.map(\.id))
            let other = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: A.directSelection(supplier: world.a.org, budgetLine: world.budget.id), key: "fa-order-1")
            #expect(other.status == .unprocessableContent)
            #expect(try other.problem().code == "request.idempotency_key_reused")

            // The total the client expects must still be the price: otherwise 409 with the new quote.
            var stale = body
            stale["expectedTotalFen"] = 1
            let moved = try await A.order(client, agreement, token: world.cast.buyer, body: stale)
            #expect(moved.status == .conflict)
            #expect(try moved.problem().code == "order.price_changed")
            #expect(try await A.int(fixtures, "SELECT count(*)::int FROM orders") == 1)
        }
    }

    // MARK: - §F5 and §F9

    @Test("§F5 an order naming a supplier not admitted and active at that moment answers 422")
    func onlyAdmitted() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))
            for supplier in [world.c.org, UUID().uuidString.lowercased()] {  // eliminated; never bid
                let response = try await A.order(
                    client, agreement, token: world.cast.buyer,
                    body: A.directSelection(supplier: supplier, budgetLine: world.budget.id))
                #expect(response.status == .unprocessableContent)
                #expect(try response.problem().code == "agreement.supplier_not_admitted")
            }
            let memberB = try #require(
                try await A.members(client, agreement, token: world.cast.ops).first { $0.supplierId == world.b.org })
            let removed = try await A.memberStep(
                client, "remove", memberB, agreement: agreement, token: world.cast.ops,
                body: ["cause": "no_longer_qualified", "reason": "资质过期"])
            #expect(removed.status == .ok)
            let response = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: A.directSelection(supplier: world.b.org, budgetLine: world.budget.id))
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().code == "agreement.supplier_not_admitted")
            #expect(try await A.int(fixtures, "SELECT count(*)::int FROM orders") == 0)
        }
    }

    @Test("§F9 the agreement fixes the method, by amount; the unit cannot choose or steer another")
    func methodFixed() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            // Direct selection below 10 000 yuan, rotation from there; the amount is the quantity at the highest
            // agreed price of the lot (B, 3 200 yuan), so it does not depend on the supplier.
            let agreement = try await A.activate(
                client, ops: world.cast.ops,
                body: A.body(
                    stageTwo: ["method": "direct_selection", "thresholdFen": 1_000_000, "aboveMethod": "rotation"]),
                bids: A.standardBids(world))
            #expect(agreement.stageTwo.aboveMethod == "rotation")

            var asRotation = A.directSelection(supplier: world.a.org, quantity: 3, budgetLine: world.budget.id)
            asRotation["method"] = "rotation"
            let chosen = try await A.order(client, agreement, token: world.cast.buyer, body: asRotation)
            #expect(chosen.status == .unprocessableContent)
            #expect(try chosen.problem().code == "agreement.method_fixed")
            asRotation["method"] = "direct_selection"
            let small = try await A.order(client, agreement, token: world.cast.buyer, body: asRotation)
            #expect(small.status == .created)
            #expect(try small.decode(A.StageTwoOrder.self).method == "direct_selection")

            // 4 × 3 200 = 12 800 yuan: rotation; a selection or an explicit direct_selection is refused.
            let steered = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: A.directSelection(supplier: world.a.org, quantity: 4, budgetLine: world.budget.id))
            #expect(steered.status == .unprocessableContent)
            #expect(try steered.problem().code == "agreement.method_fixed")
            #expect(try steered.problem().errors?.map(\.field) == ["selection"])
            let large = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: ["lotNo": 1, "quantity": 4, "budgetLineId": world.budget.id, "method": "rotation"])
            #expect(large.status == .created, "\(String(buffer: large.body))")
            let rotated = try large.decode(A.StageTwoOrder.self)
            #expect(rotated.method == "rotation")
            #expect(rotated.supplierId == world.b.org)  // stage-1 rank 1 opens the rotation
            #expect(rotated.allocation?.cycle == 1)
            #expect(rotated.allocation?.position == 1)
        }
    }

    @Test("§F7 second bidding is a competition among the admitted suppliers: this endpoint answers 409")
    func secondBidding() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(
                client, ops: world.cast.ops, body: A.body(stageTwo: ["method": "second_bidding"]),
                bids: A.standardBids(world))
            let response = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: ["lotNo": 1, "quantity": 2, "budgetLineId": world.budget.id])
            #expect(response.status == .conflict)
            #expect(try response.problem().code == "agreement.method_unsupported")
            #expect(try await A.int(fixtures, "SELECT count(*)::int FROM orders") == 0)
        }
    }

    @Test("stage 2 needs an active agreement in its term serving the unit; suppliers cannot order")
    func whoMayOrder() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            var agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))
            let body = A.directSelection(supplier: world.a.org, budgetLine: world.budget.id)

            let buyerB = try await client.login("buyer-b")  // 文山 (Yunnan): outside the agreement's regions
            let foreign = try await A.order(client, agreement, token: buyerB, body: body)
            #expect(foreign.status == .unprocessableContent)
            #expect(try foreign.problem().code == "pricing.region_not_served")
            #expect(try await A.order(client, agreement, token: world.a.token, body: body).status == .forbidden)
            let unknownLot = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: A.directSelection(supplier: world.a.org, budgetLine: world.budget.id, lot: 7))
            #expect(unknownLot.status == .unprocessableContent)
            #expect(try unknownLot.problem().errors?.map(\.field) == ["lotNo"])
            let draft = try await A.create(client, ops: world.cast.ops)
            #expect(try await A.order(client, draft, token: world.cast.buyer, body: body).status == .notFound)

            // The approver of the same unit may order.
            #expect(try await A.order(client, agreement, token: world.cast.approver, body: body).status == .created)
            // After the last day of the term, even before an operator expires it.
            fixtures.clock.advance(by: 365 * 86_400)  // tokens last an hour: sign in again
            let (buyer, ops) = (try await client.login("buyer-a"), try await client.login("ops"))
            let late = try await A.order(client, agreement, token: buyer, body: body)
            #expect(late.status == .conflict)
            #expect(try late.problem().code == "agreement.not_active")
            agreement = try await A.step(client, "terminate", agreement, token: ops, body: ["reason": "供应商集体违约"])
            let terminated = try await A.order(client, agreement, token: buyer, body: body)
            #expect(terminated.status == .conflict)
            #expect(try terminated.problem().code == "agreement.not_active")
        }
    }

    // MARK: - §F8 rotation

    @Test("§F8 rotation: each order goes to the next supplier of the cycle; a skip needs a reason and is audited")
    func rotation() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            // Open agreement: everyone admitted, rotation order = stage-1 rank A (3 000), C (3 050), B (3 100).
            let agreement = try await A.activate(
                client, ops: world.cast.ops, body: A.body(kind: "open", stageTwo: ["method": "rotation"]),
                bids: [(world.a, 300_000, nil), (world.b, 310_000, nil), (world.c, 305_000, nil)])
            func order(_ skips: [[String: Any]] = []) async throws -> TestResponse {
                try await A.order(
                    client, agreement, token: world.cast.buyer,
                    body: ["lotNo": 1, "quantity": 1, "budgetLineId": world.budget.id, "skips": skips])
            }

            let first = try await order().decode(A.StageTwoOrder.self)
            #expect(first.supplierId == world.a.org)
            #expect(first.allocation?.cycle == 1)
            #expect(first.allocation?.position == 1)
            // The order is priced at the awarded supplier's agreed price.
            #expect(first.placement.orders.first?.lines?.first?.unitPriceFen == 300_000)

            let noReason = try await order([["supplierId": world.c.org, "reason": " "]])
            #expect(noReason.status == .unprocessableContent)
            #expect(try noReason.problem().errors?.map(\.field) == ["skips[0].reason"])
            let stranger = try await order([["supplierId": UUID().uuidString.lowercased(), "reason": "无货"]])
            #expect(stranger.status == .unprocessableContent)
            #expect(try stranger.problem().errors?.map(\.field) == ["skips[0].supplierId"])
            let everyone = try await order(
                [world.a.org, world.b.org, world.c.org].map { ["supplierId": $0, "reason": "无货"] })
            #expect(everyone.status == .conflict)
            #expect(try everyone.problem().code == "agreement.rotation_exhausted")

            let skipping = try await order([["supplierId": world.c.org, "reason": "库存不足，无法按期供货"]])
            #expect(skipping.status == .created, "\(String(buffer: skipping.body))")
            let second = try skipping.decode(A.StageTwoOrder.self)
            #expect(second.supplierId == world.b.org)
            #expect(second.allocation?.position == 2)
            #expect(second.allocation?.skipped.map(\.supplierId) == [world.c.org])
            // The skipped supplier keeps its turn: it gets the next order, and the cycle is then complete.
            let third = try await order().decode(A.StageTwoOrder.self)
            #expect(third.supplierId == world.c.org)
            #expect(third.allocation?.cycle == 1)
            #expect(third.allocation?.position == 3)
            let fourth = try await order().decode(A.StageTwoOrder.self)
            #expect(fourth.supplierId == world.a.org)
            #expect(fourth.allocation?.cycle == 2)
            #expect(fourth.allocation?.position == 1)

            let state = try await client.get("/api/v1/agreements/\(agreement.id)/rotation", token: world.cast.buyer)
                .decode(Orders.Page<A.Rotation>.self)
            let lot = try #require(state.items.first)
            #expect(lot.cycle == 2)
            #expect(lot.order.map(\.supplierId) == [world.a.org, world.c.org, world.b.org])
            #expect(lot.order.map(\.awardedInCycle) == [true, false, false])

            // Skips are audited and listed: the unit its own, the region's regulator, operators; not Yunnan.
            #expect(
                try await A.int(
                    fixtures,
                    "SELECT count(*)::int FROM audit_log WHERE entity_id = '\(agreement.id)' "
                        + "AND action = 'agreement.rotation_skipped'") == 1)
            #expect(
                try await A.int(
                    fixtures,
                    "SELECT count(*)::int FROM audit_log WHERE entity_id = '\(agreement.id)' "
                        + "AND action = 'agreement.rotation_allocated'") == 4)
            let regBJ = try await client.login("reg-bj")
            let listed = try await client.get("/api/v1/rotation-skips", token: regBJ)
                .decode(Orders.Page<A.Skip>.self).items
            #expect(listed.count == 1)
            #expect(listed.first?.supplierId == world.c.org)
            #expect(listed.first?.reason == "库存不足，无法按期供货")
            #expect(listed.first?.orderId == second.placement.orders.first?.id)
            #expect(listed.first?.regionCode == "110101")
            for (token, count) in [
                (try await client.login("reg-yn"), 0), (try await client.login("buyer-b"), 0), (world.cast.buyer, 1),
                (world.cast.ops, 1),
            ] {
                let page = try await client.get("/api/v1/rotation-skips", token: token)
                #expect(try page.decode(Orders.Page<A.Skip>.self).items.count == count)
            }
            #expect(try await client.get("/api/v1/rotation-skips", token: world.a.token).status == .forbidden)
        }
    }

    @Test("§F8 100 concurrent rotation orders over 7 suppliers: no slot twice, counts differ by ≤ 1, cycles consistent")
    func concurrentRotation() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            var bidders = [world.a, world.b, world.c]
            for n in 4...7 {
                let extra = try await A.supplier(client, fixtures, username: "sup-\(n)", name: "供应商\(n)号")
                bidders.append(
                    try await A.bidder(client, org: extra.org, token: extra.token, ops: world.cast.ops, model: "R-\(n)"))
            }
            let agreement = try await A.activate(
                client, ops: world.cast.ops, body: A.body(kind: "open", stageTwo: ["method": "rotation"]),
                bids: bidders.enumerated().map { ($0.element, Int64(300_000 + 1_000 * $0.offset), nil) })
            #expect(try await A.members(client, agreement, token: world.cast.ops).count == 7)

            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for n in 0..<100 {
                    group.addTask {
                        let response = try await A.order(
                            client, agreement, token: world.cast.buyer,
                            body: ["lotNo": 1, "quantity": 1, "budgetLineId": world.budget.id], key: "rotation-\(n)")
                        return (
                            Int(response.status.code),
                            response.status == .created ? nil : String(buffer: response.body)
                        )
                    }
                }
                var all: [(Int, String?)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(statuses.filter { $0.0 == 201 }.count == 100, "\(statuses.compactMap(\.1).prefix(3))")

            let awards = "FROM rotation_awards WHERE agreement_id = '\(agreement.id)'"
            #expect(try await A.int(fixtures, "SELECT count(*)::int \(awards)") == 100)
            // No slot assigned twice (also a unique key), nobody twice in a cycle.
            #expect(try await A.int(fixtures, "SELECT count(DISTINCT (cycle, position))::int \(awards)") == 100)
            #expect(try await A.int(fixtures, "SELECT count(DISTINCT (cycle, supplier_id))::int \(awards)") == 100)
            // Counts per supplier: 100 = 14 × 7 + 2, so 15 or 14, differing by at most one.
            #expect(
                try await A.int(
                    fixtures,
                    "SELECT (max(n) - min(n))::int FROM (SELECT count(*) AS n \(awards) GROUP BY supplier_id) c") <= 1)
            #expect(try await A.int(fixtures, "SELECT count(DISTINCT supplier_id)::int \(awards)") == 7)
            // Cycles 1…14 are full (positions 1…7), cycle 15 holds positions 1 and 2; the stored state agrees.
            let fullCycles = try await A.int(
                fixtures,
                "SELECT count(*)::int FROM (SELECT cycle \(awards) GROUP BY cycle "
                    + "HAVING count(*) = 7 AND min(position) = 1 AND max(position) = 7) f")
            #expect(fullCycles == 14)
            #expect(
                try await A.int(
                    fixtures, "SELECT (max(position) * 100 + count(*))::int \(awards) AND cycle = 15") == 202)
            #expect(
                try await A.int(
                    fixtures,
                    "SELECT (cycle * 100 + cardinality(awarded))::int FROM agreement_rotations "
                        + "WHERE agreement_id = '\(agreement.id)'") == 1_502)
            // One order per award, through the order pipeline.
            #expect(try await A.int(fixtures, "SELECT count(*)::int FROM orders") == 100)
        }
    }
}
