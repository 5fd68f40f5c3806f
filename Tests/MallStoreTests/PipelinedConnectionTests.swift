import Foundation
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Testing

@testable import MallStore

/// ``PipelinedConnection``: the server's own PostgreSQL client for the lookups by id of the loop connections. Its
/// batches against a real PostgreSQL, and its password exchanges against RFC 7677 and the test cluster's two roles
/// that must give a password (deploy/pg.sh).
@Suite("Pipelined lookups by id")
struct PipelinedConnectionTests {
    /// `id` is its parameter as text; `one` divides by zero for ``poison``. (Not `CASE … THEN 1 / 0`: a generic
    /// plan folds that constant and fails for every parameter.)
    static let probe = PipelinedConnection.Statement(
        name: "probe",
        sql: "SELECT $1::text AS id, 1 / ($1 <> '00000000-0000-0000-0000-0000000000ee'::uuid)::int AS one")
    /// Three rows for any parameter but ``poison``, none for it.
    static let series = PipelinedConnection.Statement(
        name: "series",
        sql: "SELECT g FROM generate_series(1, 3) g WHERE $1 <> '00000000-0000-0000-0000-0000000000ee'::uuid")
    static let poison = UUID(uuidString: "00000000-0000-0000-0000-0000000000ee")!
    /// `true` or `false`: whether this session speaks TLS.
    static let sslState = PipelinedConnection.Statement(
        name: "ssl",
        sql: "SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)::text AS ssl "
            + "WHERE $1 IS NOT NULL")

