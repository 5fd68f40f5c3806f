// The floor of a listing read with GovMall's libraries and nothing of GovMall: Hummingbird 2 answers, PostgresNIO's
// pooled client runs the listing SELECT (the very statement of bench/catalog/listing.sql, prepared once per
// connection), and the answer is the row's raw cells, unread. No middleware, no authentication, no decoding, no
// JSON. Whatever GovMall's GET /api/v1/listings/{id} spends above this is its own code; this much it cannot avoid
// while it keeps these two libraries.
//
//   DATABASE_URL=postgres://user@127.0.0.1:5432/db PORT=18090 POOL=8 .build/release/floor   (bench/floor/run.sh)
//
// Routes: GET /health (no database), GET /pk/{uuid} (the primary-key lookup of bench/catalog/pk.sql),
// GET /listing/{uuid} (the listing SELECT).
import Foundation
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// A statement of one uuid parameter whose rows are handed back as they came.
protocol SelectByID: PostgresPreparedStatement where Row == PostgresRow {
    var id: UUID { get }
}

extension SelectByID {
    static var bindingDataTypes: [PostgresDataType] { [.uuid] }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// The listing SELECT of bench/catalog/listing.sql, with `$1` for the id.
struct ListingSelect: SelectByID {
    static let name = "ListingSelect"
    static let sql = """
        SELECT l.id, l.supplier_id, o.name, l.region_code::text, l.status, l.category_code, l.title, l.brand, \
        l.model, l.specs::text, l.unit, l.price_fen, l.tiers::text, l.fees::text, l.delivery_regions, l.image_urls, \
        l.green_certificates::text, l.government_only, l.stock, l.lead_time_days, l.green, l.poverty_county, \
        l.version, l.reject_reason, l.delist_reason, l.price_flagged_at, l.created_at, l.updated_at, l.approved_at, \
        to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), l.origin_county::text, \
        r.ids, r.kinds, r.sources, r.urls, r.prices, r.captured, r.created \
        FROM listings l JOIN organisations o ON o.id = l.supplier_id CROSS JOIN LATERAL ( \
        SELECT coalesce(array_agg(x.id ORDER BY x.captured_at DESC, x.id), '{}') AS ids, \
        coalesce(array_agg(x.kind ORDER BY x.captured_at DESC, x.id), '{}') AS kinds, \
        coalesce(array_agg(x.source ORDER BY x.captured_at DESC, x.id), '{}') AS sources, \
        coalesce(array_agg(coalesce(x.url, '') ORDER BY x.captured_at DESC, x.id), '{}') AS urls, \
        coalesce(array_agg(x.price_fen ORDER BY x.captured_at DESC, x.id), '{}') AS prices, \
        coalesce(array_agg(x.captured_at ORDER BY x.captured_at DESC, x.id), '{}') AS captured, \
        coalesce(array_agg(x.created_at ORDER BY x.captured_at DESC, x.id), '{}') AS created \
        FROM (SELECT rp.id, rp.kind, rp.source, rp.url, rp.price_fen, rp.captured_at, rp.created_at \
        FROM reference_prices rp WHERE rp.listing_id = l.id ORDER BY rp.captured_at DESC, rp.id LIMIT 100) x) r \
        WHERE l.id = $1
        """
    var id: UUID
}

/// The primary-key lookup of bench/catalog/pk.sql.
struct PKSelect: SelectByID {
    static let name = "PKSelect"
    static let sql = "SELECT id FROM listings WHERE id = $1"
    var id: UUID
}

func configuration(url: String, pool: Int) -> PostgresClient.Configuration {
    guard let parts = URLComponents(string: url), let host = parts.host else { fatalError("bad DATABASE_URL") }
    var configuration = PostgresClient.Configuration(
        host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres", password: parts.password,
        database: String(parts.path.dropFirst()), tls: .disable)
    configuration.options.maximumConnections = pool
    configuration.options.minimumConnections = 0
    return configuration
}

/// The raw cells of every row, as they came off the wire: about the size of the real answer, none of its work.
func rawCells<Rows: AsyncSequence>(_ rows: Rows) async throws -> Response where Rows.Element == PostgresRow {
    var body = ByteBuffer()
    for try await row in rows {
        for cell in row { if var bytes = cell.bytes { body.writeBuffer(&bytes) } }
    }
    guard body.readableBytes > 0 else { return Response(status: .notFound) }
    return Response(
        status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: body))
}

let environment = ProcessInfo.processInfo.environment
var logger = Logger(label: "floor")
logger.logLevel = .warning
let client = PostgresClient(
    configuration: configuration(url: environment["DATABASE_URL"] ?? "", pool: Int(environment["POOL"] ?? "") ?? 8),
    backgroundLogger: logger)

let router = Router()
router.get("health") { _, _ in "ok" }
router.get("pk/:id") { _, context -> Response in
    guard let id = UUID(uuidString: try context.parameters.require("id")) else { return Response(status: .notFound) }
    return try await rawCells(try await client.execute(PKSelect(id: id), logger: logger))
}
router.get("listing/:id") { _, context -> Response in
    guard let id = UUID(uuidString: try context.parameters.require("id")) else { return Response(status: .notFound) }
    return try await rawCells(try await client.execute(ListingSelect(id: id), logger: logger))
}
var app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: Int(environment["PORT"] ?? "") ?? 18090)),
    logger: logger)
app.addServices(client)
try await app.runService()
