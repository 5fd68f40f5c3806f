import Foundation
import Logging
import MallCore
import PostgresNIO

/// The open-data feed (DOMAIN.md §X2, issue 6 point 6): which OCDS releases are published, in which order, and
/// the snapshots they are built from. The releases themselves are built by MallCore's `OCDSReleaseBuilder` in
/// the API; this store only reads facts and records publication.
///
/// **Writing.** ``recordOrderRelease(orderID:stage:now:on:logger:)`` runs in the transaction that accepts or pays
/// an order, ``recordAgreementRelease(agreementID:stage:now:on:logger:)`` in the one that changes what an
/// agreement publishes (`OpenDataStore+Agreements`), each as the transaction's last write: the release is in the
/// feed exactly when the change commits (no lag).
///
/// **Order and `since=`.** The feed is ordered by `(release_date, seq)`. Both are fixed under one advisory lock
/// held to commit, with the date raised to the latest already in the feed when the change's own instant is
/// earlier, so rows become visible in feed order: a client that polls with `since=` the latest release `date`
/// it has seen (inclusive) never loses a release (see `Schema/0010_ocds.sql`).
///
/// **Kinds.** Every feed row has a kind, and each kind its own snapshot loader (``Source``): mall orders
/// (``orderSnapshots(ids:on:logger:)``; a stage-2 order carries its agreement as `OpenDataOrder.callOff`) and
/// framework agreements (`agreementSnapshots`, `Schema/0012_ocds_agreements.sql`).
package struct OpenDataStore: Sendable {
    package let database: Database

    /// Creates the store.
    package init(database: Database) { self.database = database }

    /// The advisory lock that orders the feed's writers (`gomall` and 2; the audit chain's sequencer has 1).
    static let feedLockKey: Int64 = 0x676F_6D61_6C6C_0002

    // MARK: - Feed rows

    /// The publication stages of a mall order's releases (OCDS release ids `…-accepted`, `…-paid`).
    package enum OrderStage: String, Sendable, Hashable, CaseIterable {
        /// The unit's acceptance check passed (履约验收, DOMAIN.md §O2): the order is complete.
        case accepted
        /// The unit paid the order.
        case paid

        /// The stage an order enters with `state`, if that state is published.
        package init?(entering state: OrderState) {
            switch state {
            case .accepted: self = .accepted
            case .paid: self = .paid
            default: return nil
            }
        }
    }

    /// One published release with the facts to build it from.
    package struct Release: Sendable {
        /// The feed position.
        package var seq: Int64
        /// The release's `date`: the instant its information was recorded in the feed.
        package var date: Date
        /// What the release is about, with its snapshot.
        package var source: Source
        /// `release_date` exactly as stored (microseconds, UTC), for cursors.
        package var sortKey: String
    }

    /// What a release is about: one case per kind of feed row.
    package enum Source: Sendable {
        /// A mall order (direct purchase, competition, stage-2 order) at one stage. The snapshot holds every
        /// fact known now; a release of the `accepted` stage is built as of acceptance (without the payment).
        case order(OpenDataOrder, OrderStage)
        /// A framework agreement's stage 1 as of one release (revision), with the change that made it.
        case agreement(OpenDataAgreement, AgreementStage)
    }

    /// A feed row before its snapshot is loaded.
    struct Row: Sendable {
        var seq: Int64
        var kind: String
        var stage: String
        var orderID: ID<Order>?
        var agreementID: ID<Agreement>?
        var revision: Int?
        /// The members as of an agreement release (`ocds_releases.admissions`, JSON text).
        var admissions: String?
        var date: Date
        var sortKey: String
    }

    static let rowColumns = """
        r.seq, r.kind, r.stage, r.order_id, r.agreement_id, r.revision, r.admissions::text, r.release_date,
        to_char(r.release_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """

    /// Records that an order entered a published stage, in the caller's transaction (which must be READ
    /// COMMITTED). Takes the feed's lock, so call it as the transaction's last write; a stage recorded before is
    /// left as it is.
    package static func recordOrderRelease(
        orderID: ID<Order>, stage: OrderStage, now: Date, on conn: PostgresConnection, logger: Logger
    ) async throws {
        try await conn.query("SELECT pg_advisory_xact_lock(\(feedLockKey))", logger: logger)
        try await conn.query(
            """
            INSERT INTO ocds_releases (kind, stage, order_id, release_date)
            SELECT 'order', \(stage.rawValue), \(orderID),
                   greatest(\(now)::timestamptz, (SELECT max(release_date) FROM ocds_releases))
            ON CONFLICT (order_id, stage) DO NOTHING
            """, logger: logger)
    }

    /// One page of the feed with its snapshots: releases dated at or after `since`, after the cursor, in feed
    /// order, at most `limit`.
    ///
    /// - Throws: `DomainError` `open_data.snapshot_inconsistent` when a row's source is missing or unreadable
    ///   (a server fault).
    package func releases(
        since: Date?, after cursor: (String, Int64)?, limit: Int, logger: Logger
    ) async throws -> [Release] {
        try await database.withConnection { conn in
            let rows = try await Self.rows(
                conn.query(
                    """
                    SELECT \(unescaped: Self.rowColumns) FROM ocds_releases r
                    WHERE (\(since)::timestamptz IS NULL OR r.release_date >= \(since)::timestamptz)
                      AND (\(cursor?.0)::timestamptz IS NULL
                           OR (r.release_date, r.seq) > (\(cursor?.0)::timestamptz, \(cursor?.1)::bigint))
                    ORDER BY r.release_date, r.seq
                    LIMIT \(limit)
                    """, logger: logger))
            return try await load(rows, on: conn, logger: logger)
        }
    }

    /// Every release of one order, oldest first; empty when the order is unknown or not accepted yet.
    package func releases(orderID: ID<Order>, logger: Logger) async throws -> [Release] {
        try await database.withConnection { conn in
            let rows = try await Self.rows(
                conn.query(
                    """
                    SELECT \(unescaped: Self.rowColumns) FROM ocds_releases r
                    WHERE r.order_id = \(orderID)
                    ORDER BY r.release_date, r.seq
                    LIMIT \(OrderStage.allCases.count)
                    """, logger: logger))
            return try await load(rows, on: conn, logger: logger)
        }
    }

    static func rows(_ sequence: PostgresRowSequence) async throws -> [Row] {
        var result: [Row] = []
        for try await (seq, kind, stage, order, agreement, revision, admissions, date, sortKey) in sequence.decode(
            (Int64, String, String, ID<Order>?, ID<Agreement>?, Int?, String?, Date, String).self)
        {
            result.append(
                Row(
                    seq: seq, kind: kind, stage: stage, orderID: order, agreementID: agreement, revision: revision,
                    admissions: admissions, date: date, sortKey: sortKey))
        }
        return result
    }

    /// Loads the snapshots of feed rows, one batch per kind, and pairs them up in the rows' order.
    func load(_ rows: [Row], on conn: PostgresConnection, logger: Logger) async throws -> [Release] {
        let orderIDs = rows.compactMap { $0.kind == "order" ? $0.orderID : nil }
        let orders = orderIDs.isEmpty ? [:] : try await orderSnapshots(ids: orderIDs, on: conn, logger: logger)
        let agreementRows = rows.filter { $0.kind == "agreement" }
        let agreements =
            agreementRows.isEmpty ? [:] : try await agreementSnapshots(agreementRows, on: conn, logger: logger)
        return try rows.map { row -> Release in
            switch row.kind {
            case "order":
                guard let id = row.orderID, let stage = OrderStage(rawValue: row.stage), let order = orders[id],
                    stage != .paid || order.paidAt != nil
                else { throw Self.missing("order release \(row.seq) (order \(row.orderID?.description ?? "none"))") }
                return Release(seq: row.seq, date: row.date, source: .order(order, stage), sortKey: row.sortKey)
            case "agreement":
                guard let stage = AgreementStage(rawValue: row.stage), let agreement = agreements[row.seq] else {
                    throw Self.missing(
                        "agreement release \(row.seq) (agreement \(row.agreementID?.description ?? "none"))")
                }
                return Release(
                    seq: row.seq, date: row.date, source: .agreement(agreement, stage), sortKey: row.sortKey)
            default:
                throw Self.missing("release \(row.seq) of kind \(row.kind), which this server does not publish")
            }
        }
    }

    static func missing(_ what: String) -> DomainError {
        DomainError(
            .openDataSnapshotInconsistent, "the facts of \(what) cannot be read",
            fields: [.init(field: "source", code: "inconsistent", message: what)])
    }

    // MARK: - Order snapshots

    /// The open-data snapshots of orders (DOMAIN.md §X2): the order, its unit and supplier (names, regions, the
    /// supplier's size at contract time and 832 status), its lines with their 品目 names and the green
    /// certificates the products held on the order date, the confirmation, acceptance and payment instants from
    /// the audit rows of those actions, and, for a competition's order, the number of tenderers and whether the
    /// SME price deduction applied, and, for a stage-2 order, its agreement and stage-2 method (`callOff`, the
    /// release's `relatedProcesses`). Every fee of a mall order is a line's (DOMAIN.md §C4: declared on the
    /// listing, `orders.fees_fen` is their sum), so line totals include them and `orderFeesFen` is zero; the
    /// builder then checks that the lines sum to the order total. No person: the acceptor, the buyer's users
    /// and the actors of the audit rows are never read.
    ///
    /// - Throws: `DomainError` `open_data.snapshot_inconsistent` for an order without the audit row of its
    ///   confirmation or of a passed acceptance, or with a method, stage-2 method or region this server does not
    ///   know.
    func orderSnapshots(
        ids: [ID<Order>], on conn: PostgresConnection, logger: Logger
    ) async throws -> [ID<Order>: OpenDataOrder] {
        let uuids = ids.map(\.uuid)
        let lines = try await orderLines(ids: uuids, on: conn, logger: logger)
        let rows = try await conn.query(
            """
            SELECT o.id, o.order_no, o.method, o.total_fen, o.supplier_size, o.placed_at,
                   u.id, u.name, u.region_code::text, s.id, s.name, s.region_code::text,
                   EXISTS (SELECT 1 FROM poverty_counties p JOIN policy_settings ps
                           ON ps.key = 'poverty_list_version' AND ps.value = p.list_version
                           WHERE p.code = s.region_code),
                   (SELECT min(a.occurred_at) FROM audit_log a
                    WHERE a.entity_type = 'order' AND a.entity_id = o.id AND a.action = 'order.confirm'),
                   (SELECT max(a.occurred_at) FROM audit_log a
                    WHERE a.entity_type = 'order' AND a.entity_id = o.id AND a.action = 'order.record_acceptance'
                      AND a.after ->> 'state' = 'accepted'),
                   (SELECT max(a.occurred_at) FROM audit_log a
                    WHERE a.entity_type = 'order' AND a.entity_id = o.id AND a.action = 'order.pay'),
                   c.tenderers, c.deduction, fa.id, fa.title, o.stage_two_method
            FROM orders o
            JOIN organisations u ON u.id = o.unit_id
            JOIN organisations s ON s.id = o.supplier_id
            LEFT JOIN agreements fa ON fa.id = o.agreement_id
            LEFT JOIN LATERAL (
                SELECT (SELECT count(DISTINCT q.supplier_id) FROM competition_quotes q
                        WHERE q.competition_id = c.id)::int AS tenderers,
                       coalesce(EXISTS (SELECT 1 FROM jsonb_array_elements(c.result -> 'ranking') r
                                        WHERE (r ->> 'deductionApplied')::boolean), false) AS deduction
                FROM competitions c WHERE c.order_id = o.id
                LIMIT 1
            ) c ON true
            WHERE o.id = ANY(\(uuids))
            LIMIT \(uuids.count)
            """, logger: logger)
        var result: [ID<Order>: OpenDataOrder] = [:]
        for try await row in rows {
            let (
                id, orderNo, method, total, size, placedAt, unitID, unitName, unitRegion, supplierID,
                supplierName, supplierRegion, poverty, confirmedAt, acceptedAt, paidAt, tenderers, deduction,
                agreementID, agreementTitle, stageTwoMethod
            ) = try row.decode(
                (
                    ID<Order>, String, String, Fen, String, Date, ID<Organisation>, String, String,
                    ID<Organisation>, String, String, Bool, Date?, Date?, Date?, Int?, Bool?, UUID?, String?, String?
                ).self)
            guard let method = ProcurementMethod(rawValue: method), let unitRegion = RegionCode(unitRegion),
                let supplierRegion = RegionCode(supplierRegion)
            else { throw Self.missing("order \(id) (a method or region this server does not know)") }
            // A stage-2 order names its agreement and method (DOMAIN.md §F5, §F9); the builder refuses a
            // framework-agreement order without them.
            var callOff: OpenDataOrder.CallOff?
            if let agreementID, let agreementTitle, let stageTwoMethod {
                guard let stageTwo = OpenDataStageTwoMethod(rawValue: stageTwoMethod) else {
                    throw Self.missing("order \(id) (stage-2 method \(stageTwoMethod))")
                }
                callOff = OpenDataOrder.CallOff(
                    agreementID: agreementID, agreementTitle: agreementTitle, method: stageTwo)
            }
            guard let confirmedAt, let acceptedAt else {
                throw Self.missing("order \(id) (no audit row of its confirmation or of a passed acceptance)")
            }
            let lineList = lines[id] ?? []
            result[id] = OpenDataOrder(
                id: id, orderNo: orderNo, title: OpenDataOrder.title(for: lineList), method: method,
                unit: OpenDataOrganisation(id: unitID, name: unitName, region: unitRegion),
                supplier: OpenDataOrganisation(
                    id: supplierID, name: supplierName, region: supplierRegion,
                    size: EnterpriseSize(rawValue: size), isPovertyCounty: poverty),
                lines: lineList, orderFeesFen: .zero, totalFen: total, placedAt: placedAt,
                confirmedAt: confirmedAt, acceptedAt: acceptedAt, paidAt: paidAt,
                callOff: callOff, numberOfTenderers: tenderers,
                smeMeasures: deduction == true ? [.priceDeduction] : [])
        }
        return result
    }

    /// The lines of orders with their 品目 names and the green certificate kinds valid on the order date.
    func orderLines(
        ids: [UUID], on conn: PostgresConnection, logger: Logger
    ) async throws -> [ID<Order>: [OpenDataOrder.Line]] {
        let rows = try await conn.query(
            """
            SELECT l.order_id, l.line_no, l.title, l.category_code, c.name, l.quantity, l.unit, l.unit_price_fen,
                   l.total_fen, li.green_certificates::text, to_char(o.placed_on, 'YYYY-MM-DD')
            FROM order_lines l
            JOIN orders o ON o.id = l.order_id
            JOIN categories c ON c.code = l.category_code
            JOIN listings li ON li.id = l.listing_id
            WHERE l.order_id = ANY(\(ids))
            ORDER BY l.order_id, l.line_no
            LIMIT 100000
            """, logger: logger)
        let decoder = JSONDecoder()
        var result: [ID<Order>: [OpenDataOrder.Line]] = [:]
        for try await (order, number, title, code, name, quantity, unit, price, total, certificates, placedOn)
            in rows.decode((ID<Order>, Int, String, String, String, Int64, String, Fen, Fen, String, String).self)
        {
            guard let placedOn = LocalDate(placedOn) else { throw Self.missing("the order date of order \(order)") }
            let held = try decoder.decode([GreenCertificate].self, from: Data(certificates.utf8))
                .filter { $0.isValid(on: placedOn) }
            let kinds = Set(
                held.map { certificate -> OpenDataGreenCertificate in
                    switch certificate.kind {
                    case .energySaving: .energySaving
                    case .ecoLabel: .ecoLabel
                    }
                })
            result[order, default: []].append(
                OpenDataOrder.Line(
                    number: number, title: title, categoryCode: code, categoryName: name, quantity: quantity,
                    unitName: unit, unitPriceFen: price, lineTotalFen: total, greenCertificates: kinds))
        }
        return result
    }
}