    static func connect(
        username: String? = nil, password: String? = nil, applicationName: String = "govmall-pipeline-test",
        tls: PipelinedConnection.Endpoint.TLS = .disable
    ) async throws -> PipelinedConnection {
        var endpoint = try #require(try TestDatabase.adminConfig().loopEndpoint)
        endpoint.applicationName = applicationName
        endpoint.tls = tls
        if let username {
            endpoint.server.username = username
            endpoint.server.password = password
        }
        return try await PipelinedConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), endpoint: endpoint,
            statements: [probe, series, sslState], id: 7,
            logger: TestDatabase.logger)
    }

    static func id(of outcome: Result<[[PostgresCell]], any Error>) throws -> String {
        let rows = try outcome.get()
        try #require(rows.count == 1)
        return try rows[0][0].decode(String.self)
    }

    @Test("a batch answers each lookup with its own rows, in order, beyond the largest batch too")
    func batchesInOrder() async throws {
        let connection = try await Self.connect()
        let ids = (0..<(PipelineHandler.maximumBatch * 2 + 17)).map { _ in UUID() }
        let outcomes = await connection.rows("probe", parameters: ids)
        #expect(outcomes.count == ids.count)
        for (id, outcome) in zip(ids, outcomes) {
            #expect(try Self.id(of: outcome) == id.uuidString.lowercased())
        }
        // Many rows and none.
        let series = await connection.rows("series", parameters: [UUID(), Self.poison, UUID()])
        #expect(try series[0].get().map { try $0[0].decode(Int32.self) } == [1, 2, 3])
        #expect(try series[1].get().isEmpty)
        #expect(try series[2].get().count == 3)
        // Single lookups, many at once from many tasks: every one gets its own answer.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    let id = UUID()
                    let rows = try await connection.rows("probe", parameter: id)
                    #expect(try rows[0][0].decode(String.self) == id.uuidString.lowercased())
                }
            }
            try await group.waitForAll()
        }
        await connection.close()
        #expect(connection.isClosed)
    }

    @Test("a lookup that fails fails alone; those after it in its batch are skipped; the connection goes on")
    func failureInBatch() async throws {
        let connection = try await Self.connect()
        let ids = [UUID(), UUID(), Self.poison, UUID(), UUID()]
        let outcomes = await connection.rows("probe", parameters: ids)
        #expect(try Self.id(of: outcomes[0]) == ids[0].uuidString.lowercased())
        #expect(try Self.id(of: outcomes[1]) == ids[1].uuidString.lowercased())
        #expect(throws: PipelinedConnection.Failure.self) { try outcomes[2].get() }
        if case .failure(PipelinedConnection.Failure.server(let sqlState, _)) = outcomes[2] {
            #expect(sqlState == "22012")  // division_by_zero
        } else {
            Issue.record("expected a server failure, got \(outcomes[2])")
        }
        for outcome in outcomes[3...] {
            guard case .failure(PipelinedConnection.Failure.skipped) = outcome else {
                Issue.record("expected skipped, got \(outcome)")
                continue
            }
        }
        let after = UUID()
        #expect(try await connection.rows("probe", parameter: after)[0][0].decode(String.self)
            == after.uuidString.lowercased())
        await #expect(throws: PipelinedConnection.Failure.unknownStatement) {
            try await connection.rows("nope", parameter: after)
        }
        await connection.close()
    }

    @Test("a connection ended by the server fails later calls at once with connectionClosed")
    func endedByServer() async throws {
        let name = "govmall-ended-" + String(UInt32.random(in: 0...UInt32.max))
        let connection = try await Self.connect(applicationName: name)
        _ = try await connection.rows("probe", parameter: UUID())
        try await TestDatabase.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(name)'")
        for _ in 0..<200 where !connection.isClosed { try await Task.sleep(for: .milliseconds(25)) }
        #expect(connection.isClosed)
        await #expect(throws: PipelinedConnection.Failure.connectionClosed) {
            try await connection.rows("probe", parameter: UUID())
        }
        let outcomes = await connection.rows("probe", parameters: [UUID(), UUID()])
        for outcome in outcomes {
            guard case .failure(PipelinedConnection.Failure.connectionClosed) = outcome else {
                Issue.record("expected connectionClosed, got \(outcome)")
                continue
            }
        }
        await connection.close()
    }

    @Test("TLS, required or preferred: the lookups run over it when the server offers it; the certificate is checked")
    func tls() async throws {
        let config = try TestDatabase.adminConfig()
        let serverOffers = try await TestDatabase.withClient(database: config.database, maxConnections: 1) { database in
            var value = ""
            let rows = try await database.query("SHOW ssl", logger: TestDatabase.logger)
            for try await text in rows.decode(String.self) { value = text }
            return value == "on"
        }
        // deploy/pg.sh turns TLS on in the clusters it makes for tests, wherever openssl is installed.
        if ProcessInfo.processInfo.environment["GOVMALL_PG_DIR"] != nil,
            FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
        {
            #expect(serverOffers, "deploy/pg.sh makes test clusters offer TLS")
        }
        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.certificateVerification = .none  // the test cluster's certificate is self-signed
        let context = try NIOSSLContext(configuration: trusting)
        func session(_ tls: PipelinedConnection.Endpoint.TLS) async throws -> String {
            let connection = try await Self.connect(tls: tls)
            do {
                let state = try await connection.rows("ssl", parameter: UUID())[0][0].decode(String.self)
                await connection.close()
                return state
            } catch {
                await connection.close()
                throw error
            }
        }
        #expect(try await session(.disable) == "false")
        #expect(try await session(.prefer(context)) == (serverOffers ? "true" : "false"))
        if serverOffers {
            #expect(try await session(.require(context)) == "true")
            // Checked as it should be by default: a self-signed certificate is refused.
            let checking = try NIOSSLContext(configuration: .makeClientConfiguration())
            await #expect(throws: (any Error).self) { try await session(.require(checking)) }
        } else {
            await #expect(throws: PipelinedConnection.Failure.self) { try await session(.require(context)) }
        }
    }

    @Test("RFC 7677's SCRAM-SHA-256 example: the client's proof and the server's signature")
    func scramExample() throws {
        var scram = PostgresAuth.SCRAM(username: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(scram.clientFirst == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let final = try scram.clientFinal(
            serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        #expect(
            final == "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        try scram.verify(serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        #expect(throws: PostgresAuth.SCRAM.Failure.serverSignatureMismatch) {
            try scram.verify(serverFinal: "v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        }
        var other = PostgresAuth.SCRAM(password: "pencil", clientNonce: "abc")
        #expect(throws: PostgresAuth.SCRAM.Failure.nonceMismatch) {
            try other.clientFinal(serverFirst: "r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        }
    }

    @Test("MD5: md5 of md5(password + user) in hex and the salt")
    func md5Answer() {
        // Python: 'md5' + md5(md5(b'pwgovmall_md5_probe').hexdigest().encode() + bytes([1, 2, 3, 4])).hexdigest()
        #expect(
            PostgresAuth.md5Response(user: "govmall_md5_probe", password: "pw", salt: [1, 2, 3, 4])
                == "md548f92c372f8be7b489659e4d2511c5a9")
    }

    @Test("logs in with SCRAM-SHA-256 and with MD5 as the test cluster's password roles; a wrong password fails")
    func passwords() async throws {
        try await TestDatabase.admin(
            """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'govmall_scram_probe') THEN
                CREATE ROLE govmall_scram_probe LOGIN;
              END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'govmall_md5_probe') THEN
                CREATE ROLE govmall_md5_probe LOGIN;
              END IF;
              SET LOCAL password_encryption = 'scram-sha-256';
              ALTER ROLE govmall_scram_probe PASSWORD 'Probe-pass-1';
              -- 'md5' and the md5 of 'Probe-pass-1govmall_md5_probe': stored as such, whatever password_encryption says
              ALTER ROLE govmall_md5_probe PASSWORD 'md5a4e96cfd304247f85ca81ae1f666011e';
            END $$
            """)
        // Without deploy/pg.sh's lines (a cluster made another way), these roles log in on trust: only the right
        // password is then checked to work.
        let config = try TestDatabase.adminConfig()
        let rules = try await TestDatabase.withClient(database: config.database, maxConnections: 1) { database in
            var methods: [String: String] = [:]
            let rows = try await database.query(
                """
                SELECT user_name[1], auth_method FROM pg_hba_file_rules
                WHERE user_name && ARRAY['govmall_scram_probe', 'govmall_md5_probe']::text[]
                """, logger: TestDatabase.logger)
            for try await (user, method) in rows.decode((String, String).self) { methods[user] = method }
            return methods
        }
        for (user, method) in [("govmall_scram_probe", "scram-sha-256"), ("govmall_md5_probe", "md5")] {
            let connection = try await Self.connect(username: user, password: "Probe-pass-1")
            let id = UUID()
            #expect(try await connection.rows("probe", parameter: id)[0][0].decode(String.self)
                == id.uuidString.lowercased())
            await connection.close()
            guard rules[user] == method else { continue }
            await #expect(throws: PipelinedConnection.Failure.self) {
                try await Self.connect(username: user, password: "wrong")
            }
        }
        // A cluster deploy/pg.sh made for this run (GOVMALL_PG_DIR set: CI, the README's test command) has them.
        if ProcessInfo.processInfo.environment["GOVMALL_PG_DIR"] != nil {
            #expect(rules.count == 2, "deploy/pg.sh makes the two roles give a password: \(rules)")
        }
    }
}
