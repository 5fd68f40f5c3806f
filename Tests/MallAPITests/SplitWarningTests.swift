import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

@Suite("Splitting warnings raised at placement, visible to the region's regulators (issue 4 point 5, DOMAIN.md §T)")
struct SplitWarningTests {
    static let config: AppConfig = {
        var config = testConfig()
        config.tokenLifetime = 100 * 86_400
        return config
    }()

    @Test("§T1: the order that brings a group's non-tender total to the procurement threshold raises split_suspected")
    func threshold() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listing = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, stock: 400)
            let budget = try await Orders.budget(client, approver: cast.approver, amountFen: 200_000_000)
            // 50 printers at the 10+ tier (319 900) plus installation: 16 245 000 fen (162 450 yuan) an order,
            // under the direct purchase max and not near it. Six orders stay under 1 000 000 yuan; the 7th reaches it.
            var orderIDs: [String] = []
            for n in 1...7 {
                let placement = try await Orders.placeQuoted(
                    client, token: cast.buyer, lines: [(listing.id, 50)], budgetLineId: budget.id)
                orderIDs += placement.orders.map(\.id)
                if n < 7 { #expect(placement.warnings.isEmpty, "order \(n)") }
                if n == 7 {
                    let warning = try #require(placement.warnings.first)
                    #expect(placement.warnings.count == 1)
                    #expect(warning.kind == "split_suspected" && warning.rule == "§T1")
                    #expect(warning.sumFen == 113_715_000 && warning.thresholdFen == 100_000_000)
                    #expect(Set(warning.orderIds) == Set(orderIDs) && warning.triggeredBy == orderIDs.last)
                }
            }
            let regulator = try await Catalog.send(
                client, .get, "/api/v1/warnings", token: try await client.login("reg-bj"))
            let page = try regulator.decode(Orders.Page<Orders.Warning>.self)
            #expect(page.items.count == 1 && page.items.first?.unitId == fixtures.unitA.description)
            let byOrder = try await Catalog.send(
                client, .get, "/api/v1/warnings?order=\(orderIDs[0])&kind=split_suspected", token: cast.ops)
            #expect(try byOrder.decode(Orders.Page<Orders.Warning>.self).items.count == 1)
            let yunnan = try await Catalog.send(
                client, .get, "/api/v1/warnings", token: try await client.login("reg-yn"))
            #expect(try yunnan.decode(Orders.Page<Orders.Warning>.self).items.isEmpty)
            #expect(try await Catalog.send(client, .get, "/api/v1/warnings", token: cast.buyer).status == .forbidden)
            #expect(
                try await Orders.int(
                    fixtures, "SELECT count(*)::int FROM split_warning_orders") == 7)
            #expect(
                try await Orders.int(
                    fixtures, "SELECT count(*)::int FROM audit_log WHERE action = 'split_warning.raised'") == 1)
        }
    }

    @Test("§T2: three direct purchases just under the max in one category within 30 days raise a near-limit warning")
    func nearLimit() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            // 190 000 yuan + 50 yuan installation: within 10 % below the 200 000 yuan direct purchase max.
            let listing = try await Orders.listing(
                client, supplier: cast.supplierA, ops: cast.ops, priceFen: 19_000_000, stock: 10, tiers: false)
            let budget = try await Orders.budget(client, approver: cast.approver, amountFen: 100_000_000)
            var placements: [Orders.Placement] = []
            for _ in 0..<3 {
                placements.append(
                    try await Orders.placeQuoted(
                        client, token: cast.buyer, lines: [(listing.id, 1)], budgetLineId: budget.id))
                fixtures.clock.advance(by: 12 * 86_400)
            }
            #expect(placements[0].warnings.isEmpty && placements[1].warnings.isEmpty)
            let warning = try #require(placements[2].warnings.first)
            #expect(warning.kind == "split_suspected_near_limit" && warning.rule == "§T2")
            #expect(warning.orderIds == placements.map { $0.orders[0].id })
            #expect(warning.sumFen == 3 * 19_005_000 && warning.thresholdFen == 20_000_000)
            let page = try await Catalog.send(
                client, .get, "/api/v1/warnings?kind=split_suspected_near_limit",
                token: try await client.login("reg-bj")
            ).decode(Orders.Page<Orders.Warning>.self)
            #expect(page.items.map(\.id) == [warning.id])
        }
    }

    @Test("cancelled orders do not count, and a fourth order outside the 30-day window does not warn")
    func windowAndCancellations() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listing = try await Orders.listing(
                client, supplier: cast.supplierA, ops: cast.ops, priceFen: 19_000_000, stock: 10, tiers: false)
            let budget = try await Orders.budget(client, approver: cast.approver, amountFen: 100_000_000)
            let first = try await Orders.placeQuoted(
                client, token: cast.buyer, lines: [(listing.id, 1)], budgetLineId: budget.id)
            _ = try await Orders.step(client, "cancel", first.orders[0], token: cast.buyer, body: ["reason": "下错单"])
            for _ in 0..<2 {
                let placement = try await Orders.placeQuoted(
                    client, token: cast.buyer, lines: [(listing.id, 1)], budgetLineId: budget.id)
                #expect(placement.warnings.isEmpty)
                fixtures.clock.advance(by: 20 * 86_400)
            }
            // Day 40: the earlier orders were on days 0 and 20, so only one of them is within 30 days.
            let late = try await Orders.placeQuoted(
                client, token: cast.buyer, lines: [(listing.id, 1)], budgetLineId: budget.id)
            #expect(late.warnings.isEmpty)
        }
    }
}
