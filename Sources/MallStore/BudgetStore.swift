import Foundation
import Logging
import MallCore
import PostgresNIO

/// Budget lines of purchasing units (DOMAIN.md §O4). Orders reserve against them in `OrderStore.place`, in
/// the transaction that takes the stock; cancellation and rejection give the reservation back.
package struct BudgetStore: Sendable {
    package let database: Database
    package let ids: IDGenerator
    package let audit: AuditStore

    /// Creates the store.
    package init(database: Database, ids: IDGenerator) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
    }

    /// A budget line as stored.
    package struct Record: Sendable, Equatable {
        package var id: ID<BudgetLine>
        package var unitID: ID<Organisation>
        package var regionCode: String
        package var line: BudgetLine
        package var reservedFen: Fen
        package var createdBy: ID<User>
        package var createdAt: Date
        package var updatedAt: Date
        /// `created_at` exactly as stored, for cursors.
        package var sortKey: String

        /// What is left to reserve.
        package var availableFen: Fen { line.available(reserved: reservedFen) }
    }

    static let columns = """
        id, unit_id, region_code::text, fiscal_year, project_name, category_prefix, amount_fen, reserved_fen,
        created_by, created_at, updated_at, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """

    static func decode(_ rows: PostgresRowSequence) async throws -> [Record] {
        var result: [Record] = []
        for try await (id, unit, region, year, project, prefix, amount, reserved, by, created, updated, sortKey)
            in rows.decode(
                (
                    ID<BudgetLine>, ID<Organisation>, String, Int, String, String, Fen, Fen, ID<User>, Date, Date,
                    String
                ).self)
        {
            result.append(
                Record(
                    id: id, unitID: unit, regionCode: region,
                    line: BudgetLine(fiscalYear: year, projectName: project, categoryPrefix: prefix, amount: amount),
                    reservedFen: reserved, createdBy: by, createdAt: created, updatedAt: updated, sortKey: sortKey))
        }
        return result
    }

    /// Creates a budget line for the principal's unit, audited (`budget_line.created`); in the caller's
    /// transaction.
    package func create(
        _ line: BudgetLine, actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> Record {
        try line.validate()
        guard actor.organisationKind == .unit else { throw DomainError(.forbidden, "only units have budget lines") }
        let id: ID<BudgetLine> = ids.next()
        try await conn.query(
            """
            INSERT INTO budget_lines (id, unit_id, region_code, fiscal_year, project_name, category_prefix, amount_fen,
                                      reserved_fen, created_by, created_at, updated_at)
            VALUES (\(id), \(actor.organisationID), \(actor.regionCode.rawValue), \(line.fiscalYear),
                    \(line.projectName.trimmingCharacters(in: .whitespacesAndNewlines)), \(line.categoryPrefix),
                    \(line.amount), 0, \(actor.userID), \(now), \(now))
            """, logger: logger)
        guard
            let record = try await Self.decode(
                conn.query("SELECT \(unescaped: Self.columns) FROM budget_lines WHERE id = \(id)", logger: logger)
            ).first
        else { throw DomainError.notFound("budget line \(id)") }
        try await audit.append(
            AuditStore.Entry(
                occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID,
                action: "budget_line.created", entityType: "budget_line", entityID: id.uuid,
                regionCode: record.regionCode, before: nil,
                after: [
                    "fiscalYear": .int(Int64(line.fiscalYear)), "projectName": .string(record.line.projectName),
                    "categoryPrefix": .string(line.categoryPrefix), "amountFen": .int(line.amount.rawValue),
                ],
                requestID: requestID),
            on: conn, logger: logger)
        return record
    }

    /// One budget line of a unit, or `nil` (also for another unit's line).
    package func line(id: ID<BudgetLine>, unit: ID<Organisation>, logger: Logger) async throws -> Record? {
        try await Self.decode(
            database.query(
                "SELECT \(unescaped: Self.columns) FROM budget_lines WHERE id = \(id) AND unit_id = \(unit)",
                logger: logger)
        ).first
    }

    /// A unit's budget lines newest first, optionally of one fiscal year, after a `(created_at, id)` cursor.
    package func lines(
        unit: ID<Organisation>, fiscalYear: Int?, after cursor: (String, UUID)?, limit: Int, logger: Logger
    ) async throws -> [Record] {
        try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM budget_lines
                WHERE unit_id = \(unit) AND (\(fiscalYear)::int IS NULL OR fiscal_year = \(fiscalYear)::int)
                  AND (\(cursor?.0)::timestamptz IS NULL
                       OR (created_at, id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
                ORDER BY created_at DESC, id DESC
                LIMIT \(limit)
                """, logger: logger))
    }
}
