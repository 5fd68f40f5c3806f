import ArgumentParser
import Foundation
import Logging
import MallAPI
import MallCore
import MallStore
import PostgresNIO

/// `govmall`: the GovMall server and its maintenance commands.
@main
struct GovMall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govmall",
        abstract: "GovMall: a public-procurement electronic mall and framework-agreement marketplace.",
        subcommands: [Serve.self, Migrate.self, Seed.self, VerifyAudit.self],
        defaultSubcommand: Serve.self
    )
}

/// Options every subcommand takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Log level (overrides LOG_LEVEL): trace, debug, info, notice, warning, error.")
    var logLevel: String?

    /// The configuration and the command's logger. With `bootstrapLogging` (`serve`), every logger, this one
    /// included, writes through ``LineLogHandler`` to standard output; a logger made before the bootstrap would keep
    /// swift-log's default handler.
    func makeConfig(bootstrapLogging: Bool = false) throws -> (Config, Logger) {
        var config = try Config.fromEnvironment()
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
                throw ValidationError("--log-level is one of trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = level
        }
        if bootstrapLogging {
            let level = config.logLevel
            LoggingSystem.bootstrap { label in LineLogHandler.standardOutput(label: label, level: level) }
        }
        var logger = Logger(label: "govmall")
        logger.logLevel = config.logLevel
        return (config, logger)
    }
}

/// Runs `work` with a running database client, the way PostgresNIO's README does, then stops the client.
func withDatabase<T: Sendable>(
    _ config: Config, logger: Logger, _ work: @escaping @Sendable (Database) async throws -> T
) async throws -> T {
    let database = Database(config: config.database, logger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            await database.client.run()
            return nil
        }
        group.addTask { try await work(database) }
        defer { group.cancelAll() }
        while let next = try await group.next() {
            if let result = next { return result }
        }
        throw CancellationError()
    }
}

/// `govmall migrate`: applies pending migrations and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations from Schema/.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let (config, logger) = try common.makeConfig()
        let migrator = try Migrator(directory: config.schemaDirectory)
        let applied = try await withDatabase(config, logger: logger) { database in
            try await migrator.migrate(client: database.client, logger: logger)
        }
        print(applied.isEmpty ? "schema is up to date (\(migrator.files.count) migrations)" : "applied: \(applied.joined(separator: ", "))")
    }
}

/// `govmall seed`: loads reference data and the demo world; running it twice changes nothing.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load regions, the 832 list, categories, the holiday calendar and the demo world (idempotent).")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Load only the public reference data, without demo organisations and users.")
    var referenceOnly = false

    func run() async throws {
        let (config, logger) = try common.makeConfig()
        let referenceOnly = self.referenceOnly
        let migrator = try Migrator(directory: config.schemaDirectory)
        try await withDatabase(config, logger: logger) { database in
            try await migrator.migrate(client: database.client, logger: logger)
            let report = try await ReferenceDataStore(database: database).load(
                from: config.dataDirectory, now: Date(), logger: logger)
            print("reference data written: \(report)")
            let greenRows = try CSV.parseWithHeader(
                String(contentsOf: config.dataDirectory.appendingPathComponent("green_categories.csv"), encoding: .utf8))
            let green = try await CatalogStore(database: database, ids: .timeOrdered(now: { Date() }))
                .loadGreenLists(greenRows, now: Date(), logger: logger)
            print("green category settings written: \(green)")
            guard !referenceOnly else { return }
            let accounts = AccountStore(database: database, ids: .timeOrdered(now: { Date() }))
            let demo = try await DemoWorld.seed(
                accounts: accounts, hasher: PasswordHasher(cost: config.app.bcryptCost), now: Date(), logger: logger)
            print("demo world: \(demo.organisations) new organisations, \(demo.users) new users")
            print("demo logins (password \(DemoWorld.password)):")
            for login in DemoWorld.logins {
                print("  \(login.username.padding(toLength: 12, withPad: " ", startingAt: 0)) \(login.role.padding(toLength: 16, withPad: " ", startingAt: 0)) \(login.organisation)")
            }
        }
    }
}
