import Foundation
import Logging
import MallCore
import PostgresNIO

extension ReferenceDataStore {
    /// A region as stored, with its 832 flag under the list version in force.
    package struct RegionRecord: Sendable, Equatable {
        package var code: String
        package var name: String
        package var level: String
        package var parentCode: String?
        package var isPovertyCounty: Bool
    }

    /// Regions ordered by code: the children of `parent` (or the provinces when `nil`), after the cursor.
    package func regions(parent: String?, after: String?, limit: Int, logger: Logger) async throws -> [RegionRecord] {
        let rows = try await database.query(
            """
            SELECT r.code::text, r.name, r.level, r.parent_code::text,
                   EXISTS (SELECT 1 FROM poverty_counties p JOIN policy_settings s
                           ON s.key = 'poverty_list_version' AND s.value = p.list_version WHERE p.code = r.code)
            FROM regions r
            WHERE (\(parent)::text IS NULL AND r.parent_code IS NULL OR r.parent_code = \(parent)::text)
              AND (\(after)::text IS NULL OR r.code > \(after)::text)
            ORDER BY r.code
            LIMIT \(limit)
            """, logger: logger)
        var result: [RegionRecord] = []
        for try await (code, name, level, parentCode, poverty) in rows.decode((String, String, String, String?, Bool).self)
        {
            result.append(RegionRecord(code: code, name: name, level: level, parentCode: parentCode, isPovertyCounty: poverty))
        }
        return result
    }

    /// One region by code.
    package func region(code: String, logger: Logger) async throws -> RegionRecord? {
        let rows = try await database.query(
            """
            SELECT r.code::text, r.name, r.level, r.parent_code::text,
                   EXISTS (SELECT 1 FROM poverty_counties p JOIN policy_settings s
                           ON s.key = 'poverty_list_version' AND s.value = p.list_version WHERE p.code = r.code)
            FROM regions r WHERE r.code = \(code)
            """, logger: logger)
        for try await (code, name, level, parentCode, poverty) in rows.decode((String, String, String, String?, Bool).self)
        {
            return RegionRecord(code: code, name: name, level: level, parentCode: parentCode, isPovertyCounty: poverty)
        }
        return nil
    }
}
