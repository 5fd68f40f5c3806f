import Foundation
import MallCore
import PostgresNIO

// The remaining statements of placing an order, as prepared statements (STYLE.md §2.2; see
// OrderStore+Statements.swift for the reads): PostgreSQL parses and plans each once per connection instead of
// once per request, which is most of what separated `POST /api/v1/orders` from the same transaction in pgbench
// `-M prepared` (docs/benchmarks.md, Orders). Every parameter's type is declared, so the SQL needs no casts on
// them, and the Swift values bound must be of exactly that type (`Int` binds as int8). Every statement of the server
// names itself (`static let name`): PostgresNIO's default name is `String(reflecting:)` of the type, worked out
// again at every execution (1 % of a listing read's CPU).

/// Serialises the placements of one unit (§O4 budgets, §T history): a transaction-scoped advisory lock.
struct AdvisoryXactLock: PostgresPreparedStatement {
    static let name = "AdvisoryXactLock"
    typealias Row = Void
    static let sql = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))"
    static let bindingDataTypes: [PostgresDataType] = [.text]
    var key: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(key)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// A unit's budget line, locked for the reservation (DOMAIN.md §O4).
struct BudgetLineForUpdate: PostgresPreparedStatement {
    static let name = "BudgetLineForUpdate"
    typealias Row = (Int, String, String, Fen, Fen)
    static let sql = """
        SELECT fiscal_year, project_name, category_prefix, amount_fen, reserved_fen FROM budget_lines
        WHERE id = $1 AND unit_id = $2 FOR UPDATE
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid]
    var id: ID<BudgetLine>
    var unit: ID<Organisation>

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(id)
        bindings.append(unit)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// Adds an amount to a budget line's reservation (DOMAIN.md §O4).
struct ReserveBudget: PostgresPreparedStatement {
    static let name = "ReserveBudget"
    typealias Row = Void
    static let sql = "UPDATE budget_lines SET reserved_fen = reserved_fen + $1, updated_at = $2 WHERE id = $3"
    static let bindingDataTypes: [PostgresDataType] = [.int8, .timestamptz, .uuid]
    var amount: Fen
    var now: Date
    var id: ID<BudgetLine>

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(amount)
        bindings.append(now)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// Takes stock from listings, only where enough is left; returns the listings it updated.
struct TakeStock: PostgresPreparedStatement {
    static let name = "TakeStock"
    typealias Row = UUID
    static let sql = """
        UPDATE listings l SET stock = l.stock - t.q
        FROM unnest($1::uuid[], $2::int8[]) AS t(id, q)
        WHERE l.id = t.id AND l.stock >= t.q
        RETURNING l.id
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuidArray, .int8Array]
    var listings: [UUID]
    var quantities: [Int64]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(listings)
        bindings.append(quantities)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(UUID.self) }
}

