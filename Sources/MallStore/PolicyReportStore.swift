import Foundation
import Logging
import MallCore
import PostgresNIO

/// The policy reports' reads (DOMAIN.md §V3, §G2, §G3; issue 6 points 1, 2, 5). They read only the roll-ups
/// (`policy_unit_months`, `policy_region_months`), the filings and the violation list, never the order lines:
/// the roll-ups are kept current by triggers in the transaction of each payment and refund (Schema 0007).
package struct PolicyReportStore: Sendable {
    package let database: Database

    package init(database: Database) { self.database = database }

    /// Whose purchases a report covers.
    package enum Scope: Sendable, Equatable {
        /// Everything (operators).
        case all
        /// Units in a region and below it (regulators).
        case region(RegionCode)
        /// A unit and the units whose parent department it is.
        case unit(ID<Organisation>)
    }

    /// How rows are grouped.
    package enum Grouping: Sendable, Equatable {
        /// One row per buying unit.
        case unit
        /// One row per parent department (a unit without a parent is its own department).
        case department
        /// One row per child region of `parent` (provinces under the whole country, prefectures or counties under
        /// a province, counties under a prefecture); units registered at `parent` itself make a row of `parent`.
        case region(parent: RegionCode?)
        /// One row per month (`YYYY-MM`).
        case month
    }

    /// One grouped row.
    package struct Row: Sendable, Equatable {
        package var key: String
        package var name: String
        package var measures: PolicyMeasures
    }

    /// One grouped row of reserved amounts (approved filings).
    package struct ReservedRow: Sendable, Equatable {
        package var key: String
        package var name: String
        package var reserved: Fen
    }

    // MARK: - Query pieces (compile-time SQL only; every value is a bind in `p`)

    /// The source, key and name of a grouping over `table` (a roll-up or `canteen_filings`, each with `unit_id`
    /// or `region_code`).
    static func pieces(_ grouping: Grouping, table: String) -> (source: String, key: String, name: String, where: String) {
        switch grouping {
        case .unit:
            ("\(table) m JOIN organisations g ON g.id = m.unit_id", "g.id::text", "g.name", "")
        case .department:
            (
                "\(table) m JOIN organisations u ON u.id = m.unit_id "
                    + "JOIN organisations g ON g.id = coalesce(u.parent_id, u.id)", "g.id::text", "g.name", ""
            )
        case .region:
            (
                "\(table) m JOIN regions g ON g.code IN (m.region_code, (left(m.region_code, 4) || '00')::char(6), "
                    + "(left(m.region_code, 2) || '0000')::char(6))",
                "g.code::text", "g.name",
                "AND (g.parent_code = p.parent OR (g.code = p.parent AND m.region_code = p.parent) "
                    + "OR (p.parent IS NULL AND g.level = 'province'))"
            )
        case .month:
            ("\(table) m", "to_char(m.month, 'YYYY-MM')", "to_char(m.month, 'YYYY-MM')", "")
        }
    }

    static let scopeCondition = """
        (p.lo IS NULL OR m.region_code BETWEEN p.lo AND p.hi)
        """
    static let unitCondition = """
        (p.unit IS NULL OR m.unit_id = p.unit OR m.unit_id IN (SELECT c.id FROM organisations c WHERE c.parent_id = p.unit))
        """

    static let measureColumns = """
        sum(m.paid_fen)::int8, sum(m.sme_fen)::int8, sum(m.small_micro_fen)::int8, sum(m.poverty_fen)::int8,
        sum(m.green_scope_fen)::int8, sum(m.green_fen)::int8, sum(m.mandatory_fen)::int8,
        sum(m.mandatory_uncertified_fen)::int8
        """

    struct Binds {
        var lo: String?
        var hi: String?
        var unit: UUID?
        var parent: String?

        init(scope: Scope, grouping: Grouping) {
            switch scope {
            case .all: break
            case .region(let region):
                let bounds = RegionBounds(region)
                lo = bounds.low
                hi = bounds.high
            case .unit(let id): unit = id.uuid
            }
            if case .region(let parent) = grouping { self.parent = parent?.rawValue }
        }
    }

    // MARK: - Reads

    /// The measures of every group of `scope` in the months `from`…`to` (first days of months), by key.
    package func measures(scope: Scope, grouping: Grouping, from: LocalDate, to: LocalDate, logger: Logger)
        async throws -> [Row]
    {
        // Units and departments need the unit roll-up; so does a unit's scope. Regions and months of a region read
        // the region roll-up (one row per county and month).
        let useUnits: Bool =
            switch (scope, grouping) {
            case (.unit, _), (_, .unit), (_, .department): true
            default: false
            }
        let table = useUnits ? "policy_unit_months" : "policy_region_months"
        let piece = Self.pieces(grouping, table: table)
        let binds = Binds(scope: scope, grouping: grouping)
        let unitCondition = useUnits ? "AND " + Self.unitCondition : ""
        let rows = try await database.query(
            """
            WITH p AS (SELECT \(from.description)::date AS m0, \(to.description)::date AS m1, \(binds.lo)::char(6) AS lo,
                              \(binds.hi)::char(6) AS hi, \(binds.unit)::uuid AS unit, \(binds.parent)::char(6) AS parent)
            SELECT \(unescaped: piece.key), \(unescaped: piece.name), \(unescaped: Self.measureColumns)
            FROM p, \(unescaped: piece.source)
            WHERE m.month BETWEEN p.m0 AND p.m1 AND \(unescaped: Self.scopeCondition) \(unescaped: unitCondition)
                  \(unescaped: piece.where)
            GROUP BY 1, 2 ORDER BY 1 LIMIT 10000
            """, logger: logger)
        var result: [Row] = []
        for try await (key, name, paid, sme, smallMicro, poverty, scope, green, mandatory, uncertified) in rows.decode(
            (String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64).self)
        {
            result.append(
                Row(
                    key: key, name: name,
                    measures: PolicyMeasures(
                        paid: Fen(paid), sme: Fen(sme), smallMicro: Fen(smallMicro), poverty: Fen(poverty),
                        greenScope: Fen(scope), green: Fen(green), mandatory: Fen(mandatory),
                        mandatoryUncertified: Fen(uncertified))))
        }
        return result
    }

    /// The reserved 832 amounts of approved filings of `fiscalYear` (DOMAIN.md §V2), grouped like `measures`
    /// (`.month` gives one row, key `total`).
    package func reserved(scope: Scope, grouping: Grouping, fiscalYear: Int, logger: Logger) async throws
        -> [ReservedRow]
    {
        var piece = Self.pieces(grouping, table: "canteen_filings")
        if grouping == .month { piece = ("canteen_filings m", "'total'", "'total'", "") }
        let binds = Binds(scope: scope, grouping: grouping)
        let rows = try await database.query(
            """
            WITH p AS (SELECT \(fiscalYear)::int AS year, \(binds.lo)::char(6) AS lo, \(binds.hi)::char(6) AS hi,
                              \(binds.unit)::uuid AS unit, \(binds.parent)::char(6) AS parent)
            SELECT \(unescaped: piece.key), \(unescaped: piece.name), sum(m.reserved_fen)::int8
            FROM p, \(unescaped: piece.source)
            WHERE m.state = 'approved' AND m.fiscal_year = p.year AND \(unescaped: Self.scopeCondition)
                  AND \(unescaped: Self.unitCondition) \(unescaped: piece.where)
            GROUP BY 1, 2 ORDER BY 1 LIMIT 10000
            """, logger: logger)
        var result: [ReservedRow] = []
        for try await (key, name, reserved) in rows.decode((String, String, Int64).self) {
            result.append(ReservedRow(key: key, name: name, reserved: Fen(reserved)))
        }
        return result
    }

    // MARK: - Mandatory green violations (DOMAIN.md §G3)

    /// One paid line of a mandatory energy-saving category without a valid certificate.
    package struct Violation: Sendable, Equatable {
        package var orderID: ID<Order>
        package var orderNo: String
        package var lineNo: Int
        package var unitID: ID<Organisation>
        package var unitName: String
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var regionCode: String
        package var categoryCode: String
        package var title: String
        package var amountFen: Fen
        package var paidOn: LocalDate

        /// The cursor key: `paidOn/lineNo`, with the order id as the cursor id.
        package var cursorKey: String { "\(paidOn)/\(lineNo)" }
    }

    /// Violations paid in `from`…`to` (days) within the scope, newest first, after a `(paidOn/lineNo, orderID)`
    /// cursor.
    package func violations(
        scope: Scope, from: LocalDate, to: LocalDate, after cursor: (String, UUID)?, limit: Int, logger: Logger
    ) async throws -> [Violation] {
        let binds = Binds(scope: scope, grouping: .unit)
        var cursorDay: String?
        var cursorLine: Int?
        if let cursor {
            let parts = cursor.0.split(separator: "/")
            guard parts.count == 2, let day = LocalDate(String(parts[0])), let line = Int(parts[1]) else {
                throw DomainError(.invalidCursor, "the cursor is not one this server issued")
            }
            cursorDay = day.description
            cursorLine = line
        }
        let rows = try await database.query(
            """
            WITH p AS (SELECT \(binds.lo)::char(6) AS lo, \(binds.hi)::char(6) AS hi, \(binds.unit)::uuid AS unit)
            SELECT m.order_id, o.order_no, m.line_no, m.unit_id, u.name, m.supplier_id, s.name, m.region_code::text,
                   m.category_code, m.title, m.amount_fen, to_char(m.paid_on, 'YYYY-MM-DD')
            FROM p, policy_green_violations m JOIN orders o ON o.id = m.order_id
            JOIN organisations u ON u.id = m.unit_id JOIN organisations s ON s.id = m.supplier_id
            WHERE m.paid_on BETWEEN \(from.description)::date AND \(to.description)::date
              AND \(unescaped: Self.scopeCondition) AND \(unescaped: Self.unitCondition)
              AND (\(cursorDay)::date IS NULL
                   OR (m.paid_on, m.order_id, m.line_no) < (\(cursorDay)::date, \(cursor?.1)::uuid, \(cursorLine)::int))
            ORDER BY m.paid_on DESC, m.order_id DESC, m.line_no DESC
            LIMIT \(limit)
            """, logger: logger)
        var result: [Violation] = []
        for try await (order, orderNo, line, unit, unitName, supplier, supplierName, region, category, title, amount, day)
            in rows.decode(
                (
                    ID<Order>, String, Int, ID<Organisation>, String, ID<Organisation>, String, String, String, String,
                    Fen, String
                ).self)
        {
            guard let paidOn = LocalDate(day) else { continue }
            result.append(
                Violation(
                    orderID: order, orderNo: orderNo, lineNo: line, unitID: unit, unitName: unitName, supplierID: supplier,
                    supplierName: supplierName, regionCode: region, categoryCode: category, title: title,
                    amountFen: amount, paidOn: paidOn))
        }
        return result
    }

    // MARK: - Names

    /// A unit's name, region and parent department (`nil` when no such unit).
    package func unit(_ id: ID<Organisation>, logger: Logger) async throws -> (String, String, ID<Organisation>?)? {
        let rows = try await database.query(
            "SELECT name, region_code::text, parent_id FROM organisations WHERE id = \(id) AND kind = 'unit'",
            logger: logger)
        for try await row in rows.decode((String, String, ID<Organisation>?).self) { return row }
        return nil
    }

    /// The name of a region.
    package func name(region: RegionCode, logger: Logger) async throws -> String? {
        let rows = try await database.query("SELECT name FROM regions WHERE code = \(region.rawValue)", logger: logger)
        return try await rows.decode(String.self).first(where: { _ in true })
    }
}
