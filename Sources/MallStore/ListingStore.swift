import Foundation
import Logging
import MallCore
import PostgresNIO

/// Supplier listings: creation, review, revisions, price history and price control (DOMAIN.md §C).
///
/// Public methods open their own transaction; the `on conn:` variants compose into a caller's
/// transaction (the API's idempotency wrapper uses them).
package struct ListingStore: Sendable {
    package let database: Database
    package let ids: IDGenerator
    package let audit: AuditStore
    package let catalog: CatalogStore
    package let priceControl: PriceControl

    package init(database: Database, ids: IDGenerator, priceControl: PriceControl) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
        self.catalog = CatalogStore(database: database, ids: ids)
        self.priceControl = priceControl
    }

    // MARK: - Records

    /// A listing as stored.
    package struct Record: Sendable, Equatable {
        package var id: ID<Listing>
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var regionCode: String
        package var status: ListingStatus
        package var content: ListingContent
        package var stock: Int64
        package var leadTimeDays: Int
        package var green: Bool
        package var povertyCounty: Bool
        package var version: Int
        package var rejectReason: String?
        package var delistReason: String?
        package var priceFlaggedAt: Date?
        package var createdAt: Date
        package var updatedAt: Date
        package var approvedAt: Date?
        /// `created_at` exactly as stored, for cursors.
        package var sortKey: String
    }

    /// A reference price as stored.
    package struct ReferenceRecord: Sendable, Equatable {
        package var id: ID<ReferencePrice>
        package var kind: String
        package var source: String
        package var url: String?
        package var priceFen: Fen
        package var capturedAt: Date
        package var createdAt: Date
    }

    /// A reference price to add.
    package struct NewReference: Sendable, Equatable {
        package var kind: String
        package var source: String
        package var url: String?
        package var priceFen: Fen
        package var capturedAt: Date

        package init(kind: String, source: String, url: String?, priceFen: Fen, capturedAt: Date) {
            self.kind = kind
            self.source = source
            self.url = url
            self.priceFen = priceFen
            self.capturedAt = capturedAt
        }
    }

    /// A pending (or past) revision.
    package struct RevisionRecord: Sendable, Equatable {
        package var id: ID<ListingRevision>
        package var status: String
        package var content: ListingContent
        package var createdAt: Date
        package var reviewedAt: Date?
        package var reason: String?
    }

    /// A price history entry (DOMAIN.md §C6).
    package struct PriceChange: Sendable, Equatable {
        package var id: UUID
        package var oldPriceFen: Fen?
        package var newPriceFen: Fen
        package var changedBy: ID<User>
        package var changedAt: Date
        package var reason: String
        package var sortKey: String
    }

    static let columns = """
        l.id, l.supplier_id, o.name, l.region_code::text, l.status, l.category_code, l.title, l.brand, l.model,
        l.specs::text, l.unit, l.price_fen, l.tiers::text, l.fees::text, l.delivery_regions, l.image_urls,
        l.green_certificates::text, l.government_only, l.stock, l.lead_time_days, l.green, l.poverty_county, l.version,
        l.reject_reason, l.delist_reason, l.price_flagged_at, l.created_at, l.updated_at, l.approved_at,
        to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), l.origin_county::text
        """

    static func decode(_ rows: PostgresRowSequence) async throws -> [Record] {
        let decoder = JSONDecoder()
        var result: [Record] = []
        for try await row in rows {
            if let record = try record(Array(row), decoder: decoder) { result.append(record) }
        }
        return result
    }

    /// The listing in the first ``columns`` cells of a row (`nil` for an unknown status).
    static func record(_ cells: [PostgresCell], decoder: JSONDecoder) throws -> Record? {
        guard let status = ListingStatus(rawValue: try cells[4].decode(String.self)) else { return nil }
        // The jsonb columns come as PostgreSQL's JSON text. JSONValue's parser reads them, and each list item is built
        // from the parsed value when it has exactly the shape its Codable form writes; JSONDecoder is the fallback for
        // everything else (docs/benchmarks.md, 2026-11-24 03:02 and 09:14).
        func specs(_ index: Int) throws -> [String: JSONValue] {
            let text = try cells[index].decode(String.self)
            if case .object(let object)? = JSONValue.parse(text) { return object }
            return try decoder.decode([String: JSONValue].self, from: Data(text.utf8))
        }
        func list<T: Decodable>(_ index: Int, _ item: (JSONValue) -> T?) throws -> [T] {
            let text = try cells[index].decode(String.self)
            if text == "[]" { return [] }
            if let items = JSONValue.parseList(text, item) { return items }
            return try decoder.decode([T].self, from: Data(text.utf8))
        }
        let content = ListingContent(
            categoryCode: try cells[5].decode(String.self), title: try cells[6].decode(String.self),
            brand: try cells[7].decode(String.self), model: try cells[8].decode(String.self),
            specs: try specs(9), unit: try cells[10].decode(String.self),
            priceFen: try cells[11].decode(Fen.self), tiers: try list(12, PriceTier.init(json:)),
            fees: try list(13, DeclaredFee.init(json:)),
            deliveryRegions: try cells[14].decode([String].self).compactMap(RegionCode.init),
            imageUrls: try cells[15].decode([String].self),
            greenCertificates: try list(16, GreenCertificate.init(json:)),
            governmentOnly: try cells[17].decode(Bool.self),
            originCounty: try cells[30].decode(String?.self).flatMap(RegionCode.init))
        return Record(
            id: try cells[0].decode(ID<Listing>.self), supplierID: try cells[1].decode(ID<Organisation>.self),
            supplierName: try cells[2].decode(String.self), regionCode: try cells[3].decode(String.self),
            status: status, content: content, stock: try cells[18].decode(Int64.self),
            leadTimeDays: try cells[19].decode(Int.self), green: try cells[20].decode(Bool.self),
            povertyCounty: try cells[21].decode(Bool.self), version: try cells[22].decode(Int.self),
            rejectReason: try cells[23].decode(String?.self), delistReason: try cells[24].decode(String?.self),
            priceFlaggedAt: try cells[25].decode(Date?.self), createdAt: try cells[26].decode(Date.self),
            updatedAt: try cells[27].decode(Date.self), approvedAt: try cells[28].decode(Date?.self),
            sortKey: try cells[29].decode(String.self))
    }

    /// How many cells ``columns`` spans.
    static let columnCount = 31

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: - Reads

    /// One listing by id (any status; the API decides what the caller may see).
    package func listing(id: ID<Listing>, logger: Logger) async throws -> Record? {
        try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM listings l JOIN organisations o ON o.id = l.supplier_id
                WHERE l.id = \(id)
                """, logger: logger)
        ).first
    }

    /// One listing by id with its reference prices (newest capture first, at most 100), in one prepared statement
    /// (``ListingWithReferences``): the read path of `GET /api/v1/listings/{id}`, one round trip instead of two,
    /// planned once per connection. bench/catalog/listing.sql runs this very statement under pgbench.
    package func listingWithReferences(id: ID<Listing>, logger: Logger) async throws
        -> (record: Record, references: [ReferenceRecord])?
    {
        let rows = try await database.execute(ListingWithReferences(id: id.uuid), logger: logger)
        let decoder = JSONDecoder()
        for cells in rows {
            guard let record = try Self.record(cells, decoder: decoder) else { return nil }
            let n = Self.columnCount
            let ids = try cells[n].decode([UUID].self)
            let kinds = try cells[n + 1].decode([String].self)
            let sources = try cells[n + 2].decode([String].self)
            let urls = try cells[n + 3].decode([String].self)
            let prices = try cells[n + 4].decode([Int64].self)
            let captured = try cells[n + 5].decode([Date].self)
            let created = try cells[n + 6].decode([Date].self)
            let references = ids.indices.map { index in
                ReferenceRecord(
                    id: ID(ids[index]), kind: kinds[index], source: sources[index],
                    url: urls[index].isEmpty ? nil : urls[index], priceFen: Fen(prices[index]),
                    capturedAt: captured[index], createdAt: created[index])
            }
            return (record, references)
        }
        return nil
    }

    func lockListing(id: ID<Listing>, on conn: PostgresConnection, logger: Logger) async throws -> Record? {
        try await Self.decode(
            conn.query(
                """
                SELECT \(unescaped: Self.columns) FROM listings l JOIN organisations o ON o.id = l.supplier_id
                WHERE l.id = \(id) FOR UPDATE OF l
                """, logger: logger)
        ).first
    }

    /// Which listings a list shows.
    package enum Scope: Sendable, Equatable {
        /// Every listing (operators).
        case all
        /// One supplier's own listings, any status.
        case supplier(ID<Organisation>)
        /// Approved listings only (units, regulators, other suppliers).
        case approved
    }

    /// Listings newest first within a scope, with optional filters, after a `(created_at, id)` cursor.
    package func listings(
        scope: Scope, status: ListingStatus?, categoryPrefix: String?, supplier: ID<Organisation>?,
        flaggedOnly: Bool = false, after cursor: (String, UUID)?, limit: Int, logger: Logger
    ) async throws -> [Record] {
        var owner: ID<Organisation>? = supplier
        var onlyStatus = status?.rawValue
        switch scope {
        case .all: break
        case .supplier(let id):
            if let supplier, supplier != id { return [] }
            owner = id
        case .approved:
            if let status, status != .approved { return [] }
            onlyStatus = ListingStatus.approved.rawValue
        }
        let pattern = categoryPrefix.map { $0 + "%" }
        return try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM listings l JOIN organisations o ON o.id = l.supplier_id
                WHERE (\(owner)::uuid IS NULL OR l.supplier_id = \(owner)::uuid)
                  AND (\(onlyStatus)::text IS NULL OR l.status = \(onlyStatus)::text)
                  AND (\(pattern)::text IS NULL OR l.category_code LIKE \(pattern)::text)
                  AND (NOT \(flaggedOnly) OR l.price_flagged_at IS NOT NULL)
                  AND (\(cursor?.0)::timestamptz IS NULL
                       OR (l.created_at, l.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
                ORDER BY l.created_at DESC, l.id DESC
                LIMIT \(limit)
                """, logger: logger))
    }

    /// The reference prices of a listing, newest capture first.
    package func references(listingID: ID<Listing>, logger: Logger) async throws -> [ReferenceRecord] {
        try await database.withConnection { conn in try await references(listingID: listingID, on: conn, logger: logger) }
    }

    func references(listingID: ID<Listing>, on conn: PostgresConnection, logger: Logger) async throws
        -> [ReferenceRecord]
    {
        let rows = try await conn.query(
            """
            SELECT id, kind, source, url, price_fen, captured_at, created_at FROM reference_prices
            WHERE listing_id = \(listingID) ORDER BY captured_at DESC, id LIMIT 100
            """, logger: logger)
        var result: [ReferenceRecord] = []
        for try await (id, kind, source, url, price, captured, created) in rows.decode(
            (ID<ReferencePrice>, String, String, String?, Fen, Date, Date).self)
        {
            result.append(
                ReferenceRecord(
                    id: id, kind: kind, source: source, url: url, priceFen: price, capturedAt: captured,
                    createdAt: created))
        }
        return result
    }

    /// The pending revision of a listing, if any.
    package func pendingRevision(listingID: ID<Listing>, logger: Logger) async throws -> RevisionRecord? {
        try await revisions(listingID: listingID, onlyPending: true, logger: logger).first
    }

    /// Revisions of a listing, newest first.
    package func revisions(listingID: ID<Listing>, onlyPending: Bool = false, logger: Logger) async throws
        -> [RevisionRecord]
    {
        let rows = try await database.query(
            """
            SELECT id, status, changes::text, created_at, reviewed_at, reason FROM listing_revisions
            WHERE listing_id = \(listingID) AND (NOT \(onlyPending) OR status = 'pending')
            ORDER BY created_at DESC, id DESC LIMIT 100
            """, logger: logger)
        var result: [RevisionRecord] = []
        for try await (id, status, changes, created, reviewed, reason) in rows.decode(
            (ID<ListingRevision>, String, String, Date, Date?, String?).self)
        {
            result.append(
                RevisionRecord(
                    id: id, status: status,
                    content: try JSONDecoder().decode(ListingContent.self, from: Data(changes.utf8)), createdAt: created,
                    reviewedAt: reviewed, reason: reason))
        }
        return result
    }

    /// The price history of a listing, newest first (DOMAIN.md §C6).
    package func priceHistory(listingID: ID<Listing>, after cursor: (String, UUID)?, limit: Int, logger: Logger)
        async throws -> [PriceChange]
    {
        let rows = try await database.query(
            """
            SELECT id, old_price_fen, new_price_fen, changed_by, changed_at, reason,
                   to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            FROM listing_price_history
            WHERE listing_id = \(listingID)
              AND (\(cursor?.0)::timestamptz IS NULL OR (changed_at, id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
            ORDER BY changed_at DESC, id DESC LIMIT \(limit)
            """, logger: logger)
        var result: [PriceChange] = []
        for try await (id, old, new, by, at, reason, sortKey) in rows.decode(
            (UUID, Fen?, Fen, ID<User>, Date, String, String).self)
        {
            result.append(
                PriceChange(
                    id: id, oldPriceFen: old, newPriceFen: new, changedBy: by, changedAt: at, reason: reason,
                    sortKey: sortKey))
        }
        return result
    }
}

