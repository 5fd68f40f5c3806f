import Foundation
import Logging
import MallCore
import PostgresNIO

extension AccountStore {
    /// An organisation as stored.
    package struct OrganisationRecord: Sendable, Equatable {
        package var id: ID<Organisation>
        package var kind: OrganisationKind
        package var name: String
        package var regionCode: RegionCode
        package var creditCode: String?
        package var enterpriseSize: EnterpriseSize?
        package var parentID: ID<Organisation>?
        package var isPovertyCounty: Bool
        package var createdAt: Date
        /// `created_at` exactly as stored (microseconds, UTC), for cursors.
        package var sortKey: String
    }

    /// Whether `text` has the shape of a ``OrganisationRecord/sortKey`` (so a forged cursor cannot make
    /// PostgreSQL fail on a cast).
    package static func isSortKey(_ text: String) -> Bool {
        text.utf8.count == 27 && text.hasSuffix("Z") && text.allSatisfy { $0.isASCII && ($0.isNumber || "-T:.Z".contains($0)) }
    }

    private static let organisationColumns = """
        o.id, o.kind, o.name, o.region_code::text, o.credit_code, o.enterprise_size, o.parent_id, o.created_at,
        to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        EXISTS (SELECT 1 FROM poverty_counties p JOIN policy_settings s
                ON s.key = 'poverty_list_version' AND s.value = p.list_version WHERE p.code = o.region_code)
        """

    private func decodeOrganisations(_ rows: PostgresRowSequence) async throws -> [OrganisationRecord] {
        var result: [OrganisationRecord] = []
        for try await (id, kind, name, region, credit, size, parent, created, sortKey, poverty) in rows.decode(
            (ID<Organisation>, String, String, String, String?, String?, ID<Organisation>?, Date, String, Bool).self)
        {
            guard let kind = OrganisationKind(rawValue: kind), let region = RegionCode(region) else { continue }
            result.append(
                OrganisationRecord(
                    id: id, kind: kind, name: name, regionCode: region, creditCode: credit,
                    enterpriseSize: size.flatMap(EnterpriseSize.init(rawValue:)), parentID: parent,
                    isPovertyCounty: poverty, createdAt: created, sortKey: sortKey))
        }
        return result
    }

    /// Organisations newest first, optionally of one kind and within a region (province, prefecture or
    /// county by code prefix), after a `(created_at, id)` cursor.
    package func organisations(
        kind: OrganisationKind?, within region: RegionCode?, after cursor: (String, UUID)?, limit: Int,
        logger: Logger
    ) async throws -> [OrganisationRecord] {
        let prefix: String? = region.map { r in
            r.rawValue.hasSuffix("0000") ? String(r.rawValue.prefix(2))
                : r.rawValue.hasSuffix("00") ? String(r.rawValue.prefix(4)) : r.rawValue
        }
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.organisationColumns)
            FROM organisations o
            WHERE (\(kind?.rawValue)::text IS NULL OR o.kind = \(kind?.rawValue)::text)
              AND (\(prefix)::text IS NULL OR o.region_code LIKE \(prefix)::text || '%')
              AND (\(cursor?.0)::timestamptz IS NULL OR (o.created_at, o.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
            ORDER BY o.created_at DESC, o.id DESC
            LIMIT \(limit)
            """, logger: logger)
        return try await decodeOrganisations(rows)
    }

    /// One organisation by id.
    package func organisation(id: ID<Organisation>, logger: Logger) async throws -> OrganisationRecord? {
        let rows = try await database.query(
            "SELECT \(unescaped: Self.organisationColumns) FROM organisations o WHERE o.id = \(id)", logger: logger)
        return try await decodeOrganisations(rows).first
    }
}
