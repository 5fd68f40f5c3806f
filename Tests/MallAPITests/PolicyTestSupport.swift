import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import PostgresNIO
import Testing

/// Helpers for the policy tests (issue 6): orders taken to paid, report and feed shapes.
enum Policy {
    static let day: TimeInterval = 86_400

    /// Tokens outlive the clock jumps of these tests.
    static let config: AppConfig = {
        var config = testConfig()
        config.tokenLifetime = 400 * day
        return config
    }()

    /// Takes a placed order through confirm, ship, deliver, accept and pay: `unit` is a token of the buying unit
    /// with the buyer and approver roles (or `nil` for the fixture cast's buyer-a and approver-a).
    static func pay(
        _ client: some TestClientProtocol, _ order: Orders.Order, cast: Orders.Cast, supplier: String,
        unit: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Orders.Order {
        let confirmed = try await Orders.step(client, "confirm", order, token: supplier, sourceLocation: sourceLocation)
        let shipped = try await Orders.step(client, "ship", confirmed, token: supplier, sourceLocation: sourceLocation)
        return try await payShipped(client, shipped, cast: cast, unit: unit, sourceLocation: sourceLocation)
    }

    /// Delivers, accepts and pays a shipped order.
    static func payShipped(
        _ client: some TestClientProtocol, _ shipped: Orders.Order, cast: Orders.Cast, unit: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Orders.Order {
        let delivered = try await Orders.step(
            client, "deliver", shipped, token: unit ?? cast.buyer, body: [String: Any](), sourceLocation: sourceLocation)
        let accepted = try await Orders.step(
            client, "accept", delivered, token: unit ?? cast.approver, body: ["acceptorName": "王老师", "result": "passed"],
            sourceLocation: sourceLocation)
        let paid = try await Orders.step(
            client, "pay", accepted, token: unit ?? cast.buyer, body: ["amountFen": accepted.totalFen],
            sourceLocation: sourceLocation)
        #expect(paid.state == "paid", sourceLocation: sourceLocation)
        return paid
    }

    /// An approved listing: no tiers and no fees unless given, delivering to Beijing and Yunnan; `certificates`
    /// as `(kind, validUntil)` pairs.
    static func listing(
        _ client: some TestClientProtocol, supplier: String, ops: String, title: String, model: String,
        category: String, priceFen: Int, unit: String = "台", certificates: [(String, String)] = [],
        fees: [[String: Any]] = [], stock: Int = 1_000, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Catalog.Listing {
        let body = Catalog.listingBody(
            title: title, brand: "测试", model: model, priceFen: priceFen, category: category,
            extra: [
                "unit": unit, "tiers": [Any](), "fees": fees, "stock": stock, "deliveryRegions": ["110000", "530000"],
                "specs": ["型号": model],
                "greenCertificates": certificates.enumerated().map { index, certificate in
                    [
                        "kind": certificate.0, "certifier": "中国质量认证中心", "number": "CQC-\(model)-\(index)",
                        "validUntil": certificate.1,
                    ]
                },
            ])
        return try await Catalog.approved(client, supplier: supplier, operatorToken: ops, body: body)
    }

    /// Quotes and places a cart for a unit (201 expected); the orders, one per supplier, in the request's order.
    static func buy(
        _ client: some TestClientProtocol, token: String, budget: Orders.BudgetLine, lines: [(Catalog.Listing, Int)],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [Orders.Order] {
        try await Orders.placeQuoted(
            client, token: token, lines: lines.map { ($0.0.id, $0.1) }, budgetLineId: budget.id,
            sourceLocation: sourceLocation
        ).orders
    }

    /// A GET that must answer 200, decoded.
    static func get<T: Decodable>(
        _ client: some TestClientProtocol, _ uri: String, token: String, as type: T.Type,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> T {
        let response = try await client.get(uri, token: token)
        #expect(response.status == .ok, "\(uri): \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try response.decode(T.self)
    }

    /// A supplier organisation with one user (role supplier).
    static func supplier(
        _ fixtures: Fixtures, name: String, region: String, size: EnterpriseSize, username: String
    ) async throws -> ID<Organisation> {
        let id = ID<Organisation>(UUID())
        guard let code = RegionCode(region) else { throw DomainError(.configInvalid, "bad region") }
        try await fixtures.accounts.insertOrganisation(
            .init(id: id, kind: .supplier, name: name, regionCode: code, enterpriseSize: size), now: fixtures.clock.now,
            logger: TestDatabase.logger)
        let hash = try await PasswordHasher(cost: 4).hash(Fixtures.password)
        try await fixtures.accounts.insertUser(
            .init(
                id: ID(UUID()), organisationID: id, username: username, displayName: username, passwordHash: hash,
                roles: [.supplier]), now: fixtures.clock.now, logger: TestDatabase.logger)
        return id
    }

    /// The problem of a response, checked against the expected status and code.
    @discardableResult
    static func expectProblem(
        _ response: TestResponse, _ status: HTTPResponse.Status, _ code: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProblemBody {
        #expect(response.status == status, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        #expect(
            response.headers[.contentType]?.hasPrefix("application/problem+json") == true, sourceLocation: sourceLocation)
        let problem = try response.problem()
        #expect(problem.code == code, "\(problem.detail)", sourceLocation: sourceLocation)
        return problem
    }

    struct PovertyRow: Decodable {
        var key: String
        var name: String
        var reservedFen: Int64
        var paidFen: Int64
        var shortfallFen: Int64
        var progressBp: Int
    }

    struct PovertyReport: Decodable {
        var period: String
        var groupBy: String
        var povertyListVersion: String
        var rows: [PovertyRow]
        var total: PovertyRow
    }

    struct Trend: Decodable {
        struct Month: Decodable {
            var month: String
            var paidFen: Int64
            var cumulativeFen: Int64
        }
        var reservedFen: Int64
        var paidFen: Int64
        var shortfallFen: Int64
        var months: [Month]
    }

    struct SMERow: Decodable {
        var key: String
        var paidFen: Int64
        var smeFen: Int64
        var smallMicroFen: Int64
        var smeShareBp: Int
        var smallMicroShareBp: Int
    }

    struct SMEReport: Decodable {
        var rows: [SMERow]
        var total: SMERow
    }

    struct GreenRow: Decodable {
        var key: String
        var greenScopeFen: Int64
        var greenFen: Int64
        var greenShareBp: Int
        var meetsTarget: Bool
        var mandatoryFen: Int64
        var mandatoryViolationFen: Int64
    }

    struct GreenReport: Decodable {
        var targetBp: Int
        var rows: [GreenRow]
        var total: GreenRow
    }

    struct Filing: Decodable {
        var id: String
        var unitId: String
        var kind: String
        var reservedFen: Int64
        var state: String
        var late: Bool
        var version: Int
        var reviewerOrgId: String?
        var reviewReason: String?
    }

    struct Record: Decodable {
        var type: String
        var id: String
        var label: String?
    }

    struct Warning: Decodable {
        var id: String
        var kind: String
        var rule: String
        var regionCode: String
        var unitId: String?
        var supplierId: String?
        var occurredAt: Date
        var occurredOn: String
        var amountFen: Int64?
        var message: String
        var records: [Record]
        var details: [String: JSONValue]
    }

    struct Notice: Decodable {
        var id: String
        var orderId: String
        var signedOn: String
        var dueOn: String
        var dueOnProvisional: Bool
        var publishedOn: String?
        var late: Bool
        var daysLate: Int
    }

    struct Refund: Decodable {
        struct Line: Decodable {
            var lineNo: Int
            var amountFen: Int64
        }
        var id: String
        var amountFen: Int64
        var refundedOn: String
        var lines: [Line]
    }

    /// Rows of a query as text lines (`a|b|c`), for comparing result sets.
    static func rows(_ fixtures: Fixtures, _ sql: String) async throws -> [String] {
        let rows = try await fixtures.database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
        var result: [String] = []
        for try await line in rows.decode(String.self) { result.append(line) }
        return result
    }

    /// A new unit (with an approver and a buyer) whose parent is `parent`, in region `region`.
    static func unit(
        _ fixtures: Fixtures, name: String, region: String, parent: ID<Organisation>?, username: String
    ) async throws -> ID<Organisation> {
        let id = ID<Organisation>(UUID())
        guard let code = RegionCode(region) else { throw DomainError(.configInvalid, "bad region") }
        try await fixtures.accounts.insertOrganisation(
            .init(id: id, kind: .unit, name: name, regionCode: code, parentID: parent), now: fixtures.clock.now,
            logger: TestDatabase.logger)
        let hash = try await PasswordHasher(cost: 4).hash(Fixtures.password)
        try await fixtures.accounts.insertUser(
            .init(
                id: ID(UUID()), organisationID: id, username: username, displayName: username, passwordHash: hash,
                roles: [.buyer, .approver]), now: fixtures.clock.now, logger: TestDatabase.logger)
        return id
    }
}
