import Foundation
import Logging
import MallCore
import PostgresNIO

/// The category tree and its editable settings (DOMAIN.md §C1, §C5).
package struct CatalogStore: Sendable {
    package let database: Database
    package let audit: AuditStore

    package init(database: Database, ids: IDGenerator) {
        self.database = database
        self.audit = AuditStore(ids: ids)
    }

    /// A category with its settings and whether it has children.
    package struct CategoryRecord: Sendable, Equatable {
        package var info: CategoryInfo
        package var parentCode: String?
        package var level: Int
        package var greenSource: String
        /// The code whose settings apply (itself or an ancestor), nil when none has settings.
        package var settingsFrom: String?
    }

    private static let columns = """
        c.code, c.name, c.parent_code, c.level::int, c.is_leaf, coalesce(s.energy_saving, 'none'),
        coalesce(s.eco_label_priority, false), coalesce(s.required_attributes, '{}'), coalesce(s.unit_hints, '{}'),
        coalesce(s.direct_purchase_allowed, true), coalesce(s.green_source, ''), s.category_code
        """

    /// Settings come from the nearest of the code and its ancestors that has them.
    private static let settingsJoin = """
        LEFT JOIN LATERAL (
            SELECT cs.* FROM category_settings cs WHERE cs.category_code = ANY (category_lineage(c.code))
            ORDER BY array_position(category_lineage(c.code), cs.category_code) LIMIT 1
        ) s ON true
        """

    private func decode(_ rows: PostgresRowSequence) async throws -> [CategoryRecord] {
        var result: [CategoryRecord] = []
        for try await (code, name, parent, level, leaf, energy, eco, required, hints, direct, source, from) in rows.decode(
            (String, String, String?, Int, Bool, String, Bool, [String], [String], Bool, String, String?).self)
        {
            result.append(
                CategoryRecord(
                    info: CategoryInfo(
                        code: code, name: name, isLeaf: leaf,
                        energySaving: CategoryInfo.EnergySaving(rawValue: energy) ?? .none, ecoLabelPriority: eco,
                        requiredAttributes: required, unitHints: hints, directPurchaseAllowed: direct),
                    parentCode: parent, level: level, greenSource: source, settingsFrom: from))
        }
        return result
    }

    /// One category, or nil.
    package func category(code: String, logger: Logger) async throws -> CategoryRecord? {
        try await decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM categories c
                \(unescaped: Self.settingsJoin) WHERE c.code = \(code)
                """, logger: logger)
        ).first
    }

    /// One category on a connection the caller holds.
    package func category(code: String, on conn: PostgresConnection, logger: Logger) async throws -> CategoryRecord? {
        try await decode(
            conn.query(
                """
                SELECT \(unescaped: Self.columns) FROM categories c
                \(unescaped: Self.settingsJoin) WHERE c.code = \(code)
                """, logger: logger)
        ).first
    }

    /// The children of `parent` (the three roots when nil), in code order, after a code cursor.
    package func children(of parent: String?, after: String?, limit: Int, logger: Logger) async throws
        -> [CategoryRecord]
    {
        try await decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM categories c
                \(unescaped: Self.settingsJoin)
                WHERE (\(parent)::text IS NULL AND c.parent_code IS NULL OR c.parent_code = \(parent)::text)
                  AND (\(after)::text IS NULL OR c.code > \(after)::text)
                ORDER BY c.code LIMIT \(limit)
                """, logger: logger))
    }

    /// The ancestors of a code, root first.
    package func path(to code: String, logger: Logger) async throws -> [(code: String, name: String)] {
        let rows = try await database.query(
            """
            WITH RECURSIVE up(code, name, parent_code, depth) AS (
                SELECT code, name, parent_code, 0 FROM categories WHERE code = \(code)
                UNION ALL
                SELECT c.code, c.name, c.parent_code, up.depth + 1 FROM categories c JOIN up ON c.code = up.parent_code
                WHERE up.depth < 10
            )
            SELECT code, name FROM up ORDER BY depth DESC
            """, logger: logger)
        var result: [(String, String)] = []
        for try await (code, name) in rows.decode((String, String).self) { result.append((code, name)) }
        return result
    }

    /// New settings for a category.
    package struct SettingsUpdate: Sendable {
        package var energySaving: CategoryInfo.EnergySaving
        package var ecoLabelPriority: Bool
        package var requiredAttributes: [String]
        package var unitHints: [String]
        package var directPurchaseAllowed: Bool

        package init(
            energySaving: CategoryInfo.EnergySaving, ecoLabelPriority: Bool, requiredAttributes: [String],
            unitHints: [String], directPurchaseAllowed: Bool
        ) {
            self.energySaving = energySaving
            self.ecoLabelPriority = ecoLabelPriority
            self.requiredAttributes = requiredAttributes
            self.unitHints = unitHints
            self.directPurchaseAllowed = directPurchaseAllowed
        }
    }

    /// Replaces a category's settings (operators), audited with before and after.
    package func updateSettings(
        code: String, _ update: SettingsUpdate, actor: Principal, now: Date, requestID: String?, logger: Logger
    ) async throws -> CategoryRecord {
        try await database.transaction(logger: logger) { conn in
            guard let before = try await category(code: code, on: conn, logger: logger) else {
                throw DomainError.notFound("category \(code)")
            }
            try await conn.query(
                """
                INSERT INTO category_settings (category_code, energy_saving, eco_label_priority, required_attributes,
                                               unit_hints, direct_purchase_allowed, green_source, updated_at)
                VALUES (\(code), \(update.energySaving.rawValue), \(update.ecoLabelPriority), \(update.requiredAttributes),
                        \(update.unitHints), \(update.directPurchaseAllowed), 'operator', \(now))
                ON CONFLICT (category_code) DO UPDATE SET energy_saving = EXCLUDED.energy_saving,
                    eco_label_priority = EXCLUDED.eco_label_priority, required_attributes = EXCLUDED.required_attributes,
                    unit_hints = EXCLUDED.unit_hints, direct_purchase_allowed = EXCLUDED.direct_purchase_allowed,
                    green_source = CASE WHEN category_settings.green_source = '' THEN 'operator'
                                        ELSE category_settings.green_source END,
                    updated_at = EXCLUDED.updated_at
                """, logger: logger)
            guard let after = try await category(code: code, on: conn, logger: logger) else {
                throw DomainError.notFound("category \(code)")
            }
            try await audit.append(
                .init(
                    occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID,
                    action: "category.settings_updated", entityType: "category", regionCode: actor.regionCode.rawValue,
                    before: Self.snapshot(before), after: Self.snapshot(after).merging(["code": .string(code)]) { $1 },
                    requestID: requestID),
                on: conn, logger: logger)
            return after
        }
    }

    static func snapshot(_ record: CategoryRecord) -> [String: JSONValue] {
        [
            "energySaving": .string(record.info.energySaving.rawValue),
            "ecoLabelPriority": .bool(record.info.ecoLabelPriority),
            "requiredAttributes": .array(record.info.requiredAttributes.map(JSONValue.string)),
            "unitHints": .array(record.info.unitHints.map(JSONValue.string)),
            "directPurchaseAllowed": .bool(record.info.directPurchaseAllowed),
        ]
    }

    /// Loads the green lists (`green_categories.csv`) as initial settings: energy-saving ★ → mandatory,
    /// other energy-saving → priority, eco-label → priority. Only categories without settings are written,
    /// so an operator's later edits are never overwritten. Returns how many categories got settings.
    @discardableResult
    package func loadGreenLists(_ rows: [[String: String]], now: Date, logger: Logger) async throws -> Int {
        var energy: [String: CategoryInfo.EnergySaving] = [:]
        var eco: Set<String> = []
        var sources: [String: Set<String>] = [:]
        for row in rows {
            let code = row["category_code_2022", default: ""]
            guard !code.isEmpty else { continue }
            sources[code, default: []].insert(row["source", default: ""])
            if row["list"] == "energy_saving" {
                let level: CategoryInfo.EnergySaving = row["mandatory"] == "true" ? .mandatory : .priority
                if energy[code] != .mandatory { energy[code] = level }
            } else if row["list"] == "eco_label" {
                eco.insert(code)
            }
        }
        let codes = Array(Set(energy.keys).union(eco)).sorted()
        let levels = codes.map { energy[$0]?.rawValue ?? "none" }
        let ecos = codes.map { eco.contains($0) }
        let notes = codes.map { "green_categories.csv (" + (sources[$0] ?? []).sorted().joined(separator: ", ") + ")" }
        let rows = try await database.query(
            """
            INSERT INTO category_settings (category_code, energy_saving, eco_label_priority, green_source, updated_at)
            SELECT c, e, o, s, \(now) FROM unnest(\(codes)::text[], \(levels)::text[], \(ecos)::boolean[], \(notes)::text[])
                AS t(c, e, o, s)
            WHERE EXISTS (SELECT 1 FROM categories WHERE code = c)
            ON CONFLICT (category_code) DO NOTHING
            RETURNING category_code
            """, logger: logger)
        var n = 0
        for try await _ in rows { n += 1 }
        return n
    }
}
