import Foundation
import MallCore
import MallStore
import MallTestSupport
import PostgresNIO
import Testing

@Suite("Reference data from the shipped public datasets")
struct ReferenceDataTests {
    @Test("regions, the 832 list, categories and the calendar load completely, and loading again writes nothing")
    func loadTwice() async throws {
        try await TestDatabase.withDatabase { database in
            let store = ReferenceDataStore(database: database)
            let again = try await store.load(from: TestDatabase.dataDirectory, now: Date(), logger: TestDatabase.logger)
            #expect(again == ReferenceDataStore.LoadReport())
            func count(_ sql: String) async throws -> Int {
                try await database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
                    .decode(Int.self).first(where: { _ in true }) ?? -1
            }
            #expect(try await count("SELECT count(*)::int FROM regions") == 3213)
            #expect(try await count("SELECT count(*)::int FROM poverty_counties") == 830)
            #expect(try await count("SELECT count(*)::int FROM poverty_counties_unmatched") == 2)
            #expect(try await count("SELECT count(*)::int FROM categories") == 4304)
            #expect(try await count("SELECT count(*)::int FROM categories WHERE is_leaf AND code = 'A02010105'") == 1)
            #expect(try await count("SELECT count(*)::int FROM calendar_years") == 3)
        }
    }

    @Test("the working-day calendar comes back from the database (DOMAIN.md §W1)")
    func calendar() async throws {
        try await TestDatabase.withDatabase { database in
            let calendar = try await ReferenceDataStore(database: database).calendar(logger: TestDatabase.logger)
            #expect(calendar.loadedYears == [2024, 2025, 2026])
            #expect(try calendar.isWorkingDay(try #require(LocalDate("2026-02-14"))))  // 调休 Saturday
            #expect(try !calendar.isWorkingDay(try #require(LocalDate("2026-10-01"))))
        }
    }

    @Test("regions list children in code order and flag 832 counties")
    func regionQueries() async throws {
        try await TestDatabase.withDatabase { database in
            let store = ReferenceDataStore(database: database)
            let provinces = try await store.regions(parent: nil, after: nil, limit: 100, logger: TestDatabase.logger)
            #expect(provinces.count == 34)
            #expect(provinces.first?.code == "110000")
            let xingtang = try await store.region(code: "130125", logger: TestDatabase.logger)
            #expect(xingtang?.isPovertyCounty == true)
            #expect(xingtang?.parentCode == "130100")
            let dongcheng = try await store.region(code: "110101", logger: TestDatabase.logger)
            #expect(dongcheng?.isPovertyCounty == false)
        }
    }
}

@Suite("DATABASE_URL parsing")
struct DatabaseConfigTests {
    @Test("a URL gives host, port, user, password, database and TLS mode")
    func parse() throws {
        let config = try DatabaseConfig(url: "postgres://gm:p%40ss@127.0.0.1:5433/mall?sslmode=disable")
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 5433)
        #expect(config.username == "gm")
        #expect(config.password == "p@ss")
        #expect(config.database == "mall")
        #expect(config.tls == .disable)
        #expect(config.isLoopback)
        #expect(try DatabaseConfig(url: "postgresql://u@db.example:5432/x").tls == .prefer)
        #expect(try DatabaseConfig(url: "postgres://u@db.example/x?sslmode=require").tls == .require)
        #expect(throws: DomainError.self) { try DatabaseConfig(url: "mysql://u@h/x") }
        #expect(throws: DomainError.self) { try DatabaseConfig(url: "postgres:///x") }
    }
}
