import Foundation
import Logging
import MallCore
import PostgresNIO

/// Public reference data: administrative regions, the 832 poverty-county list, the procurement category
/// tree and the holiday calendar. Loaded from the CSV files shipped in `Schema/data` (see its README);
/// loading is idempotent: rows are inserted or corrected, never duplicated.
package struct ReferenceDataStore: Sendable {
    package let database: Database

    package init(database: Database) { self.database = database }

    /// The version label of the shipped 832-county list.
    package static let povertyListVersion = "2014-832"

    /// How many rows each load wrote (new or changed).
    package struct LoadReport: Sendable, Equatable, CustomStringConvertible {
        package var regions = 0
        package var povertyCounties = 0
        package var categories = 0
        package var calendarDays = 0
        package init() {}
        package var description: String {
            "regions \(regions), poverty counties \(povertyCounties), categories \(categories), "
                + "calendar days \(calendarDays)"
        }
    }

    /// Loads every file of the data folder in one transaction.
    @discardableResult
    package func load(from directory: URL, now: Date, logger: Logger) async throws -> LoadReport {
        func rows(_ name: String) throws -> [[String: String]] {
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw DomainError(.configInvalid, "cannot read \(url.path); set GOVMALL_DATA_DIR")
            }
            do {
                return try CSV.parseWithHeader(text)
            } catch {
                throw DomainError(.configInvalid, "\(name) line \(error.line): \(error.message)")
            }
        }
        let regions = try rows("regions.csv")
        let poverty = try rows("poverty_counties_832.csv")
        let categories = try rows("procurement_categories.csv")
        let holidays = try rows("holidays_cn.csv")

        return try await database.transaction(logger: logger) { conn in
            var report = LoadReport()
            report.regions = try await loadRegions(regions, on: conn, logger: logger)
            report.povertyCounties = try await loadPoverty(poverty, on: conn, logger: logger)
            report.categories = try await loadCategories(categories, on: conn, logger: logger)
            report.calendarDays = try await loadHolidays(
                holidays, source: "holidays_cn.csv (State Council notices)", now: now, on: conn, logger: logger)
            return report
        }
    }

    private func count(_ rows: PostgresRowSequence) async throws -> Int {
        var n = 0
        for try await _ in rows { n += 1 }
        return n
    }

    private func loadRegions(_ rows: [[String: String]], on conn: PostgresConnection, logger: Logger) async throws
        -> Int
    {
        let codes = rows.map { $0["code", default: ""] }
        let names = rows.map { $0["name", default: ""] }
        let levels = rows.map { $0["level", default: ""] }
        let parents = rows.map { $0["parent_code", default: ""] }
        return try await count(
            conn.query(
                """
                INSERT INTO regions (code, name, level, parent_code)
                SELECT c, n, l, NULLIF(p, '') FROM unnest(\(codes)::text[], \(names)::text[], \(levels)::text[],
                                                          \(parents)::text[]) AS t(c, n, l, p)
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level,
                    parent_code = EXCLUDED.parent_code
                WHERE (regions.name, regions.level, regions.parent_code)
                    IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.parent_code)
                RETURNING code
                """, logger: logger))
    }

    private func loadPoverty(_ rows: [[String: String]], on conn: PostgresConnection, logger: Logger) async throws
        -> Int
    {
        let version = Self.povertyListVersion
        let matched = rows.filter { !($0["code"] ?? "").isEmpty }
        let unmatched = rows.filter { ($0["code"] ?? "").isEmpty }
        var written = try await count(
            conn.query(
                """
                INSERT INTO poverty_counties (list_version, code, name, province, source_note)
                SELECT \(version), c, n, p, s FROM unnest(\(matched.map { $0["code", default: ""] })::text[],
                    \(matched.map { $0["name", default: ""] })::text[],
                    \(matched.map { $0["province", default: ""] })::text[],
                    \(matched.map { $0["source_note", default: ""] })::text[]) AS t(c, n, p, s)
                ON CONFLICT (list_version, code) DO UPDATE SET name = EXCLUDED.name, province = EXCLUDED.province,
                    source_note = EXCLUDED.source_note
                WHERE (poverty_counties.name, poverty_counties.province, poverty_counties.source_note)
                    IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.province, EXCLUDED.source_note)
                RETURNING code
                """, logger: logger))
        written += try await count(
            conn.query(
                """
                INSERT INTO poverty_counties_unmatched (list_version, name, province, source_note)
                SELECT \(version), n, p, s FROM unnest(\(unmatched.map { $0["name", default: ""] })::text[],
                    \(unmatched.map { $0["province", default: ""] })::text[],
                    \(unmatched.map { $0["source_note", default: ""] })::text[]) AS t(n, p, s)
                ON CONFLICT (list_version, name) DO NOTHING
                RETURNING name
                """, logger: logger))
        written += try await count(
            conn.query(
                """
                INSERT INTO policy_settings (key, value) VALUES ('poverty_list_version', \(version))
                ON CONFLICT (key) DO NOTHING RETURNING key
                """, logger: logger))
        return written
    }

    private func loadCategories(_ rows: [[String: String]], on conn: PostgresConnection, logger: Logger)
        async throws -> Int
    {
        let codes = rows.map { $0["code", default: ""] }
        let parents = Set(rows.compactMap { $0["parent_code"] }.filter { !$0.isEmpty })
        let leaves = codes.map { !parents.contains($0) }
        return try await count(
            conn.query(
                """
                INSERT INTO categories (code, name, parent_code, level, is_leaf)
                SELECT c, n, NULLIF(p, ''), l::smallint, leaf
                FROM unnest(\(codes)::text[], \(rows.map { $0["name", default: ""] })::text[],
                            \(rows.map { $0["parent_code", default: ""] })::text[],
                            \(rows.map { $0["level", default: "0"] })::text[], \(leaves)::boolean[])
                     AS t(c, n, p, l, leaf)
                ORDER BY l::smallint
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code,
                    level = EXCLUDED.level, is_leaf = EXCLUDED.is_leaf
                WHERE (categories.name, categories.parent_code, categories.level, categories.is_leaf)
                    IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.parent_code, EXCLUDED.level, EXCLUDED.is_leaf)
                RETURNING code
                """, logger: logger))
    }

    private func loadHolidays(
        _ rows: [[String: String]], source: String, now: Date, on conn: PostgresConnection, logger: Logger
    ) async throws -> Int {
        var dates: [String] = []
        var names: [String] = []
        var offs: [Bool] = []
        for row in rows {
            guard let date = LocalDate(row["date", default: ""]) else {
                throw DomainError(.configInvalid, "holidays_cn.csv has a bad date \(row["date", default: ""])")
            }
            dates.append(date.description)
            names.append(row["name", default: ""])
            offs.append(row["is_off_day"] == "true")
        }
        let years = Array(Set(dates.compactMap { Int($0.prefix(4)) })).sorted()
        try await conn.query(
            """
            INSERT INTO calendar_years (year, source, loaded_at)
            SELECT y, \(source), \(now) FROM unnest(\(years)::integer[]) AS t(y)
            ON CONFLICT (year) DO NOTHING
            """, logger: logger)
        return try await count(
            conn.query(
                """
                INSERT INTO calendar_days (day, name, is_off_day, year)
                SELECT d::date, n, o, extract(year FROM d::date)::integer
                FROM unnest(\(dates)::text[], \(names)::text[], \(offs)::boolean[]) AS t(d, n, o)
                ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name, is_off_day = EXCLUDED.is_off_day
                WHERE (calendar_days.name, calendar_days.is_off_day) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.is_off_day)
                RETURNING day
                """, logger: logger))
    }

    /// The working-day calendar as loaded (DOMAIN.md §W1).
    package func calendar(logger: Logger) async throws -> WorkdayCalendar {
        var years = Set<Int>()
        for try await year in try await database.query("SELECT year FROM calendar_years", logger: logger)
            .decode(Int.self)
        {
            years.insert(year)
        }
        var exceptions: [LocalDate: Bool] = [:]
        let rows = try await database.query(
            "SELECT to_char(day, 'YYYY-MM-DD'), is_off_day FROM calendar_days ORDER BY day LIMIT 10000",
            logger: logger)
        for try await (day, off) in rows.decode((String, Bool).self) {
            if let date = LocalDate(day) { exceptions[date] = off }
        }
        return WorkdayCalendar(exceptions: exceptions, loadedYears: years)
    }
}