/// The statement of ``ListingStore/listingWithReferences(id:logger:)``: the listing's ``ListingStore/columns``,
/// then its reference prices as parallel arrays (id, kind, source, url or '', price, captured at, created at).
struct ListingWithReferences: LoopStatement {
    static let name = "ListingWithReferences"
    typealias Row = [PostgresCell]

    static let sql = """
        SELECT \(ListingStore.columns), r.ids, r.kinds, r.sources, r.urls, r.prices, r.captured, r.created
        FROM listings l JOIN organisations o ON o.id = l.supplier_id
        CROSS JOIN LATERAL (
            SELECT coalesce(array_agg(x.id ORDER BY x.captured_at DESC, x.id), '{}') AS ids,
                   coalesce(array_agg(x.kind ORDER BY x.captured_at DESC, x.id), '{}') AS kinds,
                   coalesce(array_agg(x.source ORDER BY x.captured_at DESC, x.id), '{}') AS sources,
                   coalesce(array_agg(coalesce(x.url, '') ORDER BY x.captured_at DESC, x.id), '{}') AS urls,
                   coalesce(array_agg(x.price_fen ORDER BY x.captured_at DESC, x.id), '{}') AS prices,
                   coalesce(array_agg(x.captured_at ORDER BY x.captured_at DESC, x.id), '{}') AS captured,
                   coalesce(array_agg(x.created_at ORDER BY x.captured_at DESC, x.id), '{}') AS created
            FROM (SELECT rp.id, rp.kind, rp.source, rp.url, rp.price_fen, rp.captured_at, rp.created_at
                  FROM reference_prices rp WHERE rp.listing_id = l.id
                  ORDER BY rp.captured_at DESC, rp.id LIMIT 100) x
        ) r
        WHERE l.id = $1
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid]

    var id: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { Array(row) }

    var parameter: UUID { id }
}
