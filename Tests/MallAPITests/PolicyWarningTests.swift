import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

@Suite("The regulators' warnings feed and contract notices (issue 6 point 3, DOMAIN.md §T, §C3, §O5, §O6)")
struct PolicyWarningTests {
    typealias Page = Orders.Page<Policy.Warning>

    static func notice(
        _ client: some TestClientProtocol, order: Orders.Order, token: String
    ) async throws -> Policy.Notice? {
        let page = try await Policy.get(
            client, "/api/v1/contract-notices?limit=200", token: token, as: Orders.Page<Policy.Notice>.self)
        return page.items.first { $0.orderId == order.id }
    }

    static func publish(
        _ client: some TestClientProtocol, _ notice: Policy.Notice, token: String, url: String? = nil,
        key: String? = nil
    ) async throws -> TestResponse {
        try await Catalog.send(
            client, .post, "/api/v1/contract-notices/\(notice.id)/publish", token: token,
            body: url.map { ["url": $0] } ?? [String: Any](), idempotencyKey: key)
    }

    @Test("one feed of every kind in the region, each with the records that caused it; filters, paging, scopes")
    func feed() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let regBJ = try await client.login("reg-bj")
            let budget = try await Orders.budget(client, approver: cast.approver, amountFen: 100_000_000)
            let vegetables = try await Policy.listing(
                client, supplier: cast.supplierB, ops: cast.ops, title: "有机蔬菜", model: "V-1", category: "A07031201",
                priceFen: 12_345, unit: "千克")
            let printer = try await Policy.listing(
                client, supplier: cast.supplierA, ops: cast.ops, title: "彩色激光打印机", model: "P-1",
                category: "A02021004", priceFen: 329_900, certificates: [("energy_saving", "2028-12-31")])

            // §T2: three direct purchases of 190 050 yuan, just under the 200 000 yuan max, on one day.
            let big = try await Orders.listing(
                client, supplier: cast.supplierA, ops: cast.ops, priceFen: 19_000_000, stock: 10, model: "BIG-1",
                tiers: false)
            var nearLimit: [Orders.Placement] = []
            for _ in 0..<3 {
                nearLimit.append(
                    try await Orders.placeQuoted(client, token: cast.buyer, lines: [(big.id, 1)], budgetLineId: budget.id))
            }
            let split = try #require(nearLimit[2].warnings.first)

            // §C3: a fresh reference price below the listed price flags the listing.
            let flagged = try await Policy.listing(
                client, supplier: cast.supplierA, ops: cast.ops, title: "彩色激光打印机", model: "P-2",
                category: "A02021004", priceFen: 329_900, certificates: [("energy_saving", "2028-12-31")])
            let reference = try await Catalog.send(
                client, .post, "/api/v1/listings/\(flagged.id)/reference-prices", token: cast.ops,
                body: [
                    "kind": "ecommerce", "source": "京东自营", "priceFen": 299_900,
                    "capturedAt": ISO8601DateFormatter().string(from: fixtures.clock.now),
                ])
            #expect(reference.status == .created)

            // Mon 2026-03-02: three orders confirmed (contracts signed), notices due Wed 2026-03-04. O1 is
            // delivered at once (payment due 30 days later, 2026-04-01) and never paid; O2's notice is published the
            // same day; O3's on Fri 2026-03-06, two days late.
            let o1 = try await Policy.buy(client, token: cast.buyer, budget: budget, lines: [(vegetables, 1)])[0]
            let o1Shipped = try await Orders.step(
                client, "ship", try await Orders.step(client, "confirm", o1, token: cast.supplierB),
                token: cast.supplierB)
            let o1Delivered = try await Orders.step(
                client, "deliver", o1Shipped, token: cast.buyer, body: [String: Any]())
            #expect(o1Delivered.payment.dueOn == "2026-04-01")
            let o2 = try await Policy.buy(client, token: cast.buyer, budget: budget, lines: [(printer, 1)])[0]
            _ = try await Orders.step(client, "confirm", o2, token: cast.supplierA)
            let o3 = try await Policy.buy(client, token: cast.buyer, budget: budget, lines: [(printer, 2)])[0]
            _ = try await Orders.step(client, "confirm", o3, token: cast.supplierA)
            let n2 = try #require(try await Self.notice(client, order: o2, token: cast.buyer))
            #expect(n2.signedOn == "2026-03-02" && n2.dueOn == "2026-03-04")
            #expect(try await Self.publish(client, n2, token: cast.buyer).status == .ok)
            fixtures.clock.advance(by: 4 * Policy.day)
            let n3 = try #require(try await Self.notice(client, order: o3, token: cast.buyer))
            let published3 = try await Self.publish(client, n3, token: cast.buyer, url: "https://www.ccgp.gov.cn/n3.html")
            #expect(try published3.decode(Policy.Notice.self).daysLate == 2)

