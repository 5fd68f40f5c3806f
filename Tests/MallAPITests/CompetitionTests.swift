import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

/// Helpers for competition tests.
enum Competitions {
    struct Ranked: Decodable {
        var rank: Int
        var supplierId: String
        var quotedFen: Int64
        var evaluatedFen: Int64
        var deductionApplied: Bool
        var blacklistCheckedAt: String
    }

    struct Excluded: Decodable {
        var supplierId: String
        var code: String
    }

    struct Result: Decodable {
        var smeDeductionBp: Int
        var ranking: [Ranked]
        var exclusions: [Excluded]
    }

    struct Award: Decodable {
        var supplierId: String
        var contractFen: Int64?
        var reason: String?
        var orderId: String?
    }

    struct Competition: Decodable {
        var id: String
        var competitionNo: String
        var state: String
        var version: Int
        var method: String
        var unitId: String
        var totalCeilingFen: Int64
        var budgetLineId: String?
        var result: Result?
        var failureReason: String?
        var award: Award?
    }

    struct Quote: Decodable {
        var id: String
        var supplierId: String
        var sealed: Bool
        var totalFen: Int64?
    }

    struct AwardResponse: Decodable {
        var competition: Competition
        var order: Orders.Order
        var warnings: [Orders.Warning]
    }

    /// Tuesday 2026-03-03 10:00 China time: one working day after the test clock's Monday 09:00, and a bit.
    static let deadline = "2026-03-03T10:00:00+08:00"

    static func body(
        categoryCode: String = "A02021004", quantity: Int = 10, unitCeilingFen: Int = 350_000, budgetLineId: String,
        deadline: String = Competitions.deadline
    ) -> [String: Any] {
        [
            "title": "彩色激光打印机采购", "categoryCode": categoryCode, "specs": ["颜色": "彩色"], "quantity": quantity,
            "unit": "台", "unitCeilingFen": unitCeilingFen, "budgetLineId": budgetLineId, "deadline": deadline,
        ]
    }

    static func post(
        _ client: some TestClientProtocol, token: String, body: [String: Any], key: String? = UUID().uuidString
    ) async throws -> TestResponse {
        try await Catalog.send(client, .post, "/api/v1/competitions", token: token, body: body, idempotencyKey: key)
    }

    /// Posts a competition (201 expected).
    static func posted(
        _ client: some TestClientProtocol, token: String, budgetLineId: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Competition {
        let response = try await post(client, token: token, body: body(budgetLineId: budgetLineId))
        #expect(response.status == .created, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try response.decode(Competition.self)
    }

    static func quote(
        _ client: some TestClientProtocol, _ competition: Competition, token: String, listingId: String,
        totalFen: Int64, manufacturerSize: String? = nil
    ) async throws -> TestResponse {
        var body: [String: Any] = ["listingId": listingId, "totalFen": totalFen]
        if let manufacturerSize { body["manufacturerSize"] = manufacturerSize }
        return try await Catalog.send(
            client, .post, "/api/v1/competitions/\(competition.id)/quotes", token: token, body: body)
    }

    static func get(_ client: some TestClientProtocol, _ id: String, token: String) async throws -> TestResponse {
        try await client.get("/api/v1/competitions/\(id)", token: token)
    }

    static func quotes(_ client: some TestClientProtocol, _ id: String, token: String) async throws -> [Quote] {
        try await client.get("/api/v1/competitions/\(id)/quotes", token: token).decode(Orders.Page<Quote>.self).items
    }

    /// Runs the deadline service's work once, as the service does.
    static func close(_ fixtures: Fixtures) async throws -> CompetitionStore.CloseReport {
        let orders = OrderStore(
            database: fixtures.database, ids: IDGenerator { UUID() }, policy: OrderPolicy(), priceControl: PriceControl())
        let store = CompetitionStore(
            database: fixtures.database, ids: IDGenerator { UUID() }, orders: orders, settings: CompetitionSettings())
        return try await store.closeDue(now: fixtures.clock.now, logger: TestDatabase.logger)
    }

    static func award(
        _ client: some TestClientProtocol, _ competition: Competition, token: String, supplierId: String,
        reason: String? = nil
    ) async throws -> TestResponse {
        var body: [String: Any] = ["supplierId": supplierId]
        if let reason { body["reason"] = reason }
        return try await Catalog.send(
            client, .post, "/api/v1/competitions/\(competition.id)/award", token: token, body: body,
            ifMatch: "\"\(competition.version)\"", idempotencyKey: UUID().uuidString)
    }
}

@Suite("Competitions: sealed quotes, deadline evaluation, SME deduction, blacklists, award (issue 4 point 8, §K)")
struct CompetitionTests {
    static let hour: TimeInterval = 3_600

