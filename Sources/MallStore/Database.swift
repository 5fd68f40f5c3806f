import Foundation
import Logging
import MallCore
import PostgresNIO

/// The server's handle on PostgreSQL: a pooled `PostgresClient` (run as a service) plus the
/// transaction wrapper every store uses (STYLE.md §2.2).
package struct Database: Sendable {
    /// The pooled client. Run it (`client.run()`) for as long as the database is used.
    package let client: PostgresClient
    /// Connections per event loop for ``execute(_:logger:)`` (nil: the pool serves everything). Run it as a service.
    package let loopConnections: LoopConnections?

    package init(client: PostgresClient, loopConnections: LoopConnections? = nil) {
        self.client = client
        self.loopConnections = loopConnections
    }

    /// Creates a client for a configuration (not yet running), with `config.loopConnections` connections per event
    /// loop for the ``LoopStatement``s when that is above 0.
    package init(config: DatabaseConfig, logger: Logger) {
        self.client = PostgresClient(configuration: config.clientConfiguration, backgroundLogger: logger)
        if config.loopConnections > 0, let endpoint = config.loopEndpoint {
            self.loopConnections = LoopConnections(
                endpoint: endpoint, statements: Self.loopStatements, perLoop: config.loopConnections, logger: logger)
        } else {
            self.loopConnections = nil
        }
    }

    /// Transaction isolation levels.
    package enum Isolation: Sendable {
        case readCommitted, repeatableRead, serializable
    }

    /// Runs `body` in one transaction on one connection and commits it; rolls back on any error.
    ///
    /// - Errors thrown by `body` reach the caller unchanged (our `DomainError`s stay themselves).
    /// - PostgreSQL errors are translated: unique and foreign-key violations become `DomainError`s
    ///   chosen by constraint name (``ConstraintCodes``).
    /// - Serialization failures (40001) and deadlocks (40P01) are retried up to 3 attempts in all.
    package func transaction<Result: Sendable>(
        isolation: Isolation = .readCommitted,
        logger: Logger,
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await client.withConnection { connection in
                    try await Self.run(isolation: isolation, on: connection, logger: logger, body)
                }
            } catch let error as PSQLError where Self.isRetryable(error) && attempt < 3 {
                attempt += 1
                logger.debug("retrying transaction", metadata: ["db.attempt": "\(attempt)"])
            } catch {
                throw Self.translate(error)
            }
        }
    }

    /// Runs `body` in a transaction on a connection the caller already holds.
    package static func run<Result: Sendable>(
        isolation: Isolation = .readCommitted,
        on connection: PostgresConnection,
        logger: Logger,
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        switch isolation {
        case .readCommitted: try await connection.query("BEGIN", logger: logger)
        case .repeatableRead: try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ", logger: logger)
        case .serializable: try await connection.query("BEGIN ISOLATION LEVEL SERIALIZABLE", logger: logger)
        }
        do {
            let result = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return result
        } catch {
            do {
                try await connection.query("ROLLBACK", logger: logger)
            } catch let rollbackError {
                logger.warning("rollback failed", metadata: ["error": "\(String(reflecting: rollbackError))"])
            }
            throw error
        }
    }

    /// Leases one connection for `body` (several reads that need no transaction).
    package func withConnection<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withConnection { try await body($0) }
        } catch {
            throw Self.translate(error)
        }
    }

    /// Runs one statement outside any explicit transaction.
    @discardableResult
    package func query(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        do {
            return try await client.query(query, logger: logger)
        } catch {
            throw Self.translate(error)
        }
    }

    /// Runs one prepared statement outside any transaction: parsed and planned once per connection, then only bound
    /// and executed (the hot reads; PostgresNIO sends every other query as an unnamed statement, planned anew).
    ///
    /// It runs on a pooled connection, and the rows are collected before the connection goes back to the pool.
    package func execute<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws
        -> [Statement.Row] where Statement.Row: Sendable
    {
        try await onPool(statement, logger: logger)
    }

    private func onPool<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws
        -> [Statement.Row] where Statement.Row: Sendable
    {
        do {
            var rows: [Statement.Row] = []
            for try await row in try await client.execute(statement, logger: logger) { rows.append(row) }
            return rows
        } catch {
            throw Self.translate(error)
        }
    }

    /// The statements every loop connection prepares when it opens.
    package static let loopStatements: [PipelinedConnection.Statement] = [ListingWithReferences.pipelined]

    /// Runs a lookup by id outside any transaction. On an event loop with ``loopConnections``, it goes to a
    /// connection of that loop, in a batch with the lookups waiting there (``PipelinedConnection``); off the loops,
    /// or when that connection fails it (lost, or the batch failed before it ran), it runs on the pool, once more
    /// (it only reads), so the pool's errors are what the caller sees.
    package func execute<Statement: LoopStatement>(_ statement: Statement, logger: Logger) async throws
        -> [[PostgresCell]]
    {
        if let connection = await loopConnections?.connection() {
            do {
                return try await connection.rows(Statement.name, parameter: statement.parameter)
            } catch PipelinedConnection.Failure.skipped {
                logger.debug("lookup skipped in a failed batch, using the pool")
            } catch {
                logger.warning("loop lookup failed, using the pool", metadata: ["error": "\(error)"])
            }
        }
        return try await onPool(statement, logger: logger)
    }

    /// Whether the database answers (`GET /ready`).
    package func ping(logger: Logger) async -> Bool {
        do {
            let rows = try await client.query("SELECT 1", logger: logger)
            for try await _ in rows {}
            return true
        } catch {
            logger.warning("database ping failed", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
    }

    // MARK: - Errors

    /// The SQLSTATE of a server error, e.g. `23505`.
    package static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func isRetryable(_ error: PSQLError) -> Bool {
        let state = error.serverInfo?[.sqlState]
        return state == "40001" || state == "40P01"
    }

    /// Maps a PostgreSQL error to a `DomainError` where the constraint is known; anything else is returned
    /// unchanged (and becomes a 500 upstream).
    package static func translate(_ error: any Error) -> any Error {
        guard let psql = error as? PSQLError, let info = psql.serverInfo,
            let state = info[.sqlState], let constraint = info[.constraintName],
            let mapped = ConstraintCodes.table[constraint]
        else { return error }
        switch state {
        case "23505", "23503", "23514", "23P01": return mapped
        default: return error
        }
    }
}

/// Named constraints mapped to the domain errors they mean (STYLE.md §2.4: we always name the constraint).
package enum ConstraintCodes {
    package static let table: [String: DomainError] = [
        "users_username_key": DomainError(.conflict, "this username is taken"),
        "users_username_check": DomainError(.validationFailed, "the username is invalid", fields: [
            .init(field: "username", code: "invalid",
                  message: "3 to 64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")
        ]),
        "organisations_credit_code_key": DomainError(.conflict, "an organisation with this credit code exists"),
        "organisations_region_fk": DomainError(.validationFailed, "the region code is unknown", fields: [
            .init(field: "regionCode", code: "unknown", message: "no such region")
        ]),
    ]
}