            // Wed 2026-04-08: O1 is 7 days overdue and its notice 35 days late.
            fixtures.clock.advance(by: 33 * Policy.day)
            let response = try await client.get("/api/v1/warnings", token: regBJ)
            OpenAPIConformance.expect(response, matches: "WarningPage")
            let feed = try response.decode(Page.self).items
            // Newest first: the overdue payment (from 2026-04-02), the late notices (from 2026-03-05), then the
            // price flag and the splitting warning (both 2026-03-02 09:00).
            #expect(feed.first?.kind == "payment_overdue" && feed.dropFirst().first?.kind == "contract_notice_late")
            #expect(feed.map(\.occurredAt) == feed.map(\.occurredAt).sorted(by: >))
            #expect(feed.count == 5)
            let byKind = Dictionary(grouping: feed, by: \.kind)

            // §O5: 12 345 fen × 0.05 % × 7 days = 43.2 → 43 fen (half up, once), as the order itself says.
            let overdue = try #require(byKind["payment_overdue"]?.first)
            #expect(overdue.rule == "§O5" && overdue.amountFen == 12_345 && overdue.occurredOn == "2026-04-02")
            #expect(overdue.details["daysOverdue"] == .int(7) && overdue.details["interestFen"] == .int(43))
            #expect(overdue.details["dueOn"] == .string("2026-04-01"))
            #expect(overdue.records.map(\.id) == [o1.id] && overdue.supplierId == fixtures.supplierB.description)
            let order = try await Policy.get(client, "/api/v1/orders/\(o1.id)", token: cast.buyer, as: Orders.Order.self)
            #expect(order.payment.overdueInterestFen == 43 && order.payment.daysOverdue == 7)

            // §O6: O1 not published (35 days late so far), O3 published two days late; O2 on time is absent.
            let late = byKind["contract_notice_late"] ?? []
            #expect(Set(late.flatMap { $0.records.filter { $0.type == "order" }.map(\.id) }) == [o1.id, o3.id])
            let lateO1 = try #require(late.first { $0.records.contains { $0.id == o1.id } })
            #expect(lateO1.details["daysLate"] == .int(35) && lateO1.details["publishedOn"] == .null)
            #expect(lateO1.occurredOn == "2026-03-05" && lateO1.records.map(\.type) == ["order", "contract_notice"])
            let lateO3 = try #require(late.first { $0.records.contains { $0.id == o3.id } })
            #expect(lateO3.details["daysLate"] == .int(2) && lateO3.details["publishedOn"] == .string("2026-03-06"))

            // §C3: the listing and the reference below its price.
            let price = try #require(byKind["price_above_reference"]?.first)
            #expect(price.records.first?.id == flagged.id && price.records.count == 2)
            #expect(price.records.last?.type == "reference_price" && price.amountFen == 329_900)
            #expect(price.details["lowestReferenceFen"] == .int(299_900) && price.unitId == nil)

