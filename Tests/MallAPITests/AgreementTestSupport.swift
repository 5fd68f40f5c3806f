import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

/// Helpers for framework-agreement API tests (DOMAIN.md §F): bodies, lifecycle steps, stage 1 and the decoded
/// responses.
enum Agreements {
    // MARK: - Decoded responses

    struct Agreement: Decodable {
        var id: String
        var agreementNo: String
        var title: String
        var subject: String
        var kind: String
        var state: String
        var version: Int
        var evaluated: Bool
        var allowedActions: [String]
        var lots: [Lot]
        var stageTwo: StageTwo
        var regions: [String]
        var terminatedReason: String?
        var activatedAt: Date?
    }

    struct Lot: Decodable {
        var number: Int
        var categoryCode: String
        var maxUnitPriceFen: Int64
        var volumeTiers: [Tier]
    }

    struct Tier: Decodable {
        var minQuantity: Int64
        var unitPriceFen: Int64
    }

    struct StageTwo: Decodable {
        var method: String
        var thresholdFen: Int64?
        var aboveMethod: String?
    }

    struct StageOneResponse: Decodable {
        var id: String
        var lotNo: Int
        var supplierId: String
        var listingId: String
        var unitPriceFen: Int64
        var supplierSize: String?
        var manufacturerSize: String?
    }

    struct Results: Decodable {
        struct Lot: Decodable {
            var lotNo: Int
            var validBids: Int
            var admitted: Int
            var ranking: [Entry]
        }

        struct Entry: Decodable {
            var rank: Int
            var supplierId: String
            var unitPriceFen: Int64
            var evaluatedFen: Int64
            var deductionApplied: Bool
            var score: Int?
            var admitted: Bool
        }

        var published: Bool
        var lots: [Lot]
    }

    struct Member: Decodable {
        var id: String
        var lotNo: Int
        var supplierId: String
        var listingId: String
        var agreedPriceFen: Int64
        var admittedPriceFen: Int64
        var status: String
        var admittedVia: String
        var rotationPosition: Int
        var statusReason: String?
        var removalCause: String?
        var version: Int
    }

    struct Replacement: Decodable {
        var id: String
        var memberId: String
        var supplierId: String
        var newListingId: String
        var newPriceFen: Int64
        var status: String
    }

    struct Call: Decodable {
        var id: String
        var lotNo: Int
        var state: String
    }

    struct Application: Decodable {
        var id: String
        var lotNo: Int
        var callId: String?
        var supplierId: String
        var status: String
    }

    struct Rotation: Decodable {
        struct Slot: Decodable {
            var supplierId: String
            var status: String
            var awardedInCycle: Bool
        }

        var lotNo: Int
        var cycle: Int
        var order: [Slot]
    }

    struct Skip: Decodable {
        var id: String
        var agreementId: String
        var orderId: String
        var supplierId: String
        var unitId: String
        var regionCode: String
        var cycle: Int
        var reason: String
    }

    struct Offer: Decodable {
        var agreementId: String
        var agreementNo: String
        var lot: Lot
        var member: Member
    }

    struct StageTwoOrder: Decodable {
        struct Selection: Decodable {
            var reason: String
            var note: String
        }

        struct Skipped: Decodable {
            var supplierId: String
            var reason: String
        }

        struct Allocation: Decodable {
            var cycle: Int
            var position: Int
            var skipped: [Skipped]
        }

        var agreementId: String
        var lotNo: Int
        var method: String
        var supplierId: String
        var memberId: String
        var agreedPriceFen: Int64
        var selection: Selection?
        var allocation: Allocation?
        var placement: Orders.Placement
    }

    // MARK: - Bodies

    /// A lot of A4 colour printers (A02021004, the leaf the catalog helpers list under): max 4 000 yuan, a
    /// volume tier of 2 800 yuan from 10 units (§P3).
    static func lot(
        number: Int = 1, category: String = "A02021004", maxFen: Int64 = 400_000,
        tiers: [(Int64, Int64)] = [(10, 280_000)]
    ) -> [String: Any] {
        [
            "number": number, "name": "A4彩色打印机", "categoryCode": category, "maxUnitPriceFen": maxFen,
            "volumeTiers": tiers.map { ["minQuantity": $0.0, "unitPriceFen": $0.1] }, "estimatedQuantity": 500,
            "specs": ["幅面": "A4"],
        ]
    }