/// The orders of one placement, numbered in the request's supplier order (DOMAIN.md §O1).
struct InsertOrders: PostgresPreparedStatement {
    static let name = "InsertOrders"
    typealias Row = Void
    static let sql = """
        INSERT INTO orders (id, order_no, placement_id, unit_id, supplier_id, region_code, budget_line_id, method,
                            state, amount_fen, fees_fen, total_fen, placed_by, placed_at, placed_on,
                            expected_delivery_on, supplier_size, payment_clock, agreed_term_days, payment_term_days,
                            agreed_daily_interest_bp, daily_interest_bp, version, updated_at)
        SELECT i, 'GM' || $1 || lpad(nextval('order_no_seq')::text, 8, '0'), $2, $3, s, $4, $5, $6, 'placed', a, f, t,
               $7, $8, $9::date, ed::date, sz, $10, $11, d, $12, $13, 1, $8
        FROM unnest($14::uuid[], $15::uuid[], $16::int8[], $17::int8[], $18::int8[], $19::text[], $20::text[],
                    $21::int8[])
            WITH ORDINALITY AS x(i, s, a, f, t, ed, sz, d, n)
        ORDER BY n
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .text, .uuid, .uuid, .text, .uuid, .text, .uuid, .timestamptz, .text, .text, .int8, .int8, .int8,
        .uuidArray, .uuidArray, .int8Array, .int8Array, .int8Array, .textArray, .textArray, .int8Array,
    ]
    /// `YYYYMMDD` of the placement day, the middle of the order number.
    var day: String
    var placementID: UUID
    var unit: ID<Organisation>
    var region: String
    var budgetLine: ID<BudgetLine>
    var method: String
    var placedBy: ID<User>
    var now: Date
    var placedOn: String
    var paymentClock: String
    var agreedTermDays: Int?
    var agreedDailyInterest: Int?
    var dailyInterest: Int
    var ids: [UUID]
    var suppliers: [UUID]
    var amounts: [Int64]
    var fees: [Int64]
    var totals: [Int64]
    var expectedDelivery: [String]
    var supplierSizes: [String]
    var termDays: [Int]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 21)
        bindings.append(day)
        bindings.append(placementID)
        bindings.append(unit)
        bindings.append(region)
        bindings.append(budgetLine)
        bindings.append(method)
        bindings.append(placedBy)
        bindings.append(now)
        bindings.append(placedOn)
        bindings.append(paymentClock)
        bindings.append(agreedTermDays)
        bindings.append(agreedDailyInterest)
        bindings.append(dailyInterest)
        bindings.append(ids)
        bindings.append(suppliers)
        bindings.append(amounts)
        bindings.append(fees)
        bindings.append(totals)
        bindings.append(expectedDelivery)
        bindings.append(supplierSizes)
        bindings.append(termDays)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// Every priced line of a placement with its breakdown (DOMAIN.md §O1), one array per column.
struct InsertOrderLines: PostgresPreparedStatement {
    static let name = "InsertOrderLines"
    typealias Row = Void
    static let sql = """
        INSERT INTO order_lines (order_id, line_no, listing_id, category_code, title, brand, model, unit, quantity,
                                 unit_price_fen, percent_off_bp, line_amount_fen, fees_fen, total_fen, breakdown)
        SELECT o, n, l, c, ti, b, m, u, q, p, po, a, f, t, bd::jsonb
        FROM unnest($1::uuid[], $2::int8[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                    $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::int8[], $15::text[])
            AS x(o, n, l, c, ti, b, m, u, q, p, po, a, f, t, bd)
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .uuidArray, .int8Array, .uuidArray, .textArray, .textArray, .textArray, .textArray, .textArray,
        .int8Array, .int8Array, .int8Array, .int8Array, .int8Array, .int8Array, .textArray,
    ]
    var orderIDs: [UUID] = []
    var numbers: [Int] = []
    var listingIDs: [UUID] = []
    var categories: [String] = []
    var titles: [String] = []
    var brands: [String] = []
    var models: [String] = []
    var units: [String] = []
    var quantities: [Int64] = []
    var prices: [Int64] = []
    var percents: [Int] = []
    var amounts: [Int64] = []
    var fees: [Int64] = []
    var totals: [Int64] = []
    var breakdowns: [String] = []

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 15)
        bindings.append(orderIDs)
        bindings.append(numbers)
        bindings.append(listingIDs)
        bindings.append(categories)
        bindings.append(titles)
        bindings.append(brands)
        bindings.append(models)
        bindings.append(units)
        bindings.append(quantities)
        bindings.append(prices)
        bindings.append(percents)
        bindings.append(amounts)
        bindings.append(fees)
        bindings.append(totals)
        bindings.append(breakdowns)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// Several audit entries in their order; optional values travel as text, '' standing for NULL (DOMAIN.md §X1).
