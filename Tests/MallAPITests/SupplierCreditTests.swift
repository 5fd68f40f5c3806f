import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

@Suite("Ratings and supplier credit (issue 4 point 7, DOMAIN.md §O7, §S1)")
struct SupplierCreditTests {
    struct Credit: Decodable {
        var supplierId: String
        var year: Int
        var score: Int
        var totalDeducted: Int
        var band: String
        var events: [Event]

        struct Event: Decodable {
            var kind: String
            var points: Int
            var rule: String
            var explanation: String
            var scoreAfter: Int
            var orderId: String?
            var listingId: String?
            var daysLate: Int?
            var rating: Marks?
        }

        struct Marks: Decodable {
            var delivery: Int
            var quality: Int
            var service: Int
        }
    }

    /// An accepted order of supplier A.
    static func accepted(_ client: some TestClientProtocol) async throws -> (Orders.Cast, Orders.Order) {
        let cast = try await Orders.Cast.login(client)
        let listing = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
        let budget = try await Orders.budget(client, approver: cast.approver)
        let placement = try await Orders.placeQuoted(
            client, token: cast.buyer, lines: [(listing.id, 1)], budgetLineId: budget.id)
        var order = try #require(placement.orders.first)
        let rateEarly = try await Catalog.send(
            client, .post, "/api/v1/orders/\(order.id)/rating", token: cast.buyer,
            body: ["delivery": 5, "quality": 5, "service": 5])
        #expect(rateEarly.status == .conflict)
        #expect(try rateEarly.problem().code == "order.rating_not_allowed")
        order = try await Orders.step(client, "confirm", order, token: cast.supplierA)
        order = try await Orders.step(client, "ship", order, token: cast.supplierA)
        order = try await Orders.step(client, "deliver", order, token: cast.buyer)
        order = try await Orders.step(
            client, "accept", order, token: cast.buyer, body: ["acceptorName": "王老师", "result": "passed"])
        return (cast, order)
    }

    @Test("after acceptance the unit rates once; a poor rating deducts and the credit report explains it")
    func ratingAndCredit() async throws {
        try await withApp { client, fixtures in
            let (cast, order) = try await Self.accepted(client)
            let path = "/api/v1/orders/\(order.id)/rating"
            let bad = try await Catalog.send(
                client, .post, path, token: cast.buyer, body: ["delivery": 0, "quality": 6, "service": 3])
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problem().errors?.map(\.field) == ["delivery", "quality"])
            #expect(
                try await Catalog.send(
                    client, .post, path, token: cast.supplierA, body: ["delivery": 1, "quality": 1, "service": 1]
                ).status == .forbidden)
            #expect(
                try await Catalog.send(
                    client, .post, path, token: try await client.login("buyer-b"),
                    body: ["delivery": 1, "quality": 1, "service": 1]
                ).status == .notFound)
            let rated = try await Catalog.send(
                client, .post, path, token: cast.buyer,
                body: ["delivery": 1, "quality": 2, "service": 2, "comment": "送货延误"])
            #expect(rated.status == .created, "\(String(buffer: rated.body))")
            let again = try await Catalog.send(
                client, .post, path, token: cast.approver, body: ["delivery": 5, "quality": 5, "service": 5])
            #expect(again.status == .conflict)
            #expect(try again.problem().code == "order.already_rated")

            let response = try await Catalog.send(
                client, .get, "/api/v1/suppliers/\(fixtures.supplierA)/credit", token: cast.buyer)
            #expect(response.status == .ok)
            let credit = try response.decode(Credit.self)
            // Average (1 + 2 + 2) / 3 = 1.67 is below 3: −2 (CreditSettings defaults, DOMAIN.md §S1).
            #expect(credit.year == 2026 && credit.score == 98 && credit.band == "good")
            let event = try #require(credit.events.first)
            #expect(event.kind == "rating" && event.rule == "credit.poor_rating" && event.points == 2)
            #expect(event.orderId == order.id && event.rating?.delivery == 1 && event.scoreAfter == 98)
            let detail = try await Catalog.send(client, .get, "/api/v1/orders/\(order.id)", token: cast.buyer)
            #expect(String(buffer: detail.body).contains("\"comment\":\"送货延误\""))
            #expect(try detail.decode(Orders.Order.self).allowedActions == ["pay"], "rated once: no longer offered")
            let lastYear = try await Catalog.send(
                client, .get, "/api/v1/suppliers/\(fixtures.supplierA)/credit?year=2025", token: cast.ops)
            #expect(try lastYear.decode(Credit.self).events.isEmpty)
        }
    }

    @Test("late delivery, failed acceptance and a delisting for price violation are typed credit events")
    func eventKinds() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listing = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, leadTimeDays: 0)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let placement = try await Orders.placeQuoted(
                client, token: cast.buyer, lines: [(listing.id, 1)], budgetLineId: budget.id)
            var order = try #require(placement.orders.first)
            order = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            order = try await Orders.step(client, "ship", order, token: cast.supplierA)
            fixtures.clock.advance(by: 1_800)  // same day: a lead time of 0 days is met by delivering today
            order = try await Orders.step(
                client, "deliver", order, token: cast.buyer, body: ["deliveredOn": "2026-03-02"])
            order = try await Orders.step(
                client, "accept", order, token: cast.buyer,
                body: ["acceptorName": "李工", "result": "failed", "notes": "型号不符"])

            // A listing flagged for its price and delisted by the sweep after the grace period (DOMAIN.md §C3).
            let other = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, model: "M479fdw")
            let reference: [String: Any] = [
                "kind": "manufacturer", "source": "惠普官网", "priceFen": 300_000,
                "capturedAt": ISO8601DateFormatter().string(from: fixtures.clock.now),
            ]
            _ = try await Catalog.send(
                client, .post, "/api/v1/listings/\(other.id)/reference-prices", token: cast.ops, body: reference)
            let store = ListingStore(
                database: fixtures.database, ids: IDGenerator { UUID() }, priceControl: PriceControl())
            let sweep = try await store.sweep(
                now: fixtures.clock.now.addingTimeInterval(8 * 86_400), logger: TestDatabase.logger)
            #expect(sweep.delisted == 1)

            let credit = try await Catalog.send(
                client, .get, "/api/v1/suppliers/\(fixtures.supplierA)/credit", token: try await client.login("buyer-a")
            ).decode(Credit.self)
            #expect(credit.events.map(\.kind) == ["acceptance_failed", "price_violation"])
            #expect(credit.events.map(\.points) == [5, 5] && credit.score == 90 && credit.totalDeducted == 10)
            #expect(credit.events[1].listingId == other.id)
            #expect(
                try await Orders.int(fixtures, "SELECT count(*)::int FROM credit_events WHERE kind = 'late_delivery'")
                    == 0)
        }
    }

    @Test("credit is read for suppliers only: another organisation's id answers 404; a bad year 400")
    func notASupplier() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("reg-yn")
            let unit = try await Catalog.send(client, .get, "/api/v1/suppliers/\(fixtures.unitA)/credit", token: token)
            #expect(unit.status == .notFound)
            let fresh = try await Catalog.send(
                client, .get, "/api/v1/suppliers/\(fixtures.supplierB)/credit", token: token
            ).decode(Credit.self)
            #expect(fresh.score == 100 && fresh.events.isEmpty && fresh.band == "good")
            let badYear = try await Catalog.send(
                client, .get, "/api/v1/suppliers/\(fixtures.supplierB)/credit?year=20x6", token: token)
            #expect(badYear.status == .badRequest)
        }
    }
}

