import Foundation
import Logging
import MallCore
import PostgresNIO

/// The regulators' warnings feed (issue 6 point 3): one list over every kind of warning, each row with the
/// records that caused it.
///
/// Each kind is a ``Source``: a compile-time SELECT producing the feed's common columns from the table that
/// holds that kind (stored warnings, or facts that are warnings as of today, such as overdue payments).
/// The feed is their `UNION ALL`, filtered and paged as one. **Adding a kind** is one `Source` appended to
/// ``sources`` and one case of `WarningKind`; no other code changes. The columns, in order:
///
/// `kind text, id uuid, region_code char(6), unit_id uuid, unit_name text, supplier_id uuid, supplier_name text,
/// occurred_at timestamptz, amount_fen bigint, message text, records jsonb, details jsonb`
///
/// where `records` is an array of `{"type", "id", "label"}` naming the rows that caused the warning. A source
/// may read the parameters `p.today` (date in China), `p.lo`/`p.hi` (the caller's region as a code range, NULL
/// for all) and `p.freshness` (the reference-price freshness window, an interval), and must filter its region by
/// them.
package struct WarningFeedStore: Sendable {
    package let database: Database

    package init(database: Database) { self.database = database }

    /// One kind of warning and the SQL that lists it.
    package struct Source: Sendable {
        package var kinds: [WarningKind]
        package var sql: String
    }

    /// Every source of the feed.
    package static let sources: [Source] = [
        splitWarnings, priceAboveReference, paymentOverdue, contractNoticeLate, rotationSkips,
    ]

    /// DOMAIN.md §T1, §T2: the stored splitting warnings with the orders that caused them.
    static let splitWarnings = Source(
        kinds: [.splitSuspected, .splitSuspectedNearLimit],
        sql: """
            SELECT w.kind, w.id, w.region_code, w.unit_id, u.name, NULL::uuid, NULL::text, w.created_at, w.sum_fen,
                   w.message,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('type', 'order', 'id', wo.order_id::text,
                                                                 'label', o.order_no) ORDER BY wo.position)
                             FROM split_warning_orders wo JOIN orders o ON o.id = wo.order_id
                             WHERE wo.warning_id = w.id), '[]'::jsonb),
                   jsonb_build_object('rule', w.rule, 'threshold', w.threshold, 'thresholdFen', w.threshold_fen,
                                      'sumFen', w.sum_fen, 'categoryCode', w.category_code,
                                      'budgetProject', w.budget_project, 'fiscalYear', w.fiscal_year,
                                      'triggeredBy', w.triggered_by::text)
            FROM p, split_warnings w JOIN organisations u ON u.id = w.unit_id
            WHERE (p.lo IS NULL OR w.region_code BETWEEN p.lo AND p.hi)
            """)

    /// DOMAIN.md §C3: approved listings flagged for a price above a fresh reference price, with the references
    /// below the price that were fresh when it was flagged or were captured since (a warning keeps its cause
    /// after the reference ages out of the freshness window).
    static let priceAboveReference = Source(
        kinds: [.priceAboveReference],
        sql: """
            SELECT 'price_above_reference', l.id, l.region_code, NULL::uuid, NULL::text, l.supplier_id, s.name,
                   l.price_flagged_at, l.price_fen,
                   format('商品「%s」售价 %s 元高于有效参考价', l.title, to_char(l.price_fen / 100.0, 'FM999999999990.00')),
                   jsonb_build_array(jsonb_build_object('type', 'listing', 'id', l.id::text, 'label', l.title))
                     || coalesce((SELECT jsonb_agg(jsonb_build_object('type', 'reference_price', 'id', r.id::text,
                                                                      'label', r.source) ORDER BY r.price_fen, r.id)
                                  FROM reference_prices r
                                  WHERE r.listing_id = l.id AND r.captured_at >= l.price_flagged_at - p.freshness
                                    AND r.price_fen < l.price_fen), '[]'::jsonb),
                   jsonb_build_object('rule', '§C3', 'priceFen', l.price_fen, 'categoryCode', l.category_code,
                                      'lowestReferenceFen', (SELECT min(r.price_fen) FROM reference_prices r
                                                             WHERE r.listing_id = l.id
                                                               AND r.captured_at >= l.price_flagged_at - p.freshness))
            FROM p, listings l JOIN organisations s ON s.id = l.supplier_id
            WHERE l.price_flagged_at IS NOT NULL AND l.status = 'approved'
              AND (p.lo IS NULL OR l.region_code BETWEEN p.lo AND p.hi)
            """)

    /// DOMAIN.md §O5: unpaid orders past their due date as of today, with the late-payment interest so far
    /// (`total × daily rate × days / 10 000`, rounded once over the period like `PaymentTermsPolicy.overdueInterest`:
    /// the cast to `numeric(30, 0)` rounds half away from zero, which is half up for these non-negative amounts).
    static let paymentOverdue = Source(
        kinds: [.paymentOverdue],
        sql: """
            SELECT 'payment_overdue', o.id, o.region_code, o.unit_id, u.name, o.supplier_id, s.name,
                   (o.due_on + 1)::timestamp AT TIME ZONE INTERVAL '+08:00', o.total_fen,
                   format('订单 %s 应于 %s 付款，已逾期 %s 天', o.order_no, o.due_on, p.today - o.due_on),
                   jsonb_build_array(jsonb_build_object('type', 'order', 'id', o.id::text, 'label', o.order_no)),
                   jsonb_build_object('rule', '§O5', 'dueOn', o.due_on, 'dueOnProvisional', o.due_on_provisional,
                                      'daysOverdue', p.today - o.due_on, 'dailyInterestBp', o.daily_interest_bp,
                                      'interestFen', (o.total_fen::numeric * o.daily_interest_bp * (p.today - o.due_on)
                                                      / 10000)::numeric(30, 0)::int8,
                                      'supplierSize', o.supplier_size)
            FROM p, orders o JOIN organisations u ON u.id = o.unit_id JOIN organisations s ON s.id = o.supplier_id
            WHERE o.due_on < p.today AND o.state NOT IN ('paid', 'cancelled', 'rejected')
              AND (p.lo IS NULL OR o.region_code BETWEEN p.lo AND p.hi)
            """)

    /// DOMAIN.md §O6: contract notices published after their due date, or unpublished past it.
    static let contractNoticeLate = Source(
        kinds: [.contractNoticeLate],
        sql: """
            SELECT 'contract_notice_late', n.id, n.region_code, n.unit_id, u.name, n.supplier_id, s.name,
                   (n.due_on + 1)::timestamp AT TIME ZONE INTERVAL '+08:00', o.total_fen,
                   CASE WHEN n.published_on IS NULL
                        THEN format('订单 %s 的合同公告应于 %s 前发布，尚未发布', o.order_no, n.due_on)
                        ELSE format('订单 %s 的合同公告应于 %s 前发布，%s 才发布', o.order_no, n.due_on, n.published_on)
                   END,
                   jsonb_build_array(jsonb_build_object('type', 'order', 'id', o.id::text, 'label', o.order_no),
                                     jsonb_build_object('type', 'contract_notice', 'id', n.id::text,
                                                        'label', o.order_no)),
                   jsonb_build_object('rule', '§O6', 'signedOn', n.signed_on, 'dueOn', n.due_on,
                                      'dueOnProvisional', n.due_on_provisional, 'publishedOn', n.published_on,
                                      'daysLate', coalesce(n.published_on, p.today) - n.due_on)
            FROM p, contract_notices n JOIN orders o ON o.id = n.order_id
            JOIN organisations u ON u.id = n.unit_id JOIN organisations s ON s.id = n.supplier_id
            WHERE (n.published_on > n.due_on OR (n.published_on IS NULL AND n.due_on < p.today))
              AND (p.lo IS NULL OR n.region_code BETWEEN p.lo AND p.hi)
            """)

    /// DOMAIN.md §F8: every supplier a unit passed over in a rotation, with its reason, the stage-2 order and the
    /// agreement. The amount is the order's total.
    static let rotationSkips = Source(
        kinds: [.rotationSkip],
        sql: """
            SELECT 'rotation_skip', k.id, k.region_code, k.unit_id, u.name, k.supplier_id, s.name, k.skipped_at,
                   o.total_fen,
                   format('框架协议「%s」第 %s 包顺序轮候跳过供应商「%s」，理由：%s', a.title, k.lot_no, s.name, k.reason),
                   jsonb_build_array(jsonb_build_object('type', 'order', 'id', o.id::text, 'label', o.order_no),
                                     jsonb_build_object('type', 'agreement', 'id', a.id::text, 'label', a.title)),
                   jsonb_build_object('rule', '§F8', 'agreementId', a.id::text, 'lotNo', k.lot_no, 'cycle', k.cycle,
                                      'reason', k.reason)
            FROM p, rotation_skips k JOIN orders o ON o.id = k.order_id JOIN agreements a ON a.id = k.agreement_id
            JOIN organisations u ON u.id = k.unit_id JOIN organisations s ON s.id = k.supplier_id
            WHERE (p.lo IS NULL OR k.region_code BETWEEN p.lo AND p.hi)
            """)

    /// One warning of the feed.
    package struct Item: Sendable, Equatable {
        package var kind: WarningKind
        package var id: UUID
        package var regionCode: String
        package var unitID: ID<Organisation>?
        package var unitName: String?
        package var supplierID: ID<Organisation>?
        package var supplierName: String?
        package var occurredAt: Date
        package var occurredOn: LocalDate
        package var amountFen: Fen?
        package var message: String
        /// The rows that caused it: `{"type", "id", "label"}` each.
        package var records: [RecordRef]
        /// Kind-specific facts (thresholds, due dates, days late…).
        package var details: [String: JSONValue]
        /// `occurred_at` exactly as stored, for cursors.
        package var sortKey: String
    }

    /// A row that caused a warning.
    package struct RecordRef: Sendable, Equatable, Codable {
        package var type: String
        package var id: String
        package var label: String?
    }

    /// Filters of the feed.
    package struct Filter: Sendable, Equatable {
        package var kind: WarningKind?
        package var unit: ID<Organisation>?
        package var supplier: ID<Organisation>?
        /// Warnings naming this order among their records.
        package var order: ID<Order>?
        /// Occurred on or after this day (China).
        package var from: LocalDate?
        /// Occurred on or before this day (China).
        package var to: LocalDate?

        package init(
            kind: WarningKind? = nil, unit: ID<Organisation>? = nil, supplier: ID<Organisation>? = nil,
            order: ID<Order>? = nil, from: LocalDate? = nil, to: LocalDate? = nil
        ) {
            self.kind = kind
            self.unit = unit
            self.supplier = supplier
            self.order = order
            self.from = from
            self.to = to
        }
    }

    /// 00:00 of a day in China (UTC+8, no daylight saving).
    static func startOfDay(_ day: LocalDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 - 28_800))
    }

    /// The feed newest first: every region (`within` nil) or one region and below, as of `today`, after a
    /// `(occurred_at, id)` cursor.
    package func warnings(
        within region: RegionCode?, filter: Filter, today: LocalDate, freshness: TimeInterval, after cursor: (String, UUID)?,
        limit: Int, logger: Logger
    ) async throws -> [Item] {
        let bounds = region.map(RegionBounds.init)
        let union = Self.sources.map { "(" + $0.sql + ")" }.joined(separator: "\nUNION ALL\n")
        // The days of the filter as instants: from 00:00 of `from` to 00:00 after `to`, China time.
        let from = filter.from.map(Self.startOfDay)
        let to = filter.to.map { Self.startOfDay($0.adding(days: 1)) }
        let orderRef = filter.order.map { #"[{"type": "order", "id": "\#($0.description)"}]"# }
        let rows = try await database.query(
            """
            WITH p AS (SELECT \(today.description)::date AS today, \(bounds?.low)::char(6) AS lo,
                              \(bounds?.high)::char(6) AS hi,
                              make_interval(secs => \(freshness)::float8) AS freshness)
            SELECT f.kind, f.id, f.region_code::text, f.unit_id, f.unit_name, f.supplier_id, f.supplier_name,
                   f.occurred_at, to_char(f.occurred_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD'), f.amount_fen,
                   f.message, f.records::text, f.details::text,
                   to_char(f.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            FROM (\(unescaped: union)) AS f (kind, id, region_code, unit_id, unit_name, supplier_id, supplier_name,
                                               occurred_at, amount_fen, message, records, details)
            WHERE (\(filter.kind?.rawValue)::text IS NULL OR f.kind = \(filter.kind?.rawValue)::text)
              AND (\(filter.unit?.uuid)::uuid IS NULL OR f.unit_id = \(filter.unit?.uuid)::uuid)
              AND (\(filter.supplier?.uuid)::uuid IS NULL OR f.supplier_id = \(filter.supplier?.uuid)::uuid)
              AND (\(orderRef)::jsonb IS NULL OR f.records @> \(orderRef)::jsonb)
              AND (\(from)::timestamptz IS NULL OR f.occurred_at >= \(from)::timestamptz)
              AND (\(to)::timestamptz IS NULL OR f.occurred_at < \(to)::timestamptz)
              AND (\(cursor?.0)::timestamptz IS NULL
                   OR (f.occurred_at, f.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
            ORDER BY f.occurred_at DESC, f.id DESC
            LIMIT \(limit)
            """, logger: logger)
        let decoder = JSONDecoder()
        var result: [Item] = []
        for try await row in rows {
            let (
                kind, id, regionCode, unit, unitName, supplier, supplierName, occurredAt, occurredOn, amount, message,
                records, details, sortKey
            ) = try row.decode(
                (
                    String, UUID, String, ID<Organisation>?, String?, ID<Organisation>?, String?, Date, String, Fen?,
                    String, String, String, String
                ).self)
            guard let kind = WarningKind(rawValue: kind), let day = LocalDate(occurredOn) else { continue }
            result.append(
                Item(
                    kind: kind, id: id, regionCode: regionCode, unitID: unit, unitName: unitName, supplierID: supplier,
                    supplierName: supplierName, occurredAt: occurredAt, occurredOn: day, amountFen: amount,
                    message: message, records: try decoder.decode([RecordRef].self, from: Data(records.utf8)),
                    details: try decoder.decode([String: JSONValue].self, from: Data(details.utf8)), sortKey: sortKey))
        }
        return result
    }
}
