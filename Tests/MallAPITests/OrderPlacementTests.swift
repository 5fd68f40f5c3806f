import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

@Suite("Quotes and placing orders (issue 4 points 3–4, DOMAIN.md §O1, §O3, §O4, §C3, §C5, §P)")
struct OrderPlacementTests {
    @Test("a quote prices the cart per supplier with every line's ordered breakdown, and writes nothing")
    func quote() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let b = try await Orders.listing(
                client, supplier: cast.supplierB, ops: cast.ops, priceFen: 100_000, model: "B-100", tiers: false)
            let response = try await Orders.quote(client, token: cast.buyer, lines: [(a.id, 12), (b.id, 1)])
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let quote = try response.decode(Orders.Quote.self)
            #expect(quote.orders.map(\.supplierId) == [fixtures.supplierA.description, fixtures.supplierB.description])
            // 12 × the 10+ tier price 319 900, plus installation 5 000 per unit (DOMAIN.md §C4).
            let line = try #require(quote.orders.first?.lines.first)
            #expect(line.unitPriceFen == 319_900 && line.lineAmountFen == 3_838_800 && line.feesFen == 60_000)
            #expect(
                line.steps.map(\.reason) == [
                    "base_price", "quantity_tier", "line_amount", "rounding", "installation_fee",
                ])
            #expect(line.steps[1].bound)
            #expect(quote.orders[1].totalFen == 105_000)
            #expect(quote.totalFen == 3_898_800 + 105_000 && quote.amountFen + quote.feesFen == quote.totalFen)
            #expect(quote.orders[0].directPurchaseMaxFen == 20_000_000 && !quote.orders[0].aboveDirectPurchaseMax)
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM orders") == 0)
        }
    }

    @Test("placing a cart makes one order per supplier with the breakdown stored; stock and budget move; audited")
    func place() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let b = try await Orders.listing(
                client, supplier: cast.supplierB, ops: cast.ops, priceFen: 100_000, model: "B-100", tiers: false)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let placement = try await Orders.placeQuoted(
                client, token: cast.buyer, lines: [(a.id, 2), (b.id, 1)], budgetLineId: budget.id)
            #expect(placement.orders.count == 2 && placement.totalFen == 669_800 + 105_000)
            #expect(placement.warnings.isEmpty)
            let first = placement.orders[0]
            #expect(first.state == "placed" && first.version == 1 && first.regionCode == "110101")
            #expect(first.supplierId == fixtures.supplierA.description && first.totalFen == 669_800)
            #expect(first.orderNo.hasPrefix("GM20260302"))
            #expect(first.lines?.first?.steps.first?.reason == "base_price")
            #expect(first.expectedDeliveryOn == "2026-03-05")  // lead time 3 days
            #expect(first.allowedActions == ["cancel"])  // the buyer may cancel before confirmation

            // Stored breakdown (DOMAIN.md §O1), stock taken, budget reserved, one audit row per order.
            #expect(
                try await Orders.int(
                    fixtures, "SELECT jsonb_array_length(breakdown)::int FROM order_lines WHERE listing_id = '\(a.id)'")
                    == 4)  // base_price, line_amount, rounding, installation_fee
            #expect(try await Orders.int(fixtures, "SELECT stock::int FROM listings WHERE id = '\(a.id)'") == 18)
            let line = try await Catalog.send(client, .get, "/api/v1/budget-lines/\(budget.id)", token: cast.buyer)
                .decode(Orders.BudgetLine.self)
            #expect(line.reservedFen == 774_800 && line.availableFen == 100_000_000 - 774_800)
            #expect(
                try await Orders.int(fixtures, "SELECT count(*)::int FROM audit_log WHERE action = 'order.placed'") == 2
            )

            // The supplier sees its order, and may confirm or reject it.
            let seen = try await Catalog.send(client, .get, "/api/v1/orders/\(first.id)", token: cast.supplierA)
            #expect(seen.status == .ok && seen.headers[.eTag] == "\"1\"")
            #expect(try seen.decode(Orders.Order.self).allowedActions == ["confirm", "reject"])
        }
    }

    @Test("POST /orders needs an Idempotency-Key: 400 request.idempotency_key_required, nothing placed")
    func keyRequired() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let response = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 1)], expectedTotalFen: 334_900, budgetLineId: budget.id,
                key: nil)
            #expect(response.status == .badRequest)
            #expect(try response.problem().code == "request.idempotency_key_required")
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM orders") == 0)
        }
    }

    @Test("a replay returns the same orders; the same key with another body answers 422")
    func idempotentReplay() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let first = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 1)], expectedTotalFen: 334_900, budgetLineId: budget.id,
                key: "order-1")
            #expect(first.status == .created)
            let replay = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 1)], expectedTotalFen: 334_900, budgetLineId: budget.id,
                key: "order-1")
            #expect(replay.status == .created)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(String(buffer: replay.body) == String(buffer: first.body))
            let other = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 2)], expectedTotalFen: 669_800, budgetLineId: budget.id,
                key: "order-1")
            #expect(other.status == .unprocessableContent)
            #expect(try other.problem().code == "request.idempotency_key_reused")
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM orders") == 1)
            #expect(try await Orders.int(fixtures, "SELECT stock::int FROM listings WHERE id = '\(a.id)'") == 19)
        }
    }

    @Test("when the price moved since the quote: 409 order.price_changed with the new quote, nothing placed")
    func priceMoved() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let quote = try await Orders.quote(client, token: cast.buyer, lines: [(a.id, 1)]).decode(Orders.Quote.self)
            #expect(quote.totalFen == 334_900)
            // The supplier lowers the price (DOMAIN.md §P4: a decrease applies at once).
            let lowered = try await Catalog.send(
                client, .patch, "/api/v1/listings/\(a.id)", token: cast.supplierA, body: ["priceFen": 309_900],
                ifMatch: "\"\(a.version)\"")
            #expect(lowered.status == .ok)
            let response = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 1)], expectedTotalFen: quote.totalFen,
                budgetLineId: budget.id, key: "k-moved")
            #expect(response.status == .conflict)
            #expect(response.headers[.contentType] == "application/problem+json")
            struct Moved: Decodable {
                var code: String
                var quote: Orders.Quote
            }
            let moved = try response.decode(Moved.self)
            #expect(moved.code == "order.price_changed" && moved.quote.totalFen == 314_900)
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM orders") == 0)
            // The same key is free again: placing with the new total succeeds.
            let retry = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 1)], expectedTotalFen: 314_900, budgetLineId: budget.id,
                key: "k-moved")
            #expect(retry.status == .created)
        }
    }

    @Test("over budget: 422 order.over_budget; nothing reserved, no stock taken (DOMAIN.md §O4)")
    func overBudget() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver, amountFen: 500_000)
            let response = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 2)], expectedTotalFen: 669_800, budgetLineId: budget.id)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().code == "order.over_budget")
            #expect(try await Orders.int(fixtures, "SELECT reserved_fen::int FROM budget_lines") == 0)
            #expect(try await Orders.int(fixtures, "SELECT stock::int FROM listings WHERE id = '\(a.id)'") == 20)
            // One unit still fits.
            _ = try await Orders.placeQuoted(client, token: cast.buyer, lines: [(a.id, 1)], budgetLineId: budget.id)
        }
    }

    @Test("the budget line must be the unit's, of this year, and cover the categories: 422 naming the field")
    func budgetScope() async throws {
        try await withApp { client, _ in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let furniture = try await Orders.budget(client, approver: cast.approver, prefix: "A05")
            let lastYear = try await Orders.budget(client, approver: cast.approver, year: 2025)
            for (line, code) in [(furniture.id, "outside_budget_scope"), (lastYear.id, "wrong_year")] {
                let response = try await Orders.place(
                    client, token: cast.buyer, lines: [(a.id, 1)], expectedTotalFen: 334_900, budgetLineId: line)
                #expect(response.status == .unprocessableContent)
                let problem = try response.problem()
                #expect(problem.code == "request.validation_failed" && problem.errors?.first?.code == code)
            }
            let unknown = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 1)], expectedTotalFen: 334_900,
                budgetLineId: UUID().uuidString)
            #expect(try unknown.problem().errors?.first?.field == "budgetLineId")
        }
    }

    @Test("above the direct purchase max: 422 order.direct_purchase_limit_exceeded pointing to a competition (§O3)")
    func directPurchaseLimit() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(
                client, supplier: cast.supplierA, ops: cast.ops, priceFen: 10_000_000, tiers: false)
            let budget = try await Orders.budget(client, approver: cast.approver, amountFen: 1_000_000_000)
            let quote = try await Orders.quote(client, token: cast.buyer, lines: [(a.id, 3)]).decode(Orders.Quote.self)
            #expect(quote.orders[0].aboveDirectPurchaseMax && quote.totalFen == 30_015_000)
            let response = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 3)], expectedTotalFen: quote.totalFen,
                budgetLineId: budget.id)
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.code == "order.direct_purchase_limit_exceeded")
            #expect(problem.detail.contains("competition"))
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM orders") == 0)
            // Two units (20 010 000 fen) are still above 200 000 yuan; one is not.
            _ = try await Orders.placeQuoted(client, token: cast.buyer, lines: [(a.id, 1)], budgetLineId: budget.id)
        }
    }

    @Test("a regional override of the direct purchase max applies to its region and category prefix only")
    func directPurchaseOverride() async throws {
        var config = testConfig()
        config.orders.directPurchaseLimits.overrides = [
            .init(regionPrefix: "11", categoryPrefix: "A0202", max: Fen(500_000)),
            .init(regionPrefix: "53", max: Fen(100)),
        ]
        try await withApp(config: config) { client, _ in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let quote = try await Orders.quote(client, token: cast.buyer, lines: [(a.id, 2)]).decode(Orders.Quote.self)
            #expect(quote.orders[0].directPurchaseMaxFen == 500_000)
            let response = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 2)], expectedTotalFen: 669_800, budgetLineId: budget.id)
            #expect(try response.problem().code == "order.direct_purchase_limit_exceeded")
            _ = try await Orders.placeQuoted(client, token: cast.buyer, lines: [(a.id, 1)], budgetLineId: budget.id)
        }
    }

    @Test("a listing flagged for its price takes no new orders: 409 order.listing_price_flagged (§C3)")
    func flaggedListing() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let reference: [String: Any] = [
                "kind": "ecommerce", "source": "京东自营", "priceFen": 309_900,
                "capturedAt": ISO8601DateFormatter().string(from: fixtures.clock.now),
            ]
            let flagged = try await Catalog.send(
                client, .post, "/api/v1/listings/\(a.id)/reference-prices", token: cast.ops, body: reference)
            #expect(try flagged.decode(Catalog.Listing.self).priceFlaggedAt != nil)
            for response in [
                try await Orders.quote(client, token: cast.buyer, lines: [(a.id, 1)]),
                try await Orders.place(
                    client, token: cast.buyer, lines: [(a.id, 1)], expectedTotalFen: 314_900, budgetLineId: budget.id),
            ] {
                #expect(response.status == .conflict)
                let problem = try response.problem()
                #expect(
                    problem.code == "order.listing_price_flagged"
                        && problem.errors?.first?.field == "lines[0].listingId")
            }
        }
    }

    @Test("a mandatory energy-saving category needs a valid certificate on the order date (§C5)")
    func greenCertificate() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            // A02021004 is under 打印机 A02021000, mandatory on the energy-saving list (green_categories.csv).
            let bare = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, certificates: false)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let response = try await Orders.place(
                client, token: cast.buyer, lines: [(bare.id, 1)], expectedTotalFen: 334_900, budgetLineId: budget.id)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().code == "order.green_certificate_required")
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM orders") == 0)
        }
    }

    @Test("lines must be orderable and delivered to the unit's region; quantities positive; listings once")
    func lineChecks() async throws {
        try await withApp { client, _ in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let draft = try await Catalog.create(
                client, token: cast.supplierA, body: Catalog.listingBody(model: "draft-1"))
            // buyer-b's unit is in Yunnan (532601); the listing delivers to Beijing only.
            let far = try await Orders.quote(client, token: try await client.login("buyer-b"), lines: [(a.id, 1)])
            #expect(far.status == .unprocessableContent)
            #expect(try far.problem().code == "pricing.region_not_served")
            let unavailable = try await Orders.quote(
                client, token: cast.buyer, lines: [(a.id, 1), (draft.id, 1), (UUID().uuidString, 1)])
            let problem = try unavailable.problem()
            #expect(problem.code == "order.listing_unavailable")
            #expect(problem.errors?.map(\.field) == ["lines[1].listingId", "lines[2].listingId"])
            let zero = try await Orders.quote(client, token: cast.buyer, lines: [(a.id, 0)])
            #expect(try zero.problem().code == "pricing.quantity_invalid")
            let twice = try await Orders.quote(client, token: cast.buyer, lines: [(a.id, 1), (a.id, 2)])
            #expect(try twice.problem().errors?.first?.code == "duplicate")
            let empty = try await Orders.quote(client, token: cast.buyer, lines: [])
            #expect(try empty.problem().code == "request.validation_failed")
            let malformed = try await Orders.quote(client, token: cast.buyer, lines: [("not-an-id", 1)])
            #expect(try malformed.problem().errors?.first?.field == "lines[0].listingId")
        }
    }

    @Test("not enough stock: 409 order.stock_insufficient naming the line")
    func stockInsufficient() async throws {
        try await withApp { client, _ in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, stock: 2, tiers: false)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let response = try await Orders.place(
                client, token: cast.buyer, lines: [(a.id, 3)], expectedTotalFen: 1_004_700, budgetLineId: budget.id)
            #expect(response.status == .conflict)
            let problem = try response.problem()
            #expect(problem.code == "order.stock_insufficient" && problem.errors?.first?.field == "lines[0].quantity")
        }
    }

    @Test("only a unit's buyers and approvers quote and place; only approvers create budget lines")
    func roles() async throws {
        try await withApp { client, _ in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver)
            for token in [cast.supplierA, cast.ops, try await client.login("reg-bj")] {
                let quote = try await Orders.quote(client, token: token, lines: [(a.id, 1)])
                #expect(quote.status == .forbidden)
                #expect(try quote.problem().code == "auth.forbidden")
                let place = try await Orders.place(
                    client, token: token, lines: [(a.id, 1)], expectedTotalFen: 334_900, budgetLineId: budget.id)
                #expect(place.status == .forbidden)
            }
            let asApprover = try await Orders.placeQuoted(
                client, token: cast.approver, lines: [(a.id, 1)], budgetLineId: budget.id)
            #expect(asApprover.orders.count == 1)
            let byBuyer = try await Catalog.send(
                client, .post, "/api/v1/budget-lines", token: cast.buyer,
                body: ["fiscalYear": 2026, "projectName": "x", "amountFen": 100])
            #expect(byBuyer.status == .forbidden)
        }
    }

    @Test("200 concurrent orders of 1 unit against stock 10: exactly 10 succeed and the stock ends at 0")
    func concurrentOrders() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let a = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, stock: 10)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for n in 0..<200 {
                    group.addTask {
                        let response = try await Orders.place(
                            client, token: cast.buyer, lines: [(a.id, 1)], expectedTotalFen: 334_900,
                            budgetLineId: budget.id, key: "concurrent-\(n)")
                        let code = response.status == .created ? nil : try response.problem().code
                        return (Int(response.status.code), code)
                    }
                }
                var all: [(Int, String?)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(statuses.filter { $0.0 == 201 }.count == 10)
            #expect(statuses.filter { $0.0 == 409 && $0.1 == "order.stock_insufficient" }.count == 190)
            #expect(try await Orders.int(fixtures, "SELECT stock::int FROM listings WHERE id = '\(a.id)'") == 0)
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM orders") == 10)
            #expect(try await Orders.int(fixtures, "SELECT reserved_fen::int FROM budget_lines") == 3_349_000)
        }
    }
}
