import Foundation
import Logging
import MallCore
import PostgresNIO

extension CompetitionStore {
    // MARK: - Credit blacklists (§K3)

    /// One entry of a credit blacklist (财库〔2016〕125号) for a supplier.
    package struct BlacklistEntry: Sendable, Equatable {
        package var id: UUID
        package var supplierID: ID<Organisation>
        package var list: BlacklistCheck.List
        package var reference: String
        package var listedOn: LocalDate
        package var recordedBy: ID<User>
        package var recordedAt: Date
        package var liftedAt: Date?
        package var liftedBy: ID<User>?
        package var liftReason: String?
        /// `recorded_at` as stored, for cursors.
        package var sortKey: String
    }

    /// Each supplier's blacklist check at `time` (DOMAIN.md §K3): the lists with an entry recorded by then and
    /// not lifted by then. Suppliers without an entry are absent (clear).
    package func blacklistChecks(
        suppliers: [ID<Organisation>], at time: Date, on conn: PostgresConnection, logger: Logger
    ) async throws -> [ID<Organisation>: BlacklistCheck] {
        guard !suppliers.isEmpty else { return [:] }
        let rows = try await conn.query(
            """
            SELECT supplier_id, list FROM supplier_blacklist_entries
            WHERE supplier_id = ANY(\(suppliers.map(\.uuid))) AND recorded_at <= \(time)
              AND (lifted_at IS NULL OR lifted_at > \(time))
            """, logger: logger)
        var result: [ID<Organisation>: BlacklistCheck] = [:]
        for try await (supplier, list) in rows.decode((ID<Organisation>, String).self) {
            guard let list = BlacklistCheck.List(rawValue: list) else { continue }
            result[supplier, default: .clear(at: time)].listedOn.insert(list)
        }
        return result
    }

    static let blacklistColumns = """
        id, supplier_id, list, reference, to_char(listed_on, 'YYYY-MM-DD'), recorded_by, recorded_at, lifted_at,
        lifted_by, lift_reason, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """

    static func decodeEntries(_ rows: PostgresRowSequence) async throws -> [BlacklistEntry] {
        var result: [BlacklistEntry] = []
        for try await (id, supplier, list, reference, listedOn, by, at, liftedAt, liftedBy, liftReason, sortKey)
            in rows.decode(
                (UUID, ID<Organisation>, String, String, String, ID<User>, Date, Date?, ID<User>?, String?, String).self)
        {
            guard let list = BlacklistCheck.List(rawValue: list), let listedOn = LocalDate(listedOn) else { continue }
            result.append(
                BlacklistEntry(
                    id: id, supplierID: supplier, list: list, reference: reference, listedOn: listedOn, recordedBy: by,
                    recordedAt: at, liftedAt: liftedAt, liftedBy: liftedBy, liftReason: liftReason, sortKey: sortKey))
        }
        return result
    }

    /// A supplier's blacklist entries, newest first, after a `(recorded_at, id)` cursor.
    package func blacklistEntries(
        supplierID: ID<Organisation>, after cursor: (String, UUID)?, limit: Int, logger: Logger
    ) async throws -> [BlacklistEntry] {
        try await Self.decodeEntries(
            database.query(
                """
                SELECT \(unescaped: Self.blacklistColumns) FROM supplier_blacklist_entries
                WHERE supplier_id = \(supplierID)
                  AND (\(cursor?.0)::timestamptz IS NULL
                       OR (recorded_at, id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
                ORDER BY recorded_at DESC, id DESC LIMIT \(limit)
                """, logger: logger))
    }

    /// Records a blacklist entry for a supplier (operators; DOMAIN.md §K3). Audited as `blacklist.recorded`.
    package func recordBlacklistEntry(
        supplierID: ID<Organisation>, list: BlacklistCheck.List, reference: String, listedOn: LocalDate,
        actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> BlacklistEntry {
        var validator = Validator()
        validator.text(reference, "reference", maxLength: 200)
        try validator.validate()
        let kind = try await conn.query("SELECT kind FROM organisations WHERE id = \(supplierID)", logger: logger)
        var isSupplier = false
        for try await kind in kind.decode(String.self) { isSupplier = kind == "supplier" }
        guard isSupplier else { throw DomainError.notFound("supplier \(supplierID)") }
        let id = ids.nextUUID()
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        let rows = try await conn.query(
            """
            INSERT INTO supplier_blacklist_entries (id, supplier_id, list, reference, listed_on, recorded_by, recorded_at)
            VALUES (\(id), \(supplierID), \(list.rawValue), \(trimmed), \(listedOn.description)::date, \(actor.userID), \(now))
            RETURNING \(unescaped: Self.blacklistColumns)
            """, logger: logger)
        guard let entry = try await Self.decodeEntries(rows).first else { throw DomainError.notFound("entry \(id)") }
        try await audit.append(
            AuditStore.Entry(
                occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID,
                action: "blacklist.recorded", entityType: "organisation", entityID: supplierID.uuid, before: nil,
                after: [
                    "entryId": .string(id.lowercasedString), "list": .string(list.rawValue),
                    "reference": .string(trimmed), "listedOn": .string(listedOn.description),
                ], requestID: requestID), on: conn, logger: logger)
        return entry
    }

    /// Lifts a blacklist entry with a reason (operators). `blacklist.entry_lifted` when already lifted.
    /// Audited as `blacklist.lifted`.
    package func liftBlacklistEntry(
        id: UUID, supplierID: ID<Organisation>, reason: String, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> BlacklistEntry {
        var validator = Validator()
        validator.text(reason, "reason", maxLength: 2_000)
        try validator.validate()
        let rows = try await conn.query(
            """
            SELECT \(unescaped: Self.blacklistColumns) FROM supplier_blacklist_entries
            WHERE id = \(id) AND supplier_id = \(supplierID) FOR UPDATE
            """, logger: logger)
        guard let entry = try await Self.decodeEntries(rows).first else { throw DomainError.notFound("entry \(id)") }
        guard entry.liftedAt == nil else {
            throw DomainError(.blacklistEntryLifted, "the entry was lifted already")
        }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let updated = try await conn.query(
            """
            UPDATE supplier_blacklist_entries SET lifted_at = \(now), lifted_by = \(actor.userID), lift_reason = \(trimmed)
            WHERE id = \(id) RETURNING \(unescaped: Self.blacklistColumns)
            """, logger: logger)
        guard let after = try await Self.decodeEntries(updated).first else { throw DomainError.notFound("entry \(id)") }
        try await audit.append(
            AuditStore.Entry(
                occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID,
                action: "blacklist.lifted", entityType: "organisation", entityID: supplierID.uuid,
                before: ["entryId": .string(id.lowercasedString), "lifted": .bool(false)],
                after: [
                    "entryId": .string(id.lowercasedString), "lifted": .bool(true), "reason": .string(trimmed),
                ], requestID: requestID), on: conn, logger: logger)
        return after
    }
}
