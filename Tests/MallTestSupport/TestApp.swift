import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MallAPI
import MallCore
import MallStore
import NIOCore
import Prometheus

/// The organisations and users every API test starts with (bcrypt cost 4, so logins are fast).
package struct Fixtures: Sendable {
    package static let password = "Test-password-1"

    package let database: Database
    package let clock: TestClock
    package let accounts: AccountStore

    /// Ids of the fixture organisations.
    package let operatorOrg: ID<Organisation>
    package let regulatorBeijing: ID<Organisation>
    package let regulatorYunnan: ID<Organisation>
    package let unitA: ID<Organisation>
    package let unitB: ID<Organisation>
    package let supplierA: ID<Organisation>
    package let supplierB: ID<Organisation>

    /// Creates the fixture world in the test's own database.
    static func make(database: Database, clock: TestClock) async throws -> Fixtures {
        let ids = IDGenerator { UUID() }
        let accounts = AccountStore(database: database, ids: ids)
        let hash = try await PasswordHasher(cost: 4).hash(password)
        func org(_ kind: OrganisationKind, _ name: String, _ region: String, size: EnterpriseSize? = nil) async throws
            -> ID<Organisation>
        {
            let id: ID<Organisation> = ids.next()
            guard let regionCode = RegionCode(region) else { throw DomainError(.configInvalid, "bad fixture region") }
            try await accounts.insertOrganisation(
                .init(id: id, kind: kind, name: name, regionCode: regionCode, enterpriseSize: size), now: clock.now,
                logger: TestDatabase.logger)
            return id
        }
        func user(_ org: ID<Organisation>, _ username: String, _ roles: [Role]) async throws {
            try await accounts.insertUser(
                .init(id: ids.next(), organisationID: org, username: username, displayName: username, passwordHash: hash,
                      roles: roles), now: clock.now, logger: TestDatabase.logger)
        }
        let operatorOrg = try await org(.operator, "测试采购中心", "110000")
        let regulatorBeijing = try await org(.regulator, "北京市财政局", "110000")
        let regulatorYunnan = try await org(.regulator, "云南省财政厅", "530000")
        let unitA = try await org(.unit, "东城一中", "110101")
        let unitB = try await org(.unit, "文山医院", "532601")
        let supplierA = try await org(.supplier, "京华科技", "110108", size: .large)
        let supplierB = try await org(.supplier, "行唐合作社", "130125", size: .micro)
        try await user(operatorOrg, "ops", [.operator])
        try await user(regulatorBeijing, "reg-bj", [.regulator])
        try await user(regulatorYunnan, "reg-yn", [.regulator])
        try await user(unitA, "buyer-a", [.buyer])
        try await user(unitA, "approver-a", [.approver])
        try await user(unitB, "buyer-b", [.buyer])
        try await user(supplierA, "sup-a", [.supplier])
        try await user(supplierB, "sup-b", [.supplier])
        return Fixtures(
            database: database, clock: clock, accounts: accounts, operatorOrg: operatorOrg,
            regulatorBeijing: regulatorBeijing, regulatorYunnan: regulatorYunnan, unitA: unitA, unitB: unitB,
            supplierA: supplierA, supplierB: supplierB)
    }
}

/// The app configuration tests use: low bcrypt cost, a small body limit, a short lock-out.
package func testConfig() -> AppConfig {
    var config = AppConfig()
    config.bcryptCost = 4
    config.bodyLimitBytes = 64 * 1024
    config.tokenLifetime = 3600
    config.loginThrottle = LoginThrottle(maxFailures: 5, window: 900, lockout: 900)
    return config
}

/// Runs `body` against the real router and a fresh database (SPI's `withSPIApp`, Hummingbird's
/// `app.test(.router)`).
///
/// `onEventLoops` serves it as `govmall serve` does instead: a live HTTP server under ``EventLoopTaskExecutor``,
/// with two ``LoopConnections`` per event loop.
package func withApp(
    config: AppConfig = testConfig(),
    principals: PrincipalCache = PrincipalCache(ttl: 0),
    onEventLoops: Bool = false,
    _ body: @escaping @Sendable (any TestClientProtocol, Fixtures) async throws -> Void
) async throws {
    try await TestDatabase.withDatabase(loopConnections: onEventLoops ? 2 : 0) { database in
        let clock = TestClock()
        let fixtures = try await Fixtures.make(database: database, clock: clock)
        let services = AppServices(
            database: database, now: clock.closure, ids: IDGenerator { UUID() },
            metrics: PrometheusCollectorRegistry(), principals: principals,
            searchIndex: SearchIndex(database: database))
        let router = buildRouter(config: config, services: services)
        // The test database's client is already running; the app runs no services of its own here.
        let app = Application(router: router, server: mallHTTPServer(), logger: TestDatabase.logger)
        if onEventLoops {
            try await withTaskExecutorPreference(EventLoopTaskExecutor()) {
                try await app.test(.live) { client in try await body(client, fixtures) }
            }
        } else {
            try await app.test(.router) { client in
                try await body(client, fixtures)
            }
        }
    }
}

extension TestClientProtocol {
    /// Signs in and returns the bearer token.
    package func login(_ username: String, password: String = Fixtures.password) async throws -> String {
        let response = try await execute(
            uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        guard response.status == .created else {
            throw DomainError(.invalidCredentials, "login of \(username) answered \(response.status)")
        }
        return try JSONDecoder().decode(TokenBody.self, from: Data(response.body.readableBytesView)).token
    }

    /// A GET with a bearer token.
    package func get(_ uri: String, token: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .get, headers: headers, body: nil)
    }
}

extension TestResponse {
    /// Decodes the JSON body.
    package func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(body.readableBytesView))
    }

    /// The problem document of an error response.
    package func problem() throws -> ProblemBody { try decode(ProblemBody.self) }
}

/// The token of a session response.
struct TokenBody: Decodable { var token: String }

/// A decoded problem+json body.
package struct ProblemBody: Decodable, Sendable {
    package var type: String
    package var title: String
    package var status: Int
    package var detail: String
    package var code: String
    package var errors: [DomainError.FieldError]?
}