    /// Long-lived tokens: these tests move the clock past deadlines.
    static let config: AppConfig = {
        var config = testConfig()
        config.tokenLifetime = 40 * 86_400
        return config
    }()

    @Test("§K1 §K2 §P5 quotes sealed until the deadline; a micro supplier wins on evaluated price and is paid its quote")
    func sealedEvaluationAndAward() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listingA = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, stock: 50)
            let listingB = try await Orders.listing(
                client, supplier: cast.supplierB, ops: cast.ops, stock: 50, model: "HT-200")
            let budget = try await Orders.budget(client, approver: cast.approver)
            let competition = try await Competitions.posted(client, token: cast.buyer, budgetLineId: budget.id)
            #expect(competition.state == "open" && competition.method == "mall")
            #expect(competition.totalCeilingFen == 3_500_000)

            // §K1: above the ceiling (350 000 × 10) is refused; another supplier's listing is not eligible.
            let above = try await Competitions.quote(
                client, competition, token: cast.supplierA, listingId: listingA.id, totalFen: 3_500_001)
            #expect(above.status == .unprocessableContent)
            #expect(try above.problem().code == "competition.quote_above_ceiling")
            let foreign = try await Competitions.quote(
                client, competition, token: cast.supplierA, listingId: listingB.id, totalFen: 3_000_000)
            #expect(try foreign.problem().code == "competition.listing_not_eligible")

            let quoteA = try await Competitions.quote(
                client, competition, token: cast.supplierA, listingId: listingA.id, totalFen: 3_000_000)
            #expect(quoteA.status == .created, "\(String(buffer: quoteA.body))")
            let quoteB = try await Competitions.quote(
                client, competition, token: cast.supplierB, listingId: listingB.id, totalFen: 3_200_000,
                manufacturerSize: "micro")
            #expect(quoteB.status == .created, "\(String(buffer: quoteB.body))")

            // Sealed: before the deadline each supplier sees only its own; the unit and the operator see none.
            let ownA = try await Competitions.quotes(client, competition.id, token: cast.supplierA)
            #expect(ownA.count == 1 && ownA[0].supplierId == fixtures.supplierA.description && ownA[0].totalFen == 3_000_000)
            #expect(try await Competitions.quotes(client, competition.id, token: cast.buyer).isEmpty)
            #expect(try await Competitions.quotes(client, competition.id, token: cast.ops).isEmpty)
            #expect(try await Competitions.close(fixtures) == .init())  // not due yet

            // The deadline passes; late quotes are refused; the service evaluates.
            fixtures.clock.advance(by: 26 * Self.hour)  // Tuesday 11:00
            let late = try await Competitions.quote(
                client, competition, token: cast.supplierA, listingId: listingA.id, totalFen: 2_000_000)
            #expect(late.status == .conflict)
            #expect(try late.problem().code == "competition.closed")
            #expect(try await Competitions.close(fixtures) == .init(evaluated: 1))

            let evaluated = try await Competitions.get(client, competition.id, token: cast.buyer)
                .decode(Competitions.Competition.self)
            #expect(evaluated.state == "evaluated")
            let ranking = try #require(evaluated.result?.ranking)
            // 3 200 000 × 90 % = 2 880 000 < 3 000 000: the micro supplier ranks first.
            #expect(ranking.map(\.supplierId) == [fixtures.supplierB.description, fixtures.supplierA.description])
            #expect(ranking[0].quotedFen == 3_200_000 && ranking[0].evaluatedFen == 2_880_000 && ranking[0].deductionApplied)
            #expect(ranking[1].evaluatedFen == 3_000_000 && !ranking[1].deductionApplied)
            // Unsealed now for the unit.
            let visible = try await Competitions.quotes(client, competition.id, token: cast.buyer)
            #expect(visible.count == 2 && visible.allSatisfy { !$0.sealed && $0.totalFen != nil })

