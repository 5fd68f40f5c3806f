import Foundation
import Logging
import MallCore
import PostgresNIO

/// Appends to the audit log (DOMAIN.md §X1) on the caller's connection, inside the caller's transaction,
/// so a change and its audit row commit together or not at all.
package struct AuditStore: Sendable {
    package let ids: IDGenerator

    package init(ids: IDGenerator) { self.ids = ids }

    /// One audited change: who, what, when, before and after.
    package struct Entry: Sendable {
        package var occurredAt: Date
        package var actorUserID: ID<User>?
        package var actorOrgID: ID<Organisation>?
        package var action: String
        package var entityType: String
        package var entityID: UUID?
        package var regionCode: String?
        package var before: [String: JSONValue]?
        package var after: [String: JSONValue]?
        package var requestID: String?

        package init(
            occurredAt: Date, actorUserID: ID<User>? = nil, actorOrgID: ID<Organisation>? = nil, action: String,
            entityType: String, entityID: UUID? = nil, regionCode: String? = nil,
            before: [String: JSONValue]? = nil, after: [String: JSONValue]? = nil, requestID: String? = nil
        ) {
            self.occurredAt = occurredAt
            self.actorUserID = actorUserID
            self.actorOrgID = actorOrgID
            self.action = action
            self.entityType = entityType
            self.entityID = entityID
            self.regionCode = regionCode
            self.before = before
            self.after = after
            self.requestID = requestID
        }
    }

    /// Appends several entries with one statement on `conn`, in their order (a placement audits each of its
    /// orders: one round trip instead of one per order).
    package func append(contentsOf entries: [Entry], on conn: PostgresConnection, logger: Logger) async throws {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ object: [String: JSONValue]?) throws -> String {
            try object.map { String(decoding: try encoder.encode($0), as: UTF8.self) } ?? ""
        }
        let entryIDs = entries.map { _ in ids.next(AuditEntry.self).uuid }
        let befores = try entries.map { try json($0.before) }
        let afters = try entries.map { try json($0.after) }
        try await conn.run(
            InsertAuditEntries(
                ids: entryIDs, occurredAt: entries.map(\.occurredAt),
                actorUsers: entries.map { $0.actorUserID?.description ?? "" },
                actorOrgs: entries.map { $0.actorOrgID?.description ?? "" }, actions: entries.map(\.action),
                entityTypes: entries.map(\.entityType), entityIDs: entries.map { $0.entityID?.uuidString ?? "" },
                regions: entries.map { $0.regionCode ?? "" }, befores: befores, afters: afters,
                requestIDs: entries.map { $0.requestID ?? "" }),
            logger: logger)
    }

    /// Appends `entry` on `conn`.
    package func append(_ entry: Entry, on conn: PostgresConnection, logger: Logger) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let before = try entry.before.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let after = try entry.after.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let id: ID<AuditEntry> = ids.next()
        try await conn.query(
            """
            INSERT INTO audit_log (id, occurred_at, actor_user_id, actor_org_id, action, entity_type, entity_id,
                                   region_code, before, after, request_id)
            VALUES (\(id), \(entry.occurredAt), \(entry.actorUserID), \(entry.actorOrgID), \(entry.action),
                    \(entry.entityType), \(entry.entityID), \(entry.regionCode), \(before)::jsonb, \(after)::jsonb,
                    \(entry.requestID))
            """, logger: logger)
    }
}