            // §T2: the stored splitting warning, with its three orders (and issue 4's fields).
            let near = try #require(byKind["split_suspected_near_limit"]?.first)
            #expect(near.id == split.id)
            #expect(near.records.map(\.id) == split.orderIds)
            #expect(Set(split.orderIds) == Set(nearLimit.map { $0.orders[0].id }))
            #expect(near.amountFen == split.sumFen && split.sumFen == 57_015_000)

            // Filters.
            func ids(_ query: String, token: String = regBJ) async throws -> Set<String> {
                Set(try await Policy.get(client, "/api/v1/warnings?\(query)", token: token, as: Page.self).items.map(\.id))
            }
            #expect(try await ids("kind=payment_overdue") == [overdue.id])
            #expect(try await ids("supplier=\(fixtures.supplierB)") == [overdue.id, lateO1.id])
            #expect(try await ids("unit=\(fixtures.unitA)") == [overdue.id, lateO1.id, lateO3.id, near.id])
            #expect(try await ids("order=\(o1.id)") == [overdue.id, lateO1.id])
            #expect(try await ids("from=2026-04-01") == [overdue.id])
            #expect(try await ids("to=2026-03-04") == [price.id, near.id])
            #expect(try await ids("from=2026-03-05&to=2026-03-05") == [lateO1.id, lateO3.id])
            try Policy.expectProblem(
                try await client.get("/api/v1/warnings?kind=rotation", token: regBJ), .badRequest, "request.invalid_query")
            try Policy.expectProblem(
                try await client.get("/api/v1/warnings?from=2026-13-01", token: regBJ), .badRequest,
                "request.invalid_query")

