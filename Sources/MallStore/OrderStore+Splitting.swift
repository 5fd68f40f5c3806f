import Foundation
import Logging
import MallCore
import PostgresNIO

/// A splitting warning as stored (DOMAIN.md §T): the detector's warning, where it applies and the orders
/// that caused it.
package struct SplitWarningRecord: Sendable, Equatable {
    package var id: ID<SplitWarning>
    package var kind: SplitWarning.Kind
    package var rule: String
    package var threshold: SplitWarning.Threshold
    package var thresholdFen: Fen
    package var sumFen: Fen
    package var unitID: ID<Organisation>
    package var unitName: String
    package var regionCode: String
    package var categoryCode: String
    package var budgetProject: String?
    package var fiscalYear: Int?
    package var triggeredBy: ID<Order>
    package var orderIDs: [ID<Order>]
    package var message: String
    package var createdAt: Date
    /// `created_at` exactly as stored, for cursors.
    package var sortKey: String
}

extension OrderStore {
    // MARK: - Detection at placement

    /// Runs both detectors of DOMAIN.md §T for each new order of a placement against the unit's history (and
    /// the placement's earlier orders), stores every warning with the orders that caused it and audits it.
    /// Never a silent pass: a warning is written in the same transaction as the order, or nothing is.
    func detectSplitting(
        _ orders: [(ID<Order>, PricedCart.SupplierOrder)], placementID: UUID, budget: BudgetLine,
        method: ProcurementMethod = .directPurchase, unit: ID<Organisation>, region: RegionCode, today: LocalDate,
        actor: Principal, now: Date,
        requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> [SplitWarningRecord] {
        let detector = policy.splitDetector
        var groups = Set<String>()
        var categories = Set<String>()
        for (_, order) in orders {
            for line in order.lines {
                groups.insert(String(SplitGroup.secondLevelParent(of: line.listing.content.categoryCode).prefix(5)))
                categories.insert(line.listing.content.categoryCode)
            }
        }
        let exemptions = try await SplitExemptionStore.approvedGroups(
            unit: unit, fiscalYear: budget.fiscalYear, project: budget.projectName, on: conn, logger: logger)
        var thresholdHistory = try await history(
            unit: unit, excluding: placementID, fiscalYear: budget.fiscalYear, project: budget.projectName,
            groupPrefixes: groups.sorted(), since: nil, on: conn, logger: logger
        ).flatMap { PurchaseRecord.thresholdRecords(of: $0.facts, lines: $0.lines) }
        let windowStart = today.adding(days: -(detector.nearLimitWindowDays - 1))
        var nearLimitHistory = try await history(
            unit: unit, excluding: placementID, fiscalYear: nil, project: nil, groupPrefixes: nil, since: windowStart,
            on: conn, logger: logger
        ).compactMap { PurchaseRecord.nearLimitRecord(of: $0.facts, lines: $0.lines) }

        var stored: [SplitWarningRecord] = []
        for (id, order) in orders {
            let facts = PurchaseRecord.OrderFacts(
                orderID: id, unitID: unit, budgetProject: budget.projectName, fiscalYear: budget.fiscalYear,
                placedOn: today, method: method)
            let lines = order.lines.map { (categoryCode: $0.listing.content.categoryCode, total: $0.quote.totalFen) }
            let thresholdRecords = PurchaseRecord.thresholdRecords(of: facts, lines: lines)
            var warnings: [(SplitWarning, PurchaseRecord)] = []
            for record in thresholdRecords {
                if let warning = detector.thresholdWarning(
                    for: record, history: thresholdHistory, exemptions: exemptions)
                {
                    warnings.append((warning, record))
                }
            }
            if let record = PurchaseRecord.nearLimitRecord(of: facts, lines: lines) {
                let max = policy.directPurchaseLimits.limit(region: region, category: record.categoryCode).max
                if let warning = detector.nearLimitWarning(
                    for: record, history: nearLimitHistory, directPurchaseMax: max)
                {
                    warnings.append((warning, record))
                }
                nearLimitHistory.append(record)
            }
            thresholdHistory += thresholdRecords
            for (warning, record) in warnings {
                let saved = try await insertWarning(
                    warning, record: record, region: region, now: now, on: conn, logger: logger)
                try await audit.append(
                    AuditStore.Entry(
                        occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID,
                        action: "split_warning.raised", entityType: "split_warning", entityID: saved.id.uuid,
                        regionCode: region.rawValue, before: nil,
                        after: [
                            "kind": .string(warning.kind.rawValue), "rule": .string(warning.rule),
                            "sumFen": .int(warning.sum.rawValue),
                            "thresholdFen": .int(warning.thresholdAmount.rawValue),
                            "orderIds": .array(warning.orderIDs.map { .string($0.description) }),
                        ],
                        requestID: requestID),
                    on: conn, logger: logger)
                stored.append(saved)
            }
        }
        return stored
    }

    /// One past order with its per-category totals.
    struct PastOrder {
        var facts: PurchaseRecord.OrderFacts
        var lines: [(categoryCode: String, total: Fen)]
    }

    /// A unit's live and completed orders (not rejected or cancelled) outside the current placement: those of
    /// one fiscal year and budget project with lines in the given second-level groups (by 5-character prefix,
    /// for §T1), or those placed since a day (for §T2), each with its totals per category (`PurchaseHistory`).
    private func history(
        unit: ID<Organisation>, excluding placementID: UUID, fiscalYear: Int?, project: String?,
        groupPrefixes: [String]?, since: LocalDate?, on conn: PostgresConnection, logger: Logger
    ) async throws -> [PastOrder] {
        let rows = try await conn.execute(
            PurchaseHistory(
                unit: unit, placementID: placementID, fiscalYear: fiscalYear, project: project,
                patterns: groupPrefixes?.map { $0 + "%" }, since: since),
            logger: logger)
        var result: [PastOrder] = []
        for try await (id, placedOn, method, project, year, category, total) in rows {
            guard let placedOn = LocalDate(placedOn), let method = ProcurementMethod(rawValue: method) else { continue }
            if let last = result.last, last.facts.orderID == id {
                result[result.count - 1].lines.append((category, total))
            } else {
                result.append(
                    PastOrder(
                        facts: .init(
                            orderID: id, unitID: unit, budgetProject: project, fiscalYear: year, placedOn: placedOn,
                            method: method),
                        lines: [(category, total)]))
            }
        }
        return result
    }

    private func insertWarning(
        _ warning: SplitWarning, record: PurchaseRecord, region: RegionCode, now: Date, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> SplitWarningRecord {
        let id: ID<SplitWarning> = ids.next()
        let isThreshold = warning.kind == .splitSuspected
        try await conn.query(
            """
            INSERT INTO split_warnings (id, kind, rule, threshold, threshold_fen, sum_fen, unit_id, region_code,
                                        category_code, budget_project, fiscal_year, triggered_by, message, created_at)
            VALUES (\(id), \(warning.kind.rawValue), \(warning.rule), \(warning.threshold.rawValue),
                    \(warning.thresholdAmount), \(warning.sum), \(warning.unitID), \(region.rawValue),
                    \(record.categoryCode), \(isThreshold ? record.budgetProject : nil),
                    \(isThreshold ? record.fiscalYear : nil), \(warning.triggeredBy), \(warning.message), \(now))
            """, logger: logger)
        try await conn.query(
            """
            INSERT INTO split_warning_orders (warning_id, order_id, position)
            SELECT \(id), o, p FROM unnest(\(warning.orderIDs.map(\.uuid))::uuid[]) WITH ORDINALITY AS t(o, p)
            """, logger: logger)
        guard let saved = try await warnings(ids: [id], on: conn, logger: logger).first else {
            throw DomainError.notFound("warning \(id)")
        }
        return saved
    }

    // MARK: - Reads

    static let warningColumns = """
        w.id, w.kind, w.rule, w.threshold, w.threshold_fen, w.sum_fen, w.unit_id, u.name, w.region_code::text,
        w.category_code, w.budget_project, w.fiscal_year, w.triggered_by,
        coalesce((SELECT array_agg(wo.order_id ORDER BY wo.position) FROM split_warning_orders wo
                  WHERE wo.warning_id = w.id), '{}'),
        w.message, w.created_at, to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """

    static func decodeWarnings(_ rows: PostgresRowSequence) async throws -> [SplitWarningRecord] {
        var result: [SplitWarningRecord] = []
        for try await row in rows {
            let (
                id, kind, rule, threshold, thresholdFen, sum, unit, unitName, region, category, project, year,
                triggeredBy, orderIDs, message, created, sortKey
            ) = try row.decode(
                (
                    ID<SplitWarning>, String, String, String, Fen, Fen, ID<Organisation>, String, String, String,
                    String?, Int?, ID<Order>, [UUID], String, Date, String
                ).self)
            guard let kind = SplitWarning.Kind(rawValue: kind),
                let threshold = SplitWarning.Threshold(rawValue: threshold)
            else { continue }
            result.append(
                SplitWarningRecord(
                    id: id, kind: kind, rule: rule, threshold: threshold, thresholdFen: thresholdFen, sumFen: sum,
                    unitID: unit, unitName: unitName, regionCode: region, categoryCode: category,
                    budgetProject: project,
                    fiscalYear: year, triggeredBy: triggeredBy, orderIDs: orderIDs.map(ID.init), message: message,
                    createdAt: created, sortKey: sortKey))
        }
        return result
    }

    private func warnings(ids: [ID<SplitWarning>], on conn: PostgresConnection, logger: Logger) async throws
        -> [SplitWarningRecord]
    {
        try await Self.decodeWarnings(
            conn.query(
                """
                SELECT \(unescaped: Self.warningColumns) FROM split_warnings w JOIN organisations u ON u.id = w.unit_id
                WHERE w.id = ANY(\(ids.map(\.uuid))) ORDER BY w.created_at, w.id LIMIT 1000
                """, logger: logger))
    }
}
