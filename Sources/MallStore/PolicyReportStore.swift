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

    /// How a grouping reads: the column the scoped rows are first summed by (`base`: at most one row per unit,
    /// county or month, whatever the size of the table), then how those sums map to the report's rows (`source`
    /// joined to `b`, the base sums, giving `key` and `name`). Summing first keeps the mapping joins small: a
    /// province's rows come from its counties' sums, never from a join per roll-up row.
    struct Piece {
        var base: String
        var source: String
        var key: String
        var name: String
    }

    static func piece(_ grouping: Grouping) -> Piece {
        switch grouping {
        case .unit:
            Piece(base: "m.unit_id", source: "JOIN organisations g ON g.id = b.k", key: "g.id::text", name: "g.name")
        case .department:
            Piece(
                base: "m.unit_id",
                source: "JOIN organisations u ON u.id = b.k JOIN organisations g ON g.id = coalesce(u.parent_id, u.id)",
                key: "g.id::text", name: "g.name")
        case .region:
            // The row of a county is its ancestor whose parent is `p.parent` (the county itself, its prefecture), or
            // `p.parent` itself for units registered there; with no parent, its province.
            Piece(
                base: "m.region_code",
                source: """
                    JOIN regions c ON c.code = b.k LEFT JOIN regions pa ON pa.code = c.parent_code
                    LEFT JOIN regions gp ON gp.code = pa.parent_code
                    JOIN regions g ON g.code = CASE
                        WHEN p.parent IS NULL THEN CASE WHEN c.level = 'province' THEN c.code
                                                        WHEN pa.level = 'province' THEN pa.code ELSE gp.code END
                        WHEN c.code = p.parent OR c.parent_code = p.parent THEN c.code
                        WHEN pa.parent_code = p.parent THEN pa.code END
                    """,
                key: "g.code::text", name: "g.name")
        case .month:
            Piece(base: "m.month", source: "", key: "to_char(b.k, 'YYYY-MM')", name: "to_char(b.k, 'YYYY-MM')")
        }
    }

    static let scopeCondition = """
        (p.lo IS NULL OR m.region_code BETWEEN p.lo AND p.hi)
        """
    static let unitCondition = """
        (p.unit IS NULL OR m.unit_id = p.unit OR m.unit_id IN (SELECT c.id FROM organisations c WHERE c.parent_id = p.unit))
        """

    /// The region roll-up with the unit roll-up's columns (no unit: a scope of units never reads it).
    static let regionMonths = """
        (SELECT region_code, month, paid_fen, sme_fen, small_micro_fen, poverty_fen, green_scope_fen, green_fen,
                mandatory_fen, mandatory_uncertified_fen, NULL::uuid AS unit_id FROM policy_region_months)
        """

    static let baseSums = """
        sum(m.paid_fen) AS paid, sum(m.sme_fen) AS sme, sum(m.small_micro_fen) AS sm, sum(m.poverty_fen) AS poverty,
        sum(m.green_scope_fen) AS scope, sum(m.green_fen) AS green, sum(m.mandatory_fen) AS mandatory,
        sum(m.mandatory_uncertified_fen) AS uncertified
        """

    static let measureColumns = """
        sum(b.paid)::int8, sum(b.sme)::int8, sum(b.sm)::int8, sum(b.poverty)::int8, sum(b.scope)::int8,
        sum(b.green)::int8, sum(b.mandatory)::int8, sum(b.uncertified)::int8
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
        let table = useUnits ? "policy_unit_months" : Self.regionMonths
        let piece = Self.piece(grouping)
        let binds = Binds(scope: scope, grouping: grouping)
        // The scope's values are binds in the base query itself (not read from `p`), so that the planner sees them
        // and uses the roll-ups' (region_code, month) and (unit_id, month) indexes. Dates are `make_date` of integers
        // (immutable, folded when planning), not text cast to `date` (a `date_in` call per row).
        let rows = try await database.query(
            """
            WITH p AS (SELECT \(binds.parent)::char(6) AS parent),
            b AS (SELECT \(unescaped: piece.base) AS k, \(unescaped: Self.baseSums)
                  FROM \(unescaped: table) m
                  WHERE m.month BETWEEN make_date(\(from.year)::int, \(from.month)::int, \(from.day)::int)
                                    AND make_date(\(to.year)::int, \(to.month)::int, \(to.day)::int)
                    AND (\(binds.lo)::char(6) IS NULL OR m.region_code BETWEEN \(binds.lo)::char(6) AND \(binds.hi)::char(6))
                    AND (\(binds.unit)::uuid IS NULL OR m.unit_id = \(binds.unit)::uuid
                         OR m.unit_id IN (SELECT c.id FROM organisations c WHERE c.parent_id = \(binds.unit)::uuid))
                  GROUP BY 1)
            SELECT \(unescaped: piece.key), \(unescaped: piece.name), \(unescaped: Self.measureColumns)
            FROM p CROSS JOIN b \(unescaped: piece.source)
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
        var piece = Self.piece(grouping)
        if grouping == .month { piece = Piece(base: "'total'::text", source: "", key: "b.k", name: "b.k") }
        let binds = Binds(scope: scope, grouping: grouping)
        let rows = try await database.query(
            """
            WITH p AS (SELECT \(binds.parent)::char(6) AS parent),
            b AS (SELECT \(unescaped: piece.base) AS k, sum(m.reserved_fen) AS reserved
                  FROM canteen_filings m
                  WHERE m.state = 'approved' AND m.fiscal_year = \(fiscalYear)
                    AND (\(binds.lo)::char(6) IS NULL OR m.region_code BETWEEN \(binds.lo)::char(6) AND \(binds.hi)::char(6))
                    AND (\(binds.unit)::uuid IS NULL OR m.unit_id = \(binds.unit)::uuid
                         OR m.unit_id IN (SELECT c.id FROM organisations c WHERE c.parent_id = \(binds.unit)::uuid))
                  GROUP BY 1)
            SELECT \(unescaped: piece.key), \(unescaped: piece.name), sum(b.reserved)::int8
            FROM p CROSS JOIN b \(unescaped: piece.source)
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
            WHERE m.paid_on BETWEEN make_date(\(from.year)::int, \(from.month)::int, \(from.day)::int)
                                AND make_date(\(to.year)::int, \(to.month)::int, \(to.day)::int)
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