    /// A goods agreement for Beijing (110000), term 2026-03-01 … 2027-02-28 (the test clock starts on
    /// 2026-03-02), closed with a 20 % elimination rate, price priority, direct selection.
    static func body(
        kind: String = "closed", subject: String = "goods", lots: [[String: Any]] = [lot()],
        evaluation: String = "price_priority", stageTwo: [String: Any] = ["method": "direct_selection"],
        termEnd: String = "2027-02-28", regions: [String] = ["110000"], extra: [String: Any] = [:]
    ) -> [String: Any] {
        var body: [String: Any] = [
            "title": "2026年A4彩色打印机框架协议", "subject": subject, "kind": kind, "termStart": "2026-03-01",
            "termEnd": termEnd, "lots": lots, "evaluation": evaluation, "eliminationRateBp": 2_000,
            "stageTwo": stageTwo, "regions": regions,
        ]
        for (key, value) in extra { body[key] = value }
        return body
    }

    // MARK: - Calls

    /// `POST /api/v1/agreements` (201 expected).
    static func create(
        _ client: some TestClientProtocol, ops: String, body: [String: Any] = body(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Agreement {
        let response = try await Catalog.send(client, .post, "/api/v1/agreements", token: ops, body: body)
        #expect(response.status == .created, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try response.decode(Agreement.self)
    }

    /// `POST /api/v1/agreements/{id}/{action}` with the agreement's version as If-Match.
    static func act(
        _ client: some TestClientProtocol, _ action: String, _ agreement: Agreement, token: String,
        body: [String: Any]? = nil
    ) async throws -> TestResponse {
        try await Catalog.send(
            client, .post, "/api/v1/agreements/\(agreement.id)/\(action)", token: token, body: body,
            ifMatch: "\"\(agreement.version)\"")
    }

    /// A lifecycle step that must succeed (200); returns the agreement after it.
    static func step(
        _ client: some TestClientProtocol, _ action: String, _ agreement: Agreement, token: String,
        body: [String: Any]? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Agreement {
        let response = try await act(client, action, agreement, token: token, body: body)
        #expect(response.status == .ok, "\(action): \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try response.decode(Agreement.self)
    }

    /// A stage-1 response (`POST …/responses`).
    static func respond(
        _ client: some TestClientProtocol, _ agreement: Agreement, token: String, listing: String, priceFen: Int64,
        lot: Int = 1, manufacturerSize: String? = nil
    ) async throws -> TestResponse {
        var body: [String: Any] = ["lotNo": lot, "listingId": listing, "unitPriceFen": priceFen]
        if let manufacturerSize { body["manufacturerSize"] = manufacturerSize }
        return try await Catalog.send(
            client, .post, "/api/v1/agreements/\(agreement.id)/responses", token: token, body: body)
    }

    /// The members of an agreement, by lot and rotation position.
    static func members(_ client: some TestClientProtocol, _ agreement: Agreement, token: String) async throws
        -> [Member]
    {
        let response = try await client.get("/api/v1/agreements/\(agreement.id)/members", token: token)
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try response.decode(Orders.Page<Member>.self).items
    }

    /// A member step (`price`, `withdraw`, `remove`, …) with the member's version as If-Match.
    static func memberStep(
        _ client: some TestClientProtocol, _ step: String, _ member: Member, agreement: Agreement, token: String,
        body: [String: Any]? = nil, version: Int? = nil
    ) async throws -> TestResponse {
        try await Catalog.send(
            client, .post, "/api/v1/agreements/\(agreement.id)/members/\(member.id)/\(step)", token: token,
            body: body, ifMatch: "\"\(version ?? member.version)\"")
    }

    /// `POST /api/v1/agreements/{id}/orders` with a fresh idempotency key unless one is given.
    static func order(
        _ client: some TestClientProtocol, _ agreement: Agreement, token: String, body: [String: Any],
        key: String? = UUID().uuidString
    ) async throws -> TestResponse {
        try await Catalog.send(
            client, .post, "/api/v1/agreements/\(agreement.id)/orders", token: token, body: body, idempotencyKey: key)
    }

    /// A direct-selection order body (DOMAIN.md §F6).
    static func directSelection(
        supplier: String, quantity: Int = 2, budgetLine: String, reason: String = "price", lot: Int = 1
    ) -> [String: Any] {
        [
            "lotNo": lot, "quantity": quantity, "budgetLineId": budgetLine,
            "selection": ["supplierId": supplier, "reason": reason, "note": "报价最低，售后网点就近"],
        ]
    }

    // MARK: - Cast and setup

    /// A supplier taking part: its organisation id, its token and its approved listing in the lot's category.
    struct Bidder {
        var org: String
        var token: String
        var listing: String
    }

    /// One more supplier organisation in Beijing with a user `username` (password `Test-password-1`), signed in.
    static func supplier(
        _ client: some TestClientProtocol, _ fixtures: Fixtures, username: String, name: String,
        size: EnterpriseSize = .medium
    ) async throws -> (org: String, token: String) {
        let org: ID<Organisation> = ID(UUID())
        guard let region = RegionCode("110105") else { throw DomainError(.configInvalid, "bad fixture region") }
        _ = try await fixtures.accounts.insertOrganisation(
            .init(id: org, kind: .supplier, name: name, regionCode: region, enterpriseSize: size),
            now: fixtures.clock.now, logger: TestDatabase.logger)
        let hash = try await PasswordHasher(cost: 4).hash(Fixtures.password)
        _ = try await fixtures.accounts.insertUser(
            .init(
                id: ID(UUID()), organisationID: org, username: username, displayName: username, passwordHash: hash,
                roles: [.supplier]), now: fixtures.clock.now, logger: TestDatabase.logger)
        return (org.description, try await client.login(username))
    }

    /// A bidder with an approved listing (price 3 299 yuan, stock as given, delivering to Beijing).
    static func bidder(
        _ client: some TestClientProtocol, org: String, token: String, ops: String, model: String, stock: Int = 50
    ) async throws -> Bidder {
        let listing = try await Orders.listing(client, supplier: token, ops: ops, stock: stock, model: model)
        return Bidder(org: org, token: token, listing: listing.id)
    }

    /// Runs an agreement from draft to active: open, one response per bidder at its price (with its
    /// manufacturer's size), close, evaluate (`evaluation` as the body), activate.
    static func activate(
        _ client: some TestClientProtocol, ops: String, body: [String: Any] = body(),
        bids: [(Bidder, Int64, String?)], evaluation: [String: Any]? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Agreement {
        var agreement = try await create(client, ops: ops, body: body, sourceLocation: sourceLocation)
        agreement = try await step(client, "open", agreement, token: ops, sourceLocation: sourceLocation)
        for (bidder, price, manufacturer) in bids {
            let response = try await respond(
                client, agreement, token: bidder.token, listing: bidder.listing, priceFen: price,
                manufacturerSize: manufacturer)
            #expect(response.status == .created, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        }
        agreement = try await step(client, "close", agreement, token: ops, sourceLocation: sourceLocation)
        agreement = try await step(
            client, "evaluate", agreement, token: ops, body: evaluation, sourceLocation: sourceLocation)
        return try await step(client, "activate", agreement, token: ops, sourceLocation: sourceLocation)
    }

    /// The usual cast of agreement tests: the fixture users plus a third supplier (medium, Beijing), each
    /// supplier with an approved printer listing.
    struct World {
        var cast: Orders.Cast
        var a: Bidder
        var b: Bidder
        var c: Bidder
        var budget: Orders.BudgetLine
    }

    static func world(_ client: some TestClientProtocol, _ fixtures: Fixtures) async throws -> World {
        let cast = try await Orders.Cast.login(client)
        let c = try await supplier(client, fixtures, username: "sup-c", name: "中关村办公设备")
        return World(
            cast: cast,
            a: try await bidder(
                client, org: fixtures.supplierA.description, token: cast.supplierA, ops: cast.ops, model: "A-100"),
            b: try await bidder(
                client, org: fixtures.supplierB.description, token: cast.supplierB, ops: cast.ops, model: "B-200"),
            c: try await bidder(client, org: c.org, token: c.token, ops: cast.ops, model: "C-300"),
            budget: try await Orders.budget(client, approver: cast.approver))
    }

    /// Stage 1 of the usual world on a closed price-priority agreement: A bids 3 000 yuan (large), B 3 200 yuan
    /// (micro supplier and manufacturer: evaluated 2 880 after the 10 % deduction), C 3 100 yuan (medium).
    /// Ranking B, A, C; ⌊3 × 0.8⌋ = 2 admitted (B and A); C is eliminated.
    static func standardBids(_ world: World) -> [(Bidder, Int64, String?)] {
        [(world.a, 300_000, "large"), (world.b, 320_000, "micro"), (world.c, 310_000, "medium")]
    }

    /// One integer from SQL.
    static func int(_ fixtures: Fixtures, _ sql: String) async throws -> Int {
        try await Orders.int(fixtures, sql) ?? -1
    }
}
