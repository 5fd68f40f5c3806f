import Foundation
import MallCore
import PostgresNIO

// The hottest statements of placing an order, as prepared statements (STYLE.md §2.2: "the hottest reads
// become PostgresPreparedStatements"): PostgreSQL parses and plans them once per connection instead of once
// per request.

/// The listings of a cart with their supplier, inherited category settings and lowest fresh reference price
/// (DOMAIN.md §C3, §C5), without locks (quotes).
struct CartListings: PostgresPreparedStatement {
    static let name = "CartListings"
    typealias Row = OrderStore.OrderableListing?

    /// The select list and joins; `$2` is the start of the reference-price freshness window.
    static let select = """
        SELECT l.id, l.supplier_id, o.name, o.enterprise_size, l.status, l.price_flagged_at, l.category_code,
               l.title, l.brand, l.model, l.unit, l.price_fen, l.tiers::text, l.fees::text, l.delivery_regions,
               l.green_certificates::text, l.stock, l.lead_time_days,
               coalesce((SELECT cs.energy_saving FROM category_settings cs
                         WHERE cs.category_code = ANY (category_lineage(l.category_code))
                         ORDER BY array_position(category_lineage(l.category_code), cs.category_code) LIMIT 1),
                        'none'),
               coalesce((SELECT cs.direct_purchase_allowed FROM category_settings cs
                         WHERE cs.category_code = ANY (category_lineage(l.category_code))
                         ORDER BY array_position(category_lineage(l.category_code), cs.category_code) LIMIT 1),
                        true),
               (SELECT min(r.price_fen) FROM reference_prices r WHERE r.listing_id = l.id AND r.captured_at >= $2)
        FROM listings l JOIN organisations o ON o.id = l.supplier_id
        WHERE l.id = ANY($1)
        ORDER BY l.id
        """
    static let sql = select
    static let bindingDataTypes: [PostgresDataType] = [.uuidArray, .timestamptz]

    var ids: [UUID]
    var freshSince: Date

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(ids)
        bindings.append(freshSince)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try OrderStore.orderable(from: row) }
}

/// `CartListings` with the listings' row locks taken in id order (placement): concurrent orders of the same
/// listing queue here instead of overselling.
struct CartListingsForUpdate: PostgresPreparedStatement {
    static let name = "CartListingsForUpdate"
    typealias Row = OrderStore.OrderableListing?

    static let sql = CartListings.select + "\nFOR UPDATE OF l"
    static let bindingDataTypes: [PostgresDataType] = [.uuidArray, .timestamptz]

    var ids: [UUID]
    var freshSince: Date

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(ids)
        bindings.append(freshSince)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try OrderStore.orderable(from: row) }
}

/// The orders of one placement, as records.
struct PlacementOrders: PostgresPreparedStatement {
    static let name = "PlacementOrders"
    typealias Row = OrderStore.Record

    static let sql =
        "SELECT \(OrderStore.columns) FROM orders o \(OrderStore.joins)\n"
        + "WHERE o.placement_id = $1 ORDER BY o.order_no LIMIT 1000"
    static let bindingDataTypes: [PostgresDataType] = [.uuid]

    var placementID: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(placementID)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try OrderStore.record(from: row) }
}

/// A unit's live and completed orders outside a placement with their totals per category (DOMAIN.md §T): of
/// one fiscal year and project with lines in some category prefixes (§T1), or placed since a day (§T2); every
/// filter is optional (NULL). The lines are summed one order at a time (a lateral join on their primary key),
/// so the unit's orders drive the plan whatever the statistics say.
struct PurchaseHistory: PostgresPreparedStatement {
    static let name = "PurchaseHistory"
    typealias Row = (ID<Order>, String, String, String, Int, String, Fen)

    static let sql = """
        SELECT o.id, to_char(o.placed_on, 'YYYY-MM-DD'), o.method, b.project_name, b.fiscal_year, l.category_code,
               l.total
        FROM orders o JOIN budget_lines b ON b.id = o.budget_line_id
        CROSS JOIN LATERAL (
            SELECT ol.category_code, sum(ol.total_fen)::int8 AS total FROM order_lines ol
            WHERE ol.order_id = o.id AND ($5::text[] IS NULL OR ol.category_code LIKE ANY ($5::text[]))
            GROUP BY ol.category_code
        ) AS l
        WHERE o.unit_id = $1 AND o.placement_id <> $2
          AND o.state NOT IN ('rejected', 'cancelled')
          AND ($3::int8 IS NULL OR b.fiscal_year = $3::int8)
          AND ($4::text IS NULL OR b.project_name = $4::text)
          AND ($6::text IS NULL OR o.placed_on >= $6::text::date)
        ORDER BY o.id
        LIMIT 50000
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid, .int8, .text, .textArray, .text]

    var unit: ID<Organisation>
    var placementID: UUID
    var fiscalYear: Int?
    var project: String?
    var patterns: [String]?
    var since: LocalDate?

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 6)
        bindings.append(unit)
        bindings.append(placementID)
        bindings.append(fiscalYear)
        bindings.append(project)
        bindings.append(patterns)
        bindings.append(since?.description)  // `YYYY-MM-DD`, cast to a date by the statement
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