            // Paging: newest first, two by two, nothing lost or repeated.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await Policy.get(
                    client, "/api/v1/warnings?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: regBJ,
                    as: Page.self)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == feed.map(\.id))

            // Scopes: Yunnan's regulator sees none of it; the operators all; units and suppliers may not ask.
            #expect(try await ids("", token: try await client.login("reg-yn")).isEmpty)
            #expect(try await ids("", token: cast.ops).count == 5)
            try Policy.expectProblem(
                try await client.get("/api/v1/warnings", token: cast.buyer), .forbidden, "auth.forbidden")
            try Policy.expectProblem(
                try await client.get("/api/v1/warnings", token: cast.supplierB), .forbidden, "auth.forbidden")

            // Paying the order ends the overdue warning; publishing the notice late keeps its warning.
            let o1Accepted = try await Orders.step(
                client, "accept", o1Delivered, token: cast.approver, body: ["acceptorName": "王老师", "result": "passed"])
            _ = try await Orders.step(client, "pay", o1Accepted, token: cast.buyer, body: ["amountFen": 12_345])
            #expect(try await ids("kind=payment_overdue").isEmpty)
            let n1 = try #require(try await Self.notice(client, order: o1, token: cast.buyer))
            #expect(try await Self.publish(client, n1, token: cast.buyer).status == .ok)
            let after = try await Policy.get(
                client, "/api/v1/warnings?order=\(o1.id)", token: regBJ, as: Page.self)
            #expect(after.items.map(\.kind) == ["contract_notice_late"])
            #expect(after.items.first?.details["publishedOn"] == .string("2026-04-08"))
        }
    }

    @Test("§O6 a notice is due 2 working days after confirmation on the holiday calendar; provisional without one")
    func contractNotices() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let printer = try await Policy.listing(
                client, supplier: cast.supplierA, ops: cast.ops, title: "彩色激光打印机", model: "P-1",
                category: "A02021004", priceFen: 329_900, certificates: [("energy_saving", "2028-12-31")])
            // Thu 2026-04-02: Fri 04-03 is the first working day, 04-04…04-06 are 清明 off, Tue 04-07 the second.
            fixtures.clock.advance(by: 31 * Policy.day)
            let order = try await Policy.buy(client, token: cast.buyer, budget: budget, lines: [(printer, 1)])[0]
            #expect(try await Self.notice(client, order: order, token: cast.buyer) == nil, "no contract before confirmation")
            _ = try await Orders.step(client, "confirm", order, token: cast.supplierA)
            let listed = try await client.get("/api/v1/contract-notices", token: cast.buyer)
            OpenAPIConformance.expect(listed, matches: "ContractNoticePage")
            let notice = try #require(try await Self.notice(client, order: order, token: cast.buyer))
            #expect(notice.signedOn == "2026-04-02" && notice.dueOn == "2026-04-07" && !notice.dueOnProvisional)
            #expect(!notice.late && notice.publishedOn == nil)
            #expect(
                try await Orders.int(
                    fixtures, "SELECT count(*)::int FROM audit_log WHERE action = 'contract_notice.opened'") == 1)

            // Visibility: the unit, the supplier, the region's regulator; others 404.
            let uri = "/api/v1/contract-notices/\(notice.id)"
            let got = try await client.get(uri, token: cast.supplierA)
            #expect(got.status == .ok)
            OpenAPIConformance.expect(got, matches: "ContractNotice")
            #expect(try await client.get(uri, token: try await client.login("reg-bj")).status == .ok)
            for name in ["reg-yn", "sup-b", "buyer-b"] {
                try Policy.expectProblem(
                    try await client.get(uri, token: try await client.login(name)), .notFound, "resource.not_found")
            }
            #expect(try await Self.notice(client, order: order, token: cast.supplierB) == nil)

            // Publishing: the unit only, an http(s) address, once.
            try Policy.expectProblem(
                try await Self.publish(client, notice, token: cast.supplierA), .forbidden, "auth.forbidden")
            try Policy.expectProblem(
                try await Self.publish(client, notice, token: try await client.login("buyer-b")), .notFound,
                "resource.not_found")
            try Policy.expectProblem(
                try await Self.publish(client, notice, token: cast.buyer, url: "ftp://example.cn/x"),
                .unprocessableContent, "request.validation_failed")
            // On the due day (Tue 04-07): on time.
            fixtures.clock.advance(by: 5 * Policy.day)
            let published = try await Self.publish(
                client, notice, token: cast.buyer, url: "https://www.ccgp.gov.cn/x.html", key: "publish-1")
            #expect(published.status == .ok)
            let record = try published.decode(Policy.Notice.self)
            #expect(record.publishedOn == "2026-04-07" && !record.late && record.daysLate == 0)
            let replay = try await Self.publish(
                client, notice, token: cast.buyer, url: "https://www.ccgp.gov.cn/x.html", key: "publish-1")
            #expect(replay.status == .ok && replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            try Policy.expectProblem(
                try await Self.publish(client, notice, token: cast.buyer), .conflict, "notice.already_published")
            let feed = try await Policy.get(
                client, "/api/v1/warnings?kind=contract_notice_late", token: cast.ops, as: Page.self)
            #expect(feed.items.isEmpty)

            // Thu 2026-12-31: the due day falls in 2027, whose calendar is not loaded: calendar days, flagged.
            fixtures.clock.advance(by: 268 * Policy.day)
            let december = try await Policy.buy(client, token: cast.buyer, budget: budget, lines: [(printer, 1)])[0]
            _ = try await Orders.step(client, "confirm", december, token: cast.supplierA)
            let provisional = try #require(try await Self.notice(client, order: december, token: cast.buyer))
            #expect(provisional.signedOn == "2026-12-31" && provisional.dueOn == "2027-01-02")
            #expect(provisional.dueOnProvisional)

            // Filters of the list.
            let unpublished = try await Policy.get(
                client, "/api/v1/contract-notices?published=false", token: cast.buyer,
                as: Orders.Page<Policy.Notice>.self)
            #expect(unpublished.items.map(\.id) == [provisional.id])
            fixtures.clock.advance(by: 3 * Policy.day)
            let lateOnes = try await Policy.get(
                client, "/api/v1/contract-notices?late=true", token: try await client.login("reg-bj"),
                as: Orders.Page<Policy.Notice>.self)
            #expect(lateOnes.items.map(\.id) == [provisional.id] && lateOnes.items.first?.daysLate == 1)
        }
    }
}
