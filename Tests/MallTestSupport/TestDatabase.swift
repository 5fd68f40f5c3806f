import Foundation
import Logging
import MallCore
import MallStore
import PostgresNIO
import Synchronization

/// Real PostgreSQL for tests (STYLE.md §2.9): a template database is migrated and loaded with reference
/// data once per test process; every test gets its own database cloned from it with
/// `CREATE DATABASE … TEMPLATE … STRATEGY = file_copy`, and drops it afterwards.
package enum TestDatabase {
    /// The Schema folder of this checkout, found from this file's path.
    package static let schemaDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schema")

    /// The reference data folder of this checkout.
    package static let dataDirectory = schemaDirectory.appendingPathComponent("data")

    package static let logger: Logger = {
        var logger = Logger(label: "govmall.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// The server and maintenance database from `DATABASE_URL` (set by `deploy/test.sh`). Only loopback
    /// hosts are accepted, so a test can never drop databases on a real server.
    package static func adminConfig() throws -> DatabaseConfig {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw DomainError(
                .configInvalid, "DATABASE_URL is not set: run the tests with `bash deploy/test.sh`")
        }
        let config = try DatabaseConfig(url: url, maxConnections: 4)
        guard config.isLoopback else {
            throw DomainError(.configInvalid, "tests only run against a PostgreSQL on loopback, not \(config.host)")
        }
        return config
    }

    /// Runs one statement on the maintenance database over a short-lived connection.
    package static func admin(_ sql: String) async throws {
        let config = try adminConfig()
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: config.host, port: config.port, username: config.username, password: config.password,
                database: config.database, tls: .disable),
            id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A fresh database with migrations applied and reference data loaded; dropped after `body`.
    /// `loopConnections` above 0 gives the database that many connections per event loop (``LoopConnections``).
    package static func withDatabase<T: Sendable>(
        maxConnections: Int = 8, loopConnections: Int = 0, _ body: @escaping @Sendable (Database) async throws -> T
    ) async throws -> T {
        let template = try await Template.shared.name()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await createFromTemplate(name: name, template: template)
        do {
            var config = try adminConfig().with(database: name)
            config.maxConnections = maxConnections
            config.loopConnections = loopConnections
            let result = try await withClient(config: config, body)
            try await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return result
        } catch {
            try? await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
    }

    /// `CREATE DATABASE … TEMPLATE`, retried while the template's last connections are still closing
    /// (SQLSTATE 55006).
    private static func createFromTemplate(name: String, template: String) async throws {
        var attempt = 0
        while true {
            do {
                try await admin("CREATE DATABASE \(name) TEMPLATE \(template) STRATEGY = file_copy")
                return
            } catch where Database.sqlState(of: error) == "55006" && attempt < 50 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                throw DomainError(.configInvalid, "creating \(name): \(String(reflecting: error))")
            }
        }
    }

    /// An empty database (no migrations), for migrator tests; dropped after `body`.
    package static func withEmptyDatabase<T: Sendable>(
        _ body: @escaping @Sendable (DatabaseConfig) async throws -> T
    ) async throws -> T {
        let name = "e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin("CREATE DATABASE \(name) TEMPLATE template0")
        do {
            let result = try await body(try adminConfig().with(database: name))
            try await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return result
        } catch {
            try? await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs `body` with a running client on `database`.
    package static func withClient<T: Sendable>(
        database: String, maxConnections: Int = 8, _ body: @escaping @Sendable (Database) async throws -> T
    ) async throws -> T {
        var config = try adminConfig().with(database: database)
        config.maxConnections = maxConnections
        return try await withClient(config: config, body)
    }

    /// Runs `body` with a running client for `config`.
    ///
    /// The client runs in its own task. After `body`, that task is cancelled and awaited for at most
    /// ``clientStopLimit``: a client that does not stop is reported on stderr and left behind instead of holding
    /// the whole test run (a rare hang on a loaded machine left a test's database undropped with no connection
    /// open; README, "Tests").
    package static func withClient<T: Sendable>(
        config: DatabaseConfig, _ body: @escaping @Sendable (Database) async throws -> T
    ) async throws -> T {
        let database = Database(config: config, logger: logger)
        let running = Task { await database.client.run() }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(database))
        } catch {
            result = .failure(error)
        }
        await database.loopConnections?.closeAll()
        running.cancel()
        if !(await finished(running, within: clientStopLimit)) {
            FileHandle.standardError.write(
                Data("TestDatabase: the client of \(config.database) did not stop within \(clientStopLimit) after cancellation; left behind\n".utf8))
        }
        return try result.get()
    }

    /// How long a test waits for its PostgreSQL client to stop.
    package static let clientStopLimit: Duration = .seconds(30)

    /// Whether `task` finished within `limit`; never waits longer, even when the task ignores cancellation.
    static func finished(_ task: Task<Void, Never>, within limit: Duration) async -> Bool {
        let once = Once()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            Task {
                await task.value
                if once.claim() { continuation.resume(returning: true) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if once.claim() { continuation.resume(returning: false) }
            }
        }
    }

    /// A flag that one caller claims.
    final class Once: Sendable {
        private let claimed = Mutex(false)

        /// True for the first caller only.
        func claim() -> Bool {
            claimed.withLock { claimed in
                defer { claimed = true }
                return !claimed
            }
        }
    }

    /// Builds the template once per process.
    actor Template {
        static let shared = Template()
        private var built: Task<String, any Error>?

        func name() async throws -> String {
            if let built { return try await built.value }
            let task = Task<String, any Error> {
                let name = "govmall_template_\(ProcessInfo.processInfo.processIdentifier)"
                try await TestDatabase.admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                try await TestDatabase.admin("CREATE DATABASE \(name) TEMPLATE template0")
                let migrator = try Migrator(directory: TestDatabase.schemaDirectory)
                try await TestDatabase.withClient(database: name, maxConnections: 2) { database in
                    try await migrator.migrate(client: database.client, logger: TestDatabase.logger)
                    let loadedAt = Date(timeIntervalSince1970: 1_767_225_600)
                    try await ReferenceDataStore(database: database).load(
                        from: TestDatabase.dataDirectory, now: loadedAt, logger: TestDatabase.logger)
                    let green = try CSV.parseWithHeader(
                        String(
                            contentsOf: TestDatabase.dataDirectory.appendingPathComponent("green_categories.csv"),
                            encoding: .utf8))
                    try await CatalogStore(database: database, ids: IDGenerator { UUID() })
                        .loadGreenLists(green, now: loadedAt, logger: TestDatabase.logger)
                }
                return name
            }
            built = task
            return try await task.value
        }
    }
}
