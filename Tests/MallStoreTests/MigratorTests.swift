import Foundation
import MallCore
import MallStore
import MallTestSupport
import PostgresNIO
import Testing

@Suite("Migrations run on a real PostgreSQL: in order, once, under a lock, with checksums")
struct MigratorTests {
    static let files = [
        Migrator.File(version: 1, name: "0001_first", sql: "CREATE TABLE a (id int PRIMARY KEY);"),
        Migrator.File(
            version: 2, name: "0002_second",
            sql: "CREATE TABLE b (id int PRIMARY KEY);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES (2);"),
        Migrator.File(
            version: 3, name: "0003_third",
            sql: "-- govmall:no-transaction\nCREATE INDEX CONCURRENTLY b_id_idx ON b (id);"),
    ]

    static func appliedNames(_ database: Database) async throws -> [String] {
        var names: [String] = []
        let rows = try await database.query("SELECT name FROM schema_migrations ORDER BY version", logger: TestDatabase.logger)
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }

    @Test("a fresh database gets every file; a second run applies nothing")
    func freshAndRepeated() async throws {
        try await TestDatabase.withEmptyDatabase { config in
            try await TestDatabase.withClient(config: config) { database in
                let migrator = Migrator(files: Self.files)
                let first = try await migrator.migrate(client: database.client, logger: TestDatabase.logger)
                #expect(first == ["0001_first", "0002_second", "0003_third"])
                let second = try await migrator.migrate(client: database.client, logger: TestDatabase.logger)
                #expect(second.isEmpty)
                #expect(try await Self.appliedNames(database) == first)
                let count = try await database.query("SELECT count(*) FROM b", logger: TestDatabase.logger)
                    .decode(Int.self).first(where: { _ in true })
                #expect(count == 2)
            }
        }
    }

    @Test("a changed applied file is refused with schema.migrations_inconsistent")
    func changedFileRefused() async throws {
        try await TestDatabase.withEmptyDatabase { config in
            try await TestDatabase.withClient(config: config) { database in
                try await Migrator(files: Self.files).migrate(client: database.client, logger: TestDatabase.logger)
                var edited = Self.files
                edited[1] = Migrator.File(version: 2, name: "0002_second", sql: "CREATE TABLE b (id bigint);")
                await #expect(throws: DomainError.self) {
                    try await Migrator(files: edited).migrate(client: database.client, logger: TestDatabase.logger)
                }
                do {
                    try await Migrator(files: edited).migrate(client: database.client, logger: TestDatabase.logger)
                } catch let error as DomainError {
                    #expect(error.code == .migrationsInconsistent)
                    #expect(error.message.contains("0002_second was changed"))
                }
            }
        }
    }

    @Test("a removed applied file is refused")
    func removedFileRefused() async throws {
        try await TestDatabase.withEmptyDatabase { config in
            try await TestDatabase.withClient(config: config) { database in
                try await Migrator(files: Self.files).migrate(client: database.client, logger: TestDatabase.logger)
                let withoutSecond = [Self.files[0], Self.files[2]]
                await #expect(throws: DomainError.self) {
                    try await Migrator(files: withoutSecond).migrate(client: database.client, logger: TestDatabase.logger)
                }
            }
        }
    }

    @Test("a failing file rolls back entirely and is not recorded")
    func failingFileRollsBack() async throws {
        try await TestDatabase.withEmptyDatabase { config in
            try await TestDatabase.withClient(config: config) { database in
                let broken = [
                    Self.files[0],
                    Migrator.File(version: 2, name: "0002_broken", sql: "CREATE TABLE c (id int);\nSELECT * FROM missing;"),
                ]
                await #expect(throws: PSQLError.self) {
                    try await Migrator(files: broken).migrate(client: database.client, logger: TestDatabase.logger)
                }
                #expect(try await Self.appliedNames(database) == ["0001_first"])
                let exists = try await database.query(
                    "SELECT to_regclass('c') IS NOT NULL", logger: TestDatabase.logger
                ).decode(Bool.self).first(where: { _ in true })
                #expect(exists == false)
            }
        }
    }

    @Test("two migrators started at once apply each file exactly once")
    func concurrent() async throws {
        try await TestDatabase.withEmptyDatabase { config in
            let migrator = try Migrator(directory: TestDatabase.schemaDirectory)
            // Two separate clients, as two servers starting together would have.
            async let a = TestDatabase.withClient(config: config) { database in
                try await migrator.migrate(client: database.client, logger: TestDatabase.logger)
            }
            async let b = TestDatabase.withClient(config: config) { database in
                try await migrator.migrate(client: database.client, logger: TestDatabase.logger)
            }
            let (appliedA, appliedB) = try await (a, b)
            #expect((appliedA + appliedB).sorted() == migrator.files.map(\.name).sorted())
            #expect(appliedA.isEmpty || appliedB.isEmpty)
            let names = try await TestDatabase.withClient(config: config) { database in
                try await Self.appliedNames(database)
            }
            #expect(names == migrator.files.map(\.name))
        }
    }
}
