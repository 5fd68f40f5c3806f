import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import PostgresNIO
import Testing

@Suite("Open data: OCDS 1.1 release packages of completed orders (issue 6 point 6, DOMAIN.md §X2)")
struct OCDSEndpointTests {
    static let hour: TimeInterval = 3_600

    @Test("the feed publishes accepted and paid orders in order, pages with Link, filters with since, names no person")
    func feed() async throws {
        try await withApp(config: OCDS.config) { client, fixtures in
            // Monday 09:00: two listings, a budget, a competition with two quotes, three direct orders.
            let cast = try await Orders.Cast.login(client)
            let listingA = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, stock: 50)
            let listingB = try await Orders.listing(
                client, supplier: cast.supplierB, ops: cast.ops, stock: 50, model: "HT-200")
            let budget = try await Orders.budget(client, approver: cast.approver)
            let competition = try await Competitions.posted(client, token: cast.buyer, budgetLineId: budget.id)
            #expect(
                try await Competitions.quote(
                    client, competition, token: cast.supplierA, listingId: listingA.id, totalFen: 3_000_000
                ).status == .created)
            #expect(
                try await Competitions.quote(
                    client, competition, token: cast.supplierB, listingId: listingB.id, totalFen: 3_200_000,
                    manufacturerSize: "micro"
                ).status == .created)
            var placed: [Orders.Order] = []
            for _ in 0..<3 {
                let placement = try await Orders.placeQuoted(
                    client, token: cast.buyer, lines: [(listingA.id, 1)], budgetLineId: budget.id)
                placed.append(try #require(placement.orders.first))
            }

            // Tuesday 11:00: the competition is evaluated (the micro supplier wins on the SME deduction) and
            // awarded; order 1 is accepted. 12:00 order 2 accepted; 13:00 order 1 paid; 14:00 the competition's
            // order accepted; 15:00 paid. Order 3 is only confirmed.
            fixtures.clock.advance(by: 26 * Self.hour)
            #expect(try await Competitions.close(fixtures) == .init(evaluated: 1))
            let evaluated = try await Competitions.get(client, competition.id, token: cast.buyer)
                .decode(Competitions.Competition.self)
            let awardResponse = try await Competitions.award(
                client, evaluated, token: cast.buyer, supplierId: fixtures.supplierB.description)
            #expect(awardResponse.status == .created, "\(String(buffer: awardResponse.body))")
            let awarded = try awardResponse.decode(Competitions.AwardResponse.self).order
            let order1 = try await OCDS.accept(client, placed[0], cast: cast, supplier: cast.supplierA)
            fixtures.clock.advance(by: Self.hour)
            let order2 = try await OCDS.accept(client, placed[1], cast: cast, supplier: cast.supplierA)
            fixtures.clock.advance(by: Self.hour)
            _ = try await OCDS.pay(client, order1, cast: cast)
            fixtures.clock.advance(by: Self.hour)
            let competitionOrder = try await OCDS.accept(client, awarded, cast: cast, supplier: cast.supplierB)
            fixtures.clock.advance(by: Self.hour)
            _ = try await OCDS.pay(client, competitionOrder, cast: cast)
            let order3 = try await Orders.step(client, "confirm", placed[2], token: cast.supplierA)

            // The whole feed, without a token.
            let prefix = "ocds-g0vm11-order-"
            let expected = [
                "\(prefix)\(order1.id)-accepted", "\(prefix)\(order2.id)-accepted", "\(prefix)\(order1.id)-paid",
                "\(prefix)\(competitionOrder.id)-accepted", "\(prefix)\(competitionOrder.id)-paid",
            ]
            let all = try await OCDS.get(client, "/api/v1/ocds/releases")
            let feed = try OCDS.package(all)
            #expect(OCDS.next(all) == nil)
            #expect(feed.releases.map(\.id) == expected)
            #expect(feed.releases.map(\.date) == [
                "2026-03-03T11:00:00+08:00", "2026-03-03T12:00:00+08:00", "2026-03-03T13:00:00+08:00",
                "2026-03-03T14:00:00+08:00", "2026-03-03T15:00:00+08:00",
            ])
            #expect(feed.uri == "\(OCDS.base)/api/v1/ocds/releases" && feed.version == "1.1")
            #expect(feed.publishedDate == "2026-03-03T15:00:00+08:00")
            #expect(feed.publisher.name == "GovMall 测试采购中心" && feed.extensions.count == 4)
            #expect(feed.license == "https://creativecommons.org/licenses/by/4.0/")
            try OCDS.writeSample(all, name: "feed")

            // The releases say what was bought, from whom, how.
            let paid1 = try #require(feed.releases.first { $0.id == "\(prefix)\(order1.id)-paid" })
            #expect(paid1.tag == ["tender", "award", "contract", "implementation"])
            #expect(paid1.tender?.procurementMethod == "direct")
            #expect(paid1.tender?.items?.first?.classification?.id == "A02021004")
            #expect(paid1.tender?.sustainability?.contains { $0.goal == "environmental.energyEfficiency" } == true)
            #expect(paid1.contracts?.first?.implementation?.transactions?.count == 1)
            let accepted1 = try #require(feed.releases.first { $0.id == "\(prefix)\(order1.id)-accepted" })
            #expect(accepted1.tag == ["tender", "award", "contract"])
            #expect(accepted1.contracts?.first?.implementation == nil)
            let paidC = try #require(feed.releases.last)
            #expect(paidC.tender?.procurementMethod == "selective" && paidC.tender?.numberOfTenderers == 2)
            let sme = try #require(paidC.tender?.sustainability?.first { $0.goal == "social.smeInclusion" })
            #expect(sme.strategies == ["marginOfPreference"])
            // 行唐县 (130125) is one of the 832 counties.
            #expect(paidC.tender?.sustainability?.contains { $0.goal == "economic.localEconomyPromotion" } == true)
            let supplier = try #require(paidC.parties.first { $0.id == fixtures.supplierB.description })
            #expect(supplier.details?.scale == "micro" && supplier.roles.contains("tenderer"))
            #expect(paidC.parties.contains { $0.id == fixtures.unitA.description && $0.roles.contains("buyer") })

            // No person: no user's id, user name, the acceptor or the acceptance notes.
            let body = String(buffer: all.body)
            for forbidden in ["王老师", "验收", "buyer-a", "approver-a", "sup-a", "sup-b"] {
                #expect(!body.contains(forbidden), "the feed contains \(forbidden)")
            }
            let users = try await fixtures.database.query("SELECT id FROM users LIMIT 100", logger: TestDatabase.logger)
            for try await id in users.decode(UUID.self) {
                #expect(!body.lowercased().contains(id.uuidString.lowercased()), "the feed contains user \(id)")
            }

            // Pages of two, linked; the links keep since and limit.
            var pages: [[String]] = []
            var url: String? = "/api/v1/ocds/releases?limit=2"
            while let next = url {
                let response = try await OCDS.get(client, next)
                let page = try OCDS.package(response)
                #expect(page.uri == (next.hasPrefix(OCDS.base) ? next : OCDS.base + next), "a page names its own URL")
                pages.append(page.releases.map(\.id))
                if pages.count == 1 { try OCDS.writeSample(response, name: "feed-page-1") }
                url = OCDS.next(response)
                if let url { #expect(url.hasPrefix("\(OCDS.base)/api/v1/ocds/releases?limit=2&cursor=")) }
            }
            #expect(pages.map(\.count) == [2, 2, 1] && pages.flatMap { $0 } == expected)

            // since: inclusive, in any offset; a poll with the latest date seen returns it again and what followed.
            let since = try await OCDS.package(
                OCDS.get(client, "/api/v1/ocds/releases?since=2026-03-03T12:00:00%2B08:00"))
            #expect(since.releases.map(\.id) == Array(expected.dropFirst()))
            let sinceUTC = try await OCDS.get(client, "/api/v1/ocds/releases?since=2026-03-03T06:00:00Z&limit=1")
            #expect(try OCDS.package(sinceUTC).releases.map(\.id) == [expected[3]])
            let sinceNext = try #require(OCDS.next(sinceUTC))
            #expect(
                sinceNext.contains("since=2026-03-03T06:00:00.000Z") && sinceNext.contains("limit=1"), "\(sinceNext)")
            #expect(try await OCDS.package(OCDS.get(client, sinceNext)).releases.map(\.id) == [expected[4]])
            let future = try await OCDS.get(client, "/api/v1/ocds/releases?since=2026-03-04T00:00:00%2B08:00")
            #expect(try OCDS.package(future).releases.isEmpty && OCDS.next(future) == nil)

            // Bad parameters.
            for (query, code) in [
                ("since=yesterday", "request.invalid_query"), ("limit=0", "request.invalid_query"),
                ("limit=201", "request.invalid_query"), ("cursor=bm90LW91cnM", "request.invalid_cursor"),
            ] {
                let response = try await OCDS.get(client, "/api/v1/ocds/releases?\(query)")
                try ProblemTests.expectProblem(response, .badRequest, code)
            }

            // One order's releases: at acceptance and at payment; 404 for the confirmed order and unknown ids.
            let history = try await OCDS.get(client, "/api/v1/ocds/orders/\(order1.id)")
            let historyPackage = try OCDS.package(history)
            #expect(
                historyPackage.releases.map(\.id) == ["\(prefix)\(order1.id)-accepted", "\(prefix)\(order1.id)-paid"])
            #expect(historyPackage.uri == "\(OCDS.base)/api/v1/ocds/orders/\(order1.id)")
            try OCDS.writeSample(history, name: "order-paid")
            let competitionHistory = try await OCDS.get(client, "/api/v1/ocds/orders/\(competitionOrder.id)")
            #expect(try OCDS.package(competitionHistory).releases.count == 2)
            try OCDS.writeSample(competitionHistory, name: "order-competition")
            let acceptedOnly = try await OCDS.get(client, "/api/v1/ocds/orders/\(order2.id)")
            #expect(try OCDS.package(acceptedOnly).releases.map(\.id) == ["\(prefix)\(order2.id)-accepted"])
            try OCDS.writeSample(acceptedOnly, name: "order-accepted")
            for id in [order3.id, UUID().uuidString.lowercased(), "not-an-id"] {
                try ProblemTests.expectProblem(
                    try await OCDS.get(client, "/api/v1/ocds/orders/\(id)"), .notFound, "resource.not_found")
            }

            // The backfill of Schema/0010_ocds.sql (for orders completed before it) derives from the audit rows
            // exactly the rows the live path wrote.
            let migration = try String(
                contentsOf: TestDatabase.schemaDirectory.appendingPathComponent("0010_ocds.sql"), encoding: .utf8)
            let start = try #require(migration.range(of: "SELECT 'order', x.stage"))
            let end = try #require(migration.range(of: ";", range: start.upperBound..<migration.endIndex))
            let backfill = String(migration[start.lowerBound..<end.lowerBound])
            func releases(_ sql: String) async throws -> [String] {
                let text = "r.order_id::text || ' ' || r.stage || ' ' || r.release_date::text"
                let rows = try await fixtures.database.query(
                    PostgresQuery(
                        unsafeSQL: "SELECT \(text) FROM (\(sql)) AS r(kind, stage, order_id, release_date) "
                            + "ORDER BY r.release_date"),
                    logger: TestDatabase.logger)
                var result: [String] = []
                for try await text in rows.decode(String.self) { result.append(text) }
                return result
            }
            let live = try await releases("SELECT kind, stage, order_id, release_date FROM ocds_releases ORDER BY seq")
            #expect(live.count == 5)
            #expect(try await releases(backfill) == live)
        }
    }

    @Test("a release recorded after another is never dated before it, so polling with since= loses nothing")
    func sinceNeverLoses() async throws {
        try await withApp(config: OCDS.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listing = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver)
            var orders: [Orders.Order] = []
            for _ in 0..<2 {
                let placement = try await Orders.placeQuoted(
                    client, token: cast.buyer, lines: [(listing.id, 1)], budgetLineId: budget.id)
                orders.append(try #require(placement.orders.first))
            }
            // Order 1 is accepted at 10:00; a client polls and sees it.
            fixtures.clock.advance(by: Self.hour)
            let first = try await OCDS.accept(client, orders[0], cast: cast, supplier: cast.supplierA)
            let seen = try await OCDS.package(OCDS.get(client, "/api/v1/ocds/releases")).releases
            #expect(seen.map(\.date) == ["2026-03-02T10:00:00+08:00"])
            // Order 2's acceptance carries an earlier instant (another server's clock, or a request that
            // started first and committed later): it is dated as the latest release, never before it.
            fixtures.clock.advance(by: -Self.hour / 2)
            let second = try await OCDS.accept(client, orders[1], cast: cast, supplier: cast.supplierA)
            let latest = seen[0].date.replacingOccurrences(of: "+", with: "%2B")
            let poll = try await OCDS.package(OCDS.get(client, "/api/v1/ocds/releases?since=\(latest)"))
            #expect(
                poll.releases.map(\.id) == [
                    "ocds-g0vm11-order-\(first.id)-accepted", "ocds-g0vm11-order-\(second.id)-accepted",
                ])
            #expect(poll.releases.map(\.date) == ["2026-03-02T10:00:00+08:00", "2026-03-02T10:00:00+08:00"])
        }
    }

    @Test("concurrent writers record releases in feed order; a release that cannot be built answers 500")
    func concurrentWriters() async throws {
        try await withApp(config: OCDS.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listing = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver)
            var ids: [ID<Order>] = []
            for _ in 0..<10 {
                let placement = try await Orders.placeQuoted(
                    client, token: cast.buyer, lines: [(listing.id, 1)], budgetLineId: budget.id)
                let order = try #require(placement.orders.first)
                ids.append(try #require(ID<Order>(order.id)))
            }
            // 20 transactions with scattered instants, each holding on a little after its insert, as a
            // transition does before it commits.
            let start = fixtures.clock.now
            let database = fixtures.database
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, id) in ids.enumerated() {
                    for stage in OpenDataStore.OrderStage.allCases {
                        let now = start.addingTimeInterval(Double((index * 7 + (stage == .paid ? 3 : 0)) % 11))
                        group.addTask {
                            try await database.transaction(logger: TestDatabase.logger) { conn in
                                try await OpenDataStore.recordOrderRelease(
                                    orderID: id, stage: stage, now: now, on: conn, logger: TestDatabase.logger)
                                try await conn.query("SELECT pg_sleep(random() * 0.01)", logger: TestDatabase.logger)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await database.query(
                "SELECT seq, release_date FROM ocds_releases ORDER BY seq LIMIT 100", logger: TestDatabase.logger)
            var dates: [Date] = []
            for try await (_, date) in rows.decode((Int64, Date).self) { dates.append(date) }
            #expect(dates.count == 20)
            #expect(dates == dates.sorted(), "a later position never has an earlier date")
            // These orders were never confirmed or accepted: their releases cannot be built, a server fault that
            // answers 500 `internal` (and is logged), never a partial package.
            let broken = try await OCDS.get(client, "/api/v1/ocds/releases")
            try ProblemTests.expectProblem(broken, .internalServerError, "internal")
            let brokenOrder = try await OCDS.get(client, "/api/v1/ocds/orders/\(ids[0])")
            try ProblemTests.expectProblem(brokenOrder, .internalServerError, "internal")
        }
    }
}