            // Award rank 1: the order is at the quoted 3 200 000, not the evaluated price.
            let response = try await Competitions.award(
                client, evaluated, token: cast.buyer, supplierId: fixtures.supplierB.description)
            #expect(response.status == .created, "\(String(buffer: response.body))")
            let award = try response.decode(Competitions.AwardResponse.self)
            #expect(award.competition.state == "awarded" && award.competition.award?.contractFen == 3_200_000)
            #expect(award.order.totalFen == 3_200_000 && award.order.supplierId == fixtures.supplierB.description)
            let line = try #require(award.order.lines?.first)
            #expect(line.quantity == 10 && line.lineAmountFen == 3_200_000 && line.unitPriceFen == 320_000)
            #expect(line.steps.map(\.reason) == ["base_price", "competition_quote", "line_amount"])
            let order = try await client.get("/api/v1/orders/\(award.order.id)", token: cast.supplierB)
            #expect(order.status == .ok)
            // The order pipeline ran: stock taken, budget reserved.
            let listing = try await client.get("/api/v1/listings/\(listingB.id)", token: cast.supplierB)
                .decode(StockBody.self)
            #expect(listing.stock == 40)
            let budgets = try await client.get("/api/v1/budget-lines", token: cast.approver)
                .decode(Orders.Page<Orders.BudgetLine>.self)
            #expect(budgets.items.first { $0.id == budget.id }?.reservedFen == 3_200_000)
            // A second award is an invalid transition.
            let again = try await Competitions.award(
                client, award.competition, token: cast.buyer, supplierId: fixtures.supplierA.description,
                reason: "重复")
            #expect(again.status == .conflict)
            #expect(try again.problem().code == "competition.invalid_transition")
        }
    }

    @Test("§K1 visibility: another unit, another region's regulator and units on blacklists see nothing")
    func visibility() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let competition = try await Competitions.posted(client, token: cast.buyer, budgetLineId: budget.id)
            let buyerB = try await client.login("buyer-b")
            let regYN = try await client.login("reg-yn")
            let regBJ = try await client.login("reg-bj")
            #expect(try await Competitions.get(client, competition.id, token: buyerB).status == .notFound)
            #expect(try await Competitions.get(client, competition.id, token: regYN).status == .notFound)
            #expect(try await Competitions.get(client, competition.id, token: regBJ).status == .ok)
            let asSupplier = try await Competitions.get(client, competition.id, token: cast.supplierA)
                .decode(Competitions.Competition.self)
            #expect(asSupplier.budgetLineId == nil)
            let listB = try await client.get("/api/v1/competitions", token: buyerB)
                .decode(Orders.Page<Competitions.Competition>.self)
            #expect(listB.items.isEmpty)
            let listA = try await client.get("/api/v1/competitions?state=open&category=A02", token: cast.buyer)
                .decode(Orders.Page<Competitions.Competition>.self)
            #expect(listA.items.map(\.id) == [competition.id])
            let supplierList = try await client.get("/api/v1/competitions", token: cast.supplierB)
                .decode(Orders.Page<Competitions.Competition>.self)
            #expect(supplierList.items.map(\.id) == [competition.id])
            // Roles: a supplier cannot post, a unit cannot quote, a unit cannot read blacklists.
            let bySupplier = try await Competitions.post(
                client, token: cast.supplierA, body: Competitions.body(budgetLineId: budget.id))
            #expect(bySupplier.status == .forbidden)
            let byUnit = try await Catalog.send(
                client, .post, "/api/v1/competitions/\(competition.id)/quotes", token: cast.buyer,
                body: ["listingId": UUID().uuidString, "totalFen": 1])
            #expect(byUnit.status == .forbidden)
            let blacklist = try await client.get(
                "/api/v1/suppliers/\(fixtures.supplierA)/blacklist-entries", token: cast.buyer)
            #expect(blacklist.status == .notFound)
            let otherSupplier = try await client.get(
                "/api/v1/suppliers/\(fixtures.supplierA)/blacklist-entries", token: cast.supplierB)
            #expect(otherSupplier.status == .notFound)
        }
    }

    @Test("§K1 §W1 the deadline leaves the minimum response time in working days; holidays count, 2027 is flagged")
    func deadlines() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let budget = try await Orders.budget(client, approver: cast.approver)
            // Monday 09:00: the same day is too early, Tuesday 09:00 is the earliest.
            let sameDay = try await Competitions.post(
                client, token: cast.buyer,
                body: Competitions.body(budgetLineId: budget.id, deadline: "2026-03-02T17:00:00+08:00"))
            #expect(sameDay.status == .unprocessableContent)
            #expect(try sameDay.problem().code == "competition.deadline_too_early")
            let earliest = try await Competitions.post(
                client, token: cast.buyer,
                body: Competitions.body(budgetLineId: budget.id, deadline: "2026-03-03T09:00:00+08:00"))
            #expect(earliest.status == .created)
            // Friday 2026-04-03 before 清明 (04-04…04-06 off): one working day is Tuesday 04-07.
            fixtures.clock.advance(by: 32 * 86_400)
            let holiday = try await Competitions.post(
                client, token: cast.buyer,
                body: Competitions.body(budgetLineId: budget.id, deadline: "2026-04-06T12:00:00+08:00"))
            #expect(try holiday.problem().code == "competition.deadline_too_early")
            let afterHoliday = try await Competitions.post(
                client, token: cast.buyer,
                body: Competitions.body(budgetLineId: budget.id, deadline: "2026-04-07T09:00:00+08:00"))
            #expect(afterHoliday.status == .created)
            let unknownYear = try await Competitions.post(
                client, token: cast.buyer,
                body: Competitions.body(budgetLineId: budget.id, deadline: "2027-01-05T09:00:00+08:00"))
            #expect(try unknownYear.problem().code == "calendar.year_not_loaded")
            // Bad input: not a leaf, a works category, no idempotency key, a ceiling above the budget.
            let notLeaf = try await Competitions.post(
                client, token: cast.buyer, body: Competitions.body(categoryCode: "A02", budgetLineId: budget.id,
                                                                   deadline: "2026-04-08T09:00:00+08:00"))
            #expect(notLeaf.status == .unprocessableContent)
            let noKey = try await Competitions.post(
                client, token: cast.buyer, body: Competitions.body(budgetLineId: budget.id), key: nil)
            #expect(noKey.status == .badRequest)
            let small = try await Orders.budget(client, approver: cast.approver, amountFen: 1_000_000)
            let overBudget = try await Competitions.post(
                client, token: cast.buyer,
                body: Competitions.body(budgetLineId: small.id, deadline: "2026-04-08T09:00:00+08:00"))
            #expect(try overBudget.problem().code == "order.over_budget")
        }
    }

    @Test("§K3 a blacklisted supplier is excluded at the deadline and cannot be awarded after; rank 2 needs a reason")
    func blacklists() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listingA = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, stock: 50)
            let listingB = try await Orders.listing(
                client, supplier: cast.supplierB, ops: cast.ops, stock: 50, model: "HT-200")
            let budget = try await Orders.budget(client, approver: cast.approver)

            // Competition 1: supplier B (cheapest) is blacklisted before the deadline and excluded.
            let first = try await Competitions.posted(client, token: cast.buyer, budgetLineId: budget.id)
            _ = try await Competitions.quote(client, first, token: cast.supplierA, listingId: listingA.id, totalFen: 3_000_000)
            _ = try await Competitions.quote(
                client, first, token: cast.supplierB, listingId: listingB.id, totalFen: 2_000_000,
                manufacturerSize: "micro")
            let entry = try await Catalog.send(
                client, .post, "/api/v1/suppliers/\(fixtures.supplierB)/blacklist-entries", token: cast.ops,
                body: ["list": "major_tax_violation", "reference": "税务稽查 2026-017", "listedOn": "2026-03-02"])
            #expect(entry.status == .created, "\(String(buffer: entry.body))")
            let byUnit = try await Catalog.send(
                client, .post, "/api/v1/suppliers/\(fixtures.supplierB)/blacklist-entries", token: cast.buyer,
                body: ["list": "major_tax_violation", "reference": "x", "listedOn": "2026-03-02"])
            #expect(byUnit.status == .forbidden)
            fixtures.clock.advance(by: 26 * Self.hour)
            #expect(try await Competitions.close(fixtures) == .init(evaluated: 1))
            let closed = try await Competitions.get(client, first.id, token: cast.buyer).decode(Competitions.Competition.self)
            #expect(closed.result?.ranking.map(\.supplierId) == [fixtures.supplierA.description])
            #expect(closed.result?.exclusions.map(\.code) == ["competition.blacklisted"])
            // The supplier B itself quoted, so it sees the result too; its own listing of entries shows the entry.
            let entries = try await client.get(
                "/api/v1/suppliers/\(fixtures.supplierB)/blacklist-entries", token: cast.supplierB)
            #expect(entries.status == .ok)

            // Lift the entry; competition 2: B ranks first, then is blacklisted again before the award.
            let entryID = try entry.decode(IDBody.self).id
            let lift = try await Catalog.send(
                client, .post, "/api/v1/suppliers/\(fixtures.supplierB)/blacklist-entries/\(entryID)/lift",
                token: cast.ops, body: ["reason": "已履行"])
            #expect(lift.status == .ok)
            let liftAgain = try await Catalog.send(
                client, .post, "/api/v1/suppliers/\(fixtures.supplierB)/blacklist-entries/\(entryID)/lift",
                token: cast.ops, body: ["reason": "已履行"])
            #expect(liftAgain.status == .conflict)
            let secondResponse = try await Competitions.post(
                client, token: cast.buyer,
                body: Competitions.body(budgetLineId: budget.id, deadline: "2026-03-04T12:00:00+08:00"))
            let second = try secondResponse.decode(Competitions.Competition.self)
            _ = try await Competitions.quote(client, second, token: cast.supplierA, listingId: listingA.id, totalFen: 3_000_000)
            _ = try await Competitions.quote(
                client, second, token: cast.supplierB, listingId: listingB.id, totalFen: 2_000_000,
                manufacturerSize: "micro")
            fixtures.clock.advance(by: 26 * Self.hour)  // Wednesday 12:00
            #expect(try await Competitions.close(fixtures) == .init(evaluated: 1))
            let evaluated = try await Competitions.get(client, second.id, token: cast.buyer)
                .decode(Competitions.Competition.self)
            #expect(evaluated.result?.ranking.first?.supplierId == fixtures.supplierB.description)
            _ = try await Catalog.send(
                client, .post, "/api/v1/suppliers/\(fixtures.supplierB)/blacklist-entries", token: cast.ops,
                body: ["list": "dishonest_judgment_debtor", "reference": "(2026)京0101执123号", "listedOn": "2026-03-04"])
            let refused = try await Competitions.award(
                client, evaluated, token: cast.buyer, supplierId: fixtures.supplierB.description)
            #expect(refused.status == .conflict)
            #expect(try refused.problem().code == "competition.supplier_blacklisted")
            let noReason = try await Competitions.award(
                client, evaluated, token: cast.buyer, supplierId: fixtures.supplierA.description)
            #expect(try noReason.problem().code == "competition.award_reason_required")
            let stale = try await Catalog.send(
                client, .post, "/api/v1/competitions/\(second.id)/award", token: cast.buyer,
                body: ["supplierId": fixtures.supplierA.description, "reason": "第一名失信"], ifMatch: "\"1\"")
            #expect(stale.status == .preconditionFailed)
            let awarded = try await Competitions.award(
                client, evaluated, token: cast.buyer, supplierId: fixtures.supplierA.description,
                reason: "第一名被列入失信被执行人名单")
            #expect(awarded.status == .created, "\(String(buffer: awarded.body))")
            #expect(try awarded.decode(Competitions.AwardResponse.self).order.totalFen == 3_000_000)
        }
    }

    @Test("§K2 no quote: the competition fails; the unit cancels another before its deadline, which then takes no quote")
    func failedAndCancelled() async throws {
        try await withApp(config: Self.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listingA = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let budget = try await Orders.budget(client, approver: cast.approver)
            let empty = try await Competitions.posted(client, token: cast.buyer, budgetLineId: budget.id)
            let toCancel = try await Competitions.posted(client, token: cast.buyer, budgetLineId: budget.id)
            let noReason = try await Catalog.send(
                client, .post, "/api/v1/competitions/\(toCancel.id)/cancel", token: cast.buyer, body: ["reason": " "],
                ifMatch: "\"1\"")
            #expect(noReason.status == .unprocessableContent)
            let cancelled = try await Catalog.send(
                client, .post, "/api/v1/competitions/\(toCancel.id)/cancel", token: cast.buyer,
                body: ["reason": "需求变更"], ifMatch: "\"1\"")
            #expect(cancelled.status == .ok && cancelled.headers[.eTag] == "\"2\"")
            let quote = try await Competitions.quote(
                client, toCancel, token: cast.supplierA, listingId: listingA.id, totalFen: 1_000_000)
            #expect(try quote.problem().code == "competition.closed")
            fixtures.clock.advance(by: 26 * Self.hour)
            #expect(try await Competitions.close(fixtures) == .init(failed: 1))
            let failed = try await Competitions.get(client, empty.id, token: cast.buyer).decode(Competitions.Competition.self)
            #expect(failed.state == "failed" && failed.failureReason == "no quote was submitted")
        }
    }
}

/// A listing's stock.
struct StockBody: Decodable {
    var stock: Int
}

/// A body with an `id`.
struct IDBody: Decodable {
    var id: String
}