struct InsertAuditEntries: PostgresPreparedStatement {
    static let name = "InsertAuditEntries"
    typealias Row = Void
    static let sql = """
        INSERT INTO audit_log (id, occurred_at, actor_user_id, actor_org_id, action, entity_type, entity_id,
                               region_code, before, after, request_id)
        SELECT i, t, nullif(u, '')::uuid, nullif(o, '')::uuid, a, e, nullif(en, '')::uuid, nullif(r, ''),
               nullif(b, '')::jsonb, nullif(af, '')::jsonb, nullif(q, '')
        FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::text[], $9::text[], $10::text[], $11::text[])
            WITH ORDINALITY AS x(i, t, u, o, a, e, en, r, b, af, q, n)
        ORDER BY n
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .uuidArray, .timestamptzArray, .textArray, .textArray, .textArray, .textArray, .textArray, .textArray,
        .textArray, .textArray, .textArray,
    ]
    var ids: [UUID]
    var occurredAt: [Date]
    var actorUsers: [String]
    var actorOrgs: [String]
    var actions: [String]
    var entityTypes: [String]
    var entityIDs: [String]
    var regions: [String]
    var befores: [String]
    var afters: [String]
    var requestIDs: [String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 11)
        bindings.append(ids)
        bindings.append(occurredAt)
        bindings.append(actorUsers)
        bindings.append(actorOrgs)
        bindings.append(actions)
        bindings.append(entityTypes)
        bindings.append(entityIDs)
        bindings.append(regions)
        bindings.append(befores)
        bindings.append(afters)
        bindings.append(requestIDs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// A new draft listing, returned as ``ListingStore/columns`` (the first half of `ListingStore.create`). The
/// supplier comes from the organisation, which must be a supplier, else no row; the poverty-county flag from its
/// region or the declared origin county.
struct InsertListing: PostgresPreparedStatement {
    static let name = "InsertListing"
    typealias Row = [PostgresCell]
    static let sql = """
        WITH l AS (
            INSERT INTO listings (
                id, supplier_id, region_code, category_code, status, title, brand, model, specs, unit,
                price_fen, tiers, fees, stock, lead_time_days, delivery_regions, image_urls,
                green_certificates, green, green_until, poverty_county, government_only, duplicate_key,
                version, created_at, updated_at, origin_county)
            SELECT $1, o.id, o.region_code, $2, 'draft', $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb, $10::jsonb, $11,
                   $12, $13, $14, $15::jsonb, $16, $17::date,
                   EXISTS (SELECT 1 FROM poverty_counties p JOIN policy_settings s
                           ON s.key = 'poverty_list_version' AND s.value = p.list_version
                           WHERE p.code = coalesce($18::char(6), o.region_code)),
                   $19, $20, 1, $21, $21, $18::char(6)
            FROM organisations o WHERE o.id = $22 AND o.kind = 'supplier'
            RETURNING *)
        SELECT \(ListingStore.columns) FROM l JOIN organisations o ON o.id = l.supplier_id
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .uuid, .text, .text, .text, .text, .text, .text, .int8, .text, .text, .int8, .int8, .textArray, .textArray,
        .text, .bool, .text, .text, .bool, .text, .timestamptz, .uuid,
    ]
    var id: UUID
    var content: ListingContent
    var specs: String
    var tiers: String
    var fees: String
    var greenCertificates: String
    var stock: Int64
    var leadTimeDays: Int
    var green: Bool
    var greenUntil: String?
    var now: Date
    var supplier: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 22)
        bindings.append(id)
        bindings.append(content.categoryCode)
        bindings.append(content.title)
        bindings.append(content.brand)
        bindings.append(content.model)
        bindings.append(specs)
        bindings.append(content.unit)
        bindings.append(content.priceFen.rawValue)
        bindings.append(tiers)
        bindings.append(fees)
        bindings.append(stock)
        bindings.append(leadTimeDays)
        bindings.append(content.deliveryRegions.map(\.rawValue))
        bindings.append(content.imageUrls)
        bindings.append(greenCertificates)
        bindings.append(green)
        bindings.append(greenUntil)
        bindings.append(content.originCounty?.rawValue)
        bindings.append(content.governmentOnly)
        bindings.append(content.duplicateKey)
        bindings.append(now)
        bindings.append(supplier)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { Array(row) }
}

