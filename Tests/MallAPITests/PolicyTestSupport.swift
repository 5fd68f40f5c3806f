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

    /// Takes a placed order through confirm, ship, deliver, accept and pay (by its supplier `supplier`).
    static func pay(
        _ client: some TestClientProtocol, _ order: Orders.Order, cast: Orders.Cast, supplier: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Orders.Order {
        let confirmed = try await Orders.step(client, "confirm", order, token: supplier, sourceLocation: sourceLocation)
        let shipped = try await Orders.step(client, "ship", confirmed, token: supplier, sourceLocation: sourceLocation)
        let delivered = try await Orders.step(
            client, "deliver", shipped, token: cast.buyer, body: [String: Any](), sourceLocation: sourceLocation)
        let accepted = try await Orders.step(
            client, "accept", delivered, token: cast.approver, body: ["acceptorName": "王老师", "result": "passed"],
            sourceLocation: sourceLocation)
        return try await Orders.step(
            client, "pay", accepted, token: cast.buyer, body: ["amountFen": accepted.totalFen],
            sourceLocation: sourceLocation)
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
