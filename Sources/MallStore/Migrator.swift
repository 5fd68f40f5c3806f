import Crypto
import Foundation
import Logging
import MallCore
import PostgresNIO

/// Applies the numbered SQL files of `Schema/` in order (STYLE.md §2.2).
///
/// - One dedicated connection holds a PostgreSQL advisory lock for the whole run, so concurrent
///   migrators (several servers starting at once) apply each file exactly once.
/// - Each file runs in its own transaction, unless its header says `-- govmall:no-transaction`.
/// - `schema_migrations` records version, name and SHA-256 of every applied file; the run refuses to
///   start unless the applied files are a prefix of the files on disk with equal checksums.
package struct Migrator: Sendable {
    /// One migration file.
    package struct File: Sendable, Equatable {
        package var version: Int
        package var name: String
        package var sql: String
        package var sha256: String

        package init(version: Int, name: String, sql: String) {
            self.version = version
            self.name = name
            self.sql = sql
            self.sha256 = SHA256.hash(data: Data(sql.utf8)).hexString
        }
    }

    /// The advisory lock key: "govmall" as bytes, fixed forever.
    package static let lockKey: Int64 = 0x676F_766D_616C_6C

    package let files: [File]

    package init(files: [File]) { self.files = files.sorted { $0.version < $1.version } }

    /// Reads `NNNN_name.sql` files from a folder. Other files are ignored; two files with one version are
    /// refused.
    package init(directory: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var files: [File] = []
        var seen: [Int: String] = [:]
        for name in names.sorted() where name.hasSuffix(".sql") {
            let stem = name.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]),
                stem[..<underscore].count == 4
            else { continue }
            if let other = seen[version] {
                throw DomainError(.migrationsInconsistent, "\(name) and \(other) share version \(version)")
            }
            seen[version] = name
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            files.append(File(version: version, name: String(stem), sql: sql))
        }
        self.init(files: files)
    }

    /// Applies pending files and returns the names applied by this call (empty when up to date).
    @discardableResult
    package func migrate(client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let applied = try await self.migrate(locked: connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return applied
            } catch {
                // The lock is released with the session anyway; release it now so the pool can reuse it.
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    private func migrate(locked connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                sha256     text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        var applied: [(version: Int, name: String, sha256: String)] = []
        let rows = try await connection.query(
            "SELECT version, name, sha256 FROM schema_migrations ORDER BY version", logger: logger)
        for try await (version, name, sha) in rows.decode((Int, String, String).self) {
            applied.append((version, name, sha))
        }
        try checkConsistency(applied: applied)

        var done: [String] = []
        for file in files.dropFirst(applied.count) {
            let statements = SQLScript.statements(file.sql)
            let record: PostgresQuery = """
                INSERT INTO schema_migrations (version, name, sha256) VALUES (\(file.version), \(file.name), \(file.sha256))
                """
            if SQLScript.wantsNoTransaction(file.sql) {
                for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                try await connection.query(record, logger: logger)
            } else {
                _ = try await Database.run(on: connection, logger: logger) { connection in
                    for statement in statements {
                        // Migration files are part of the build, never request data (STYLE.md §2.2).
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(record, logger: logger)
                    return true
                }
            }
            logger.info("applied migration", metadata: ["migration.name": "\(file.name)"])
            done.append(file.name)
        }
        return done
    }

    /// Applied migrations must be a prefix of the files, with the same names and checksums.
    package func checkConsistency(applied: [(version: Int, name: String, sha256: String)]) throws(DomainError) {
        for (index, row) in applied.enumerated() {
            guard index < files.count, files[index].version == row.version else {
                throw DomainError(
                    .migrationsInconsistent,
                    "migration \(row.name) was applied but its file is missing; restore it")
            }
            let file = files[index]
            guard file.name == row.name, file.sha256 == row.sha256 else {
                throw DomainError(
                    .migrationsInconsistent,
                    "migration \(row.name) was changed after it was applied (sha256 \(row.sha256) in the database, "
                        + "\(file.sha256) on disk); add a new migration instead")
            }
        }
    }
}