/// The first price-history entries of new listings (reason `created`), in one statement.
struct InsertFirstPrices: PostgresPreparedStatement {
    static let name = "InsertFirstPrices"
    typealias Row = Void
    static let sql = """
        INSERT INTO listing_price_history (id, listing_id, old_price_fen, new_price_fen, changed_by, changed_at, reason)
        SELECT i, l, NULL, p, $4, $5, 'created'
        FROM unnest($1::uuid[], $2::uuid[], $3::int8[]) WITH ORDINALITY AS x(i, l, p, n)
        ORDER BY n
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuidArray, .uuidArray, .int8Array, .uuid, .timestamptz]
    var ids: [UUID]
    var listingIDs: [UUID]
    var prices: [Int64]
    var by: UUID
    var at: Date

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(ids)
        bindings.append(listingIDs)
        bindings.append(prices)
        bindings.append(by)
        bindings.append(at)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// Claims an idempotency key: a row when the key is new (DESIGN.md §4).
struct ClaimIdempotencyKey: PostgresPreparedStatement {
    static let name = "ClaimIdempotencyKey"
    typealias Row = Int
    static let sql = """
        INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response_body, created_at)
        VALUES ($1, $2, $3, 0, '', $4)
        ON CONFLICT (user_id, key) DO NOTHING
        RETURNING 1
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .text, .text, .timestamptz]
    var userID: ID<User>
    var key: String
    var requestHash: String
    var now: Date

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(userID)
        bindings.append(key)
        bindings.append(requestHash)
        bindings.append(now)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int.self) }
}

/// Stores the response of the request that claimed an idempotency key.
struct CompleteIdempotencyKey: PostgresPreparedStatement {
    static let name = "CompleteIdempotencyKey"
    typealias Row = Void
    static let sql = "UPDATE idempotency_keys SET status_code = $1, response_body = $2 WHERE user_id = $3 AND key = $4"
    static let bindingDataTypes: [PostgresDataType] = [.int8, .text, .uuid, .text]
    var status: Int
    var body: String
    var userID: ID<User>
    var key: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(status)
        bindings.append(body)
        bindings.append(userID)
        bindings.append(key)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// The approved §T1 exemptions of a unit's year and budget project (SplitExemptionStore).
struct ApprovedSplitExemptions: PostgresPreparedStatement {
    static let name = "ApprovedSplitExemptions"
    typealias Row = String
    static let sql = """
        SELECT category_group FROM split_exemptions
        WHERE unit_id = $1 AND fiscal_year = $2 AND budget_project = $3 AND state = 'approved'
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .int8, .text]
    var unit: ID<Organisation>
    var fiscalYear: Int
    var project: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(unit)
        bindings.append(fiscalYear)
        bindings.append(project)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(String.self) }
}

/// The priced lines of some orders, in order (the placement's response).
struct LinesOfOrders: PostgresPreparedStatement {
    static let name = "LinesOfOrders"
    typealias Row = (ID<Order>, Int, ID<Listing>, String, String, String, String, String, Int64, Fen, Int, Fen, Fen, Fen,
        String)
    static let sql = """
        SELECT order_id, line_no, listing_id, category_code, title, brand, model, unit, quantity, unit_price_fen,
               percent_off_bp, line_amount_fen, fees_fen, total_fen, breakdown::text
        FROM order_lines WHERE order_id = ANY($1)
        ORDER BY order_id, line_no LIMIT 100000
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuidArray]
    var orderIDs: [UUID]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(orderIDs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

extension PostgresConnection {
    /// Runs a prepared statement whose rows do not matter, draining them.
    func run(_ statement: some PostgresPreparedStatement, logger: Logger) async throws {
        for try await _ in try await execute(statement, logger: logger) {}
    }
}