@Suite("Budget lines of a unit (issue 4 point 4, DOMAIN.md §O4)")
struct BudgetLineTests {
    @Test("an approver creates a line (201, Location); the unit's buyers read it; another unit's is 404")
    func createAndRead() async throws {
        try await withApp { client, fixtures in
            let approver = try await client.login("approver-a")
            let response = try await Catalog.send(
                client, .post, "/api/v1/budget-lines", token: approver,
                body: ["fiscalYear": 2026, "projectName": "信息化设备更新", "categoryPrefix": "A02", "amountFen": 50_000_000],
                idempotencyKey: "budget-1")
            #expect(response.status == .created)
            let line = try response.decode(Orders.BudgetLine.self)
            #expect(response.headers[.location] == "/api/v1/budget-lines/\(line.id)")
            #expect(line.availableFen == 50_000_000 && line.reservedFen == 0 && line.categoryPrefix == "A02")
            let replay = try await Catalog.send(
                client, .post, "/api/v1/budget-lines", token: approver,
                body: ["fiscalYear": 2026, "projectName": "信息化设备更新", "categoryPrefix": "A02", "amountFen": 50_000_000],
                idempotencyKey: "budget-1")
            #expect(try replay.decode(Orders.BudgetLine.self).id == line.id)
            let buyer = try await client.login("buyer-a")
            let page = try await Catalog.send(client, .get, "/api/v1/budget-lines?fiscalYear=2026", token: buyer)
                .decode(Orders.Page<Orders.BudgetLine>.self)
            #expect(page.items.map(\.id) == [line.id])
            let other = try await client.login("buyer-b")
            #expect(
                try await Catalog.send(client, .get, "/api/v1/budget-lines/\(line.id)", token: other).status
                    == .notFound)
            #expect(
                try await Catalog.send(client, .get, "/api/v1/budget-lines", token: other)
                    .decode(Orders.Page<Orders.BudgetLine>.self).items.isEmpty)
            #expect(
                try await Catalog.send(client, .get, "/api/v1/budget-lines", token: try await client.login("sup-a"))
                    .status
                    == .forbidden)
            #expect(
                try await Orders.int(
                    fixtures, "SELECT count(*)::int FROM audit_log WHERE action = 'budget_line.created'")
                    == 1)
        }
    }

    @Test("invalid lines answer 422 naming every field")
    func validation() async throws {
        try await withApp { client, _ in
            let response = try await Catalog.send(
                client, .post, "/api/v1/budget-lines", token: try await client.login("approver-a"),
                body: ["fiscalYear": 1999, "projectName": " ", "categoryPrefix": "X1", "amountFen": 0])
            #expect(response.status == .unprocessableContent)
            #expect(
                try response.problem().errors?.map(\.field) == [
                    "fiscalYear", "projectName", "categoryPrefix", "amountFen",
                ])
        }
    }
}
