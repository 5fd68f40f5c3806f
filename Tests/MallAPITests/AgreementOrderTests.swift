import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
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

    /// An order as `GET /api/v1/orders` lists it, with its agreement columns.
    struct ListedOrder: Decodable {
        var id: String
        var method: String
        var supplierId: String
        var totalFen: Int64
        var agreementId: String?
        var agreementLotNo: Int?
        var stageTwoMethod: String?
    }

    struct SecondBidding: Decodable {
        var id: String
        var method: String
        var state: String
        var version: Int
        var agreementId: String?
        var agreementLotNo: Int?
        var categoryCode: String
        var totalCeilingFen: Int64
    }

    @Test(
        "§F7 §F9 §K2 second bidding: a competition among the lot's admitted suppliers, capped by agreed prices; the award is the agreement's stage-2 order"
    )
    func secondBidding() async throws {
        try await withApp(config: CompetitionTests.config) { client, fixtures in
            let world = try await A.world(client, fixtures)
            // Admitted: B (3 200 yuan) and A (3 000 yuan); C (3 100 yuan) is eliminated (§F3).
            let agreement = try await A.activate(
                client, ops: world.cast.ops, body: A.body(stageTwo: ["method": "second_bidding"]),
                bids: A.standardBids(world))
            func post(_ body: [String: Any], key: String? = UUID().uuidString) async throws -> TestResponse {
                try await Catalog.send(
                    client, .post, "/api/v1/agreements/\(agreement.id)/second-biddings", token: world.cast.buyer,
                    body: body, idempotencyKey: key)
            }
            // The clock stands at Monday 2026-03-02 09:00: the second-bidding minimum response time is 2 working days.
            let body: [String: Any] = [
                "lotNo": 1, "title": "A4彩色打印机二次竞价", "quantity": 2, "unit": "台", "budgetLineId": world.budget.id,
                "deadline": "2026-03-04T10:00:00+08:00",
            ]

            // The stage-2 order endpoint does not place it: 409 pointing to the second-bidding endpoint (§F9).
            let asOrder = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: ["lotNo": 1, "quantity": 2, "budgetLineId": world.budget.id])
            #expect(asOrder.status == .conflict)
            #expect(try asOrder.problem().code == "agreement.method_unsupported")
            #expect(try asOrder.problem().detail.contains("/api/v1/agreements/\(agreement.id)/second-biddings"))

            // Idempotency-Key required; the deadline leaves the longer minimum response time; units only.
            let keyless = try await post(body, key: nil)
            #expect(keyless.status == .badRequest)
            #expect(try keyless.problem().code == "request.idempotency_key_required")
            var early = body
            early["deadline"] = "2026-03-03T10:00:00+08:00"  // one working day: enough for a mall competition only
            let tooEarly = try await post(early)
            #expect(tooEarly.status == .unprocessableContent)
            #expect(try tooEarly.problem().code == "competition.deadline_too_early")
            #expect(
                try await Catalog.send(
                    client, .post, "/api/v1/agreements/\(agreement.id)/second-biddings", token: world.a.token,
                    body: body, idempotencyKey: UUID().uuidString
                ).status == .forbidden)
            var unknownLot = body
            unknownLot["lotNo"] = 7
            #expect(try await post(unknownLot).problem().errors?.map(\.field) == ["lotNo"])

            let created = try await post(body, key: "sb-1")
            #expect(created.status == .created, "\(String(buffer: created.body))")
            OpenAPIConformance.expect(created, matches: "Competition")
            let competition = try created.decode(SecondBidding.self)
            #expect(created.headers[.location] == "/api/v1/competitions/\(competition.id)")
            #expect(competition.method == "second_bidding" && competition.state == "open")
            #expect(competition.agreementId == agreement.id && competition.agreementLotNo == 1)
            #expect(competition.categoryCode == "A02021004")
            #expect(competition.totalCeilingFen == 640_000)  // 2 × the highest invited agreed price (B, 3 200)
            let replay = try await post(body, key: "sb-1")
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try replay.decode(SecondBidding.self).id == competition.id)
            let invited = try await A.int(
                fixtures,
                "SELECT count(*)::int FROM competition_invitations WHERE competition_id = '\(competition.id)' AND "
                    + "((supplier_id = '\(world.a.org)' AND agreed_unit_price_fen = 300000) OR "
                    + "(supplier_id = '\(world.b.org)' AND agreed_unit_price_fen = 320000))")
            #expect(invited == 2)
            #expect(
                try await A.int(
                    fixtures,
                    "SELECT count(*)::int FROM audit_log WHERE entity_id = '\(agreement.id)' "
                        + "AND action = 'agreement.second_bidding_posted' "
                        + "AND after->>'competitionId' = '\(competition.id)'")
                    == 1)

            // Only the admitted members see and quote it: the eliminated supplier C gets 404.
            let path = "/api/v1/competitions/\(competition.id)"
            #expect(try await client.get(path, token: world.a.token).status == .ok)
            #expect(try await client.get(path, token: world.b.token).status == .ok)
            #expect(try await client.get(path, token: world.c.token).status == .notFound)
            func quote(_ bidder: A.Bidder, _ totalFen: Int64) async throws -> TestResponse {
                try await Catalog.send(
                    client, .post, "\(path)/quotes", token: bidder.token,
                    body: ["listingId": bidder.listing, "totalFen": totalFen], idempotencyKey: UUID().uuidString)
            }
            let outsider = try await quote(world.c, 500_000)
            #expect(outsider.status == .notFound)
            // A's agreed price is 3 000 yuan: 2 × 3 000 = 600 000 is the most it may quote (§F7).
            let above = try await quote(world.a, 600_001)
            #expect(above.status == .unprocessableContent)
            #expect(try above.problem().code == "competition.quote_above_agreed_price")
            #expect(try await quote(world.a, 580_000).status == .created)
            #expect(try await quote(world.b, 630_000).status == .created)

            // The deadline passes (Wednesday 11:00); the deadline service evaluates; lowest wins (§K2).
            fixtures.clock.advance(by: 50 * 3_600)
            #expect(try await Competitions.close(fixtures) == .init(evaluated: 1))
            let evaluated = try await client.get(path, token: world.cast.buyer).decode(Competitions.Competition.self)
            #expect(evaluated.state == "evaluated")
            #expect(evaluated.result?.ranking.map(\.supplierId) == [world.a.org, world.b.org])
            // §F5 at award time: A is removed for cause after the deadline, so it cannot be awarded; rank 2 (B) is,
            // with a reason, at its quoted price.
            let memberA = try #require(
                try await A.members(client, agreement, token: world.cast.ops).first { $0.supplierId == world.a.org })
            let removed = try await A.memberStep(
                client, "remove", memberA, agreement: agreement, token: world.cast.ops,
                body: ["cause": "no_longer_qualified", "reason": "资质过期"])
            #expect(removed.status == .ok)
            let refused = try await Competitions.award(
                client, evaluated, token: world.cast.buyer, supplierId: world.a.org)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problem().code == "agreement.supplier_not_admitted")
            let awarded = try await Competitions.award(
                client, evaluated, token: world.cast.buyer, supplierId: world.b.org, reason: "第一名已被清退")
            #expect(awarded.status == .created, "\(String(buffer: awarded.body))")
            let award = try awarded.decode(Competitions.AwardResponse.self)
            #expect(award.order.totalFen == 630_000 && award.order.supplierId == world.b.org)

            // The order is the agreement's stage-2 order, at the quoted price, listed with the agreement's orders.
            let listed = try await client.get("/api/v1/orders?agreement=\(agreement.id)", token: world.cast.buyer)
            #expect(listed.status == .ok)
            OpenAPIConformance.expect(listed, matches: "OrderPage")
            let orders = try listed.decode(Orders.Page<ListedOrder>.self).items
            #expect(orders.map(\.id) == [award.order.id])
            let order = try #require(orders.first)
            #expect(order.method == "framework_agreement" && order.totalFen == 630_000)
            #expect(order.agreementId == agreement.id && order.agreementLotNo == 1)
            #expect(order.stageTwoMethod == "second_bidding")
            let single = try await client.get("/api/v1/orders/\(award.order.id)", token: world.b.token)
            #expect(try single.decode(ListedOrder.self).stageTwoMethod == "second_bidding")
            #expect(
                try await client.get("/api/v1/orders?agreement=\(agreement.id)", token: world.a.token)
                    .decode(Orders.Page<ListedOrder>.self).items.isEmpty)
            #expect(
                try await client.get("/api/v1/orders?agreement=nope", token: world.cast.buyer).status
                    == .badRequest)
        }
    }

    @Test("§F9 a second bidding is refused when the agreement fixes another method for the amount")
    func secondBiddingMethodFixed() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            // Direct selection below 10 000 yuan, second bidding from there (amount: quantity × 3 200 yuan).
            let agreement = try await A.activate(
                client, ops: world.cast.ops,
                body: A.body(
                    stageTwo: [
                        "method": "direct_selection", "thresholdFen": 1_000_000, "aboveMethod": "second_bidding",
                    ]),
                bids: A.standardBids(world))
            func post(quantity: Int) async throws -> TestResponse {
                try await Catalog.send(
                    client, .post, "/api/v1/agreements/\(agreement.id)/second-biddings", token: world.cast.buyer,
                    body: [
                        "lotNo": 1, "title": "二次竞价", "quantity": quantity, "unit": "台",
                        "budgetLineId": world.budget.id, "deadline": "2026-03-06T10:00:00+08:00",
                    ], idempotencyKey: UUID().uuidString)
            }
            let small = try await post(quantity: 3)
            #expect(small.status == .unprocessableContent)
            #expect(try small.problem().code == "agreement.method_fixed")
            #expect(try await post(quantity: 4).status == .created)
            #expect(try await A.int(fixtures, "SELECT count(*)::int FROM competitions") == 1)
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

            // The regulators' warnings feed lists the skip too (issue 6 point 3), with its order and agreement.
            let warnings = try await client.get("/api/v1/warnings?kind=rotation_skip", token: regBJ)
            OpenAPIConformance.expect(warnings, matches: "WarningPage")
            let skipWarning = try #require(try warnings.decode(Orders.Page<Policy.Warning>.self).items.first)
            #expect(skipWarning.rule == "§F8" && skipWarning.supplierId == world.c.org)
            #expect(skipWarning.message.contains("库存不足，无法按期供货"))
            #expect(skipWarning.records.map(\.type) == ["order", "agreement"])
            #expect(skipWarning.records.last?.id == agreement.id)
            let yunnan = try await client.get("/api/v1/warnings?kind=rotation_skip", token: try await client.login("reg-yn"))
            #expect(try yunnan.decode(Orders.Page<Policy.Warning>.self).items.isEmpty)
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
