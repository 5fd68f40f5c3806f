import Foundation
import Logging
import MallCore
import PostgresNIO

/// Contract notices (DOMAIN.md §O6): one per order, opened in the transaction that confirms the order (the
/// contract is signed), due within the configured working days on the §W1 calendar, published by the unit.
package struct ContractNoticeStore: Sendable {
    package let database: Database
    package let ids: IDGenerator
    package let audit: AuditStore

    package init(database: Database, ids: IDGenerator) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
    }

    /// A notice as stored.
    package struct Record: Sendable, Equatable {
        package var id: ID<ContractNoticeEntity>
        package var orderID: ID<Order>
        package var orderNo: String
        package var unitID: ID<Organisation>
        package var unitName: String
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var regionCode: String
        package var signedOn: LocalDate
        package var dueOn: LocalDate
        package var dueOnProvisional: Bool
        package var publishedOn: LocalDate?
        package var publishedAt: Date?
        package var url: String?
        package var version: Int
        package var createdAt: Date
        /// `created_at` exactly as stored, for cursors.
        package var sortKey: String
    }

    // MARK: - Writes

    /// Opens the notice of a confirmed order on the caller's connection (idempotent: an order has one notice),
    /// due `workingDays` working days after `signedOn`. Audited as `contract_notice.opened`.
    package func open(
        orderID: ID<Order>, unitID: ID<Organisation>, supplierID: ID<Organisation>, regionCode: String,
        signedOn: LocalDate, workingDays: Int, actor: Principal?, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws {
        let calendar = try await OrderStore.calendar(on: conn, logger: logger)
        let (due, provisional) = ContractNoticeRule.dueDate(
            signedOn: signedOn, workingDays: workingDays, calendar: calendar)
        let id: ID<ContractNoticeEntity> = ids.next()
        let inserted = try await conn.query(
            """
            INSERT INTO contract_notices (id, order_id, unit_id, supplier_id, region_code, signed_on, due_on,
                                          due_on_provisional, created_at)
            VALUES (\(id), \(orderID), \(unitID), \(supplierID), \(regionCode), \(signedOn.description)::date,
                    \(due.description)::date, \(provisional), \(now))
            ON CONFLICT (order_id) DO NOTHING
            RETURNING 1
            """, logger: logger)
        guard try await inserted.decode(Int.self).first(where: { _ in true }) != nil else { return }
        try await audit.append(
            AuditStore.Entry(
                occurredAt: now, actorUserID: actor?.userID, actorOrgID: actor?.organisationID,
                action: "contract_notice.opened", entityType: "contract_notice", entityID: id.uuid,
                regionCode: regionCode, before: nil,
                after: [
                    "orderId": .string(orderID.description), "signedOn": .string(signedOn.description),
                    "dueOn": .string(due.description), "dueOnProvisional": .bool(provisional),
                ],
                requestID: requestID),
            on: conn, logger: logger)
    }

    /// Publishes a notice (the order's unit): records the day (today in China) and the address it was published
    /// at. 404 for anyone else, 409 `notice.already_published` the second time. Audited as
    /// `contract_notice.published`, with whether it was late.
    package func publish(
        id: ID<ContractNoticeEntity>, url: String?, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        guard let current = try await notices(ids: [id], lock: true, on: conn, logger: logger).first,
            actor.organisationKind == .unit, current.unitID == actor.organisationID
        else { throw DomainError.notFound("contract notice \(id)") }
        guard current.publishedOn == nil else {
            throw DomainError(
                .noticeAlreadyPublished, "the contract notice of order \(current.orderNo) was published already")
        }
        let today = LocalDate(now)
        try await conn.query(
            """
            UPDATE contract_notices SET published_on = \(today.description)::date, published_at = \(now),
                published_by = \(actor.userID), url = \(url), version = version + 1
            WHERE id = \(id)
            """, logger: logger)
        guard let updated = try await notices(ids: [id], lock: false, on: conn, logger: logger).first else {
            throw DomainError.notFound("contract notice \(id)")
        }
        let late = ContractNoticeRule.isLate(dueOn: updated.dueOn, publishedOn: today, today: today)
        try await audit.append(
            AuditStore.Entry(
                occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID,
                action: "contract_notice.published", entityType: "contract_notice", entityID: id.uuid,
                regionCode: updated.regionCode, before: ["publishedOn": .null],
                after: [
                    "orderId": .string(updated.orderID.description), "publishedOn": .string(today.description),
                    "dueOn": .string(updated.dueOn.description), "late": .bool(late),
                    "url": url.map(JSONValue.string) ?? .null,
                ],
                requestID: requestID),
            on: conn, logger: logger)
        return updated
    }

    // MARK: - Reads

    static let columns = """
        n.id, n.order_id, o.order_no, n.unit_id, u.name, n.supplier_id, s.name, n.region_code::text,
        to_char(n.signed_on, 'YYYY-MM-DD'), to_char(n.due_on, 'YYYY-MM-DD'), n.due_on_provisional,
        to_char(n.published_on, 'YYYY-MM-DD'), n.published_at, n.url, n.version, n.created_at,
        to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """
    static let joins = """
        JOIN orders o ON o.id = n.order_id JOIN organisations u ON u.id = n.unit_id
        JOIN organisations s ON s.id = n.supplier_id
        """

    static func decode(_ rows: PostgresRowSequence) async throws -> [Record] {
        var result: [Record] = []
        for try await row in rows {
            let (
                id, order, orderNo, unit, unitName, supplier, supplierName, region, signed, due, provisional,
                publishedOn, publishedAt, url, version, created, sortKey
            ) = try row.decode(
                (
                    ID<ContractNoticeEntity>, ID<Order>, String, ID<Organisation>, String, ID<Organisation>, String,
                    String, String, String, Bool, String?, Date?, String?, Int, Date, String
                ).self)
            guard let signedOn = LocalDate(signed), let dueOn = LocalDate(due) else { continue }
            result.append(
                Record(
                    id: id, orderID: order, orderNo: orderNo, unitID: unit, unitName: unitName, supplierID: supplier,
                    supplierName: supplierName, regionCode: region, signedOn: signedOn, dueOn: dueOn,
                    dueOnProvisional: provisional, publishedOn: publishedOn.flatMap(LocalDate.init),
                    publishedAt: publishedAt, url: url, version: version, createdAt: created, sortKey: sortKey))
        }
        return result
    }

    func notices(ids: [ID<ContractNoticeEntity>], lock: Bool, on conn: PostgresConnection, logger: Logger)
        async throws -> [Record]
    {
        try await Self.decode(
            conn.query(
                """
                SELECT \(unescaped: Self.columns) FROM contract_notices n \(unescaped: Self.joins)
                WHERE n.id = ANY(\(ids.map(\.uuid))) \(unescaped: lock ? "FOR UPDATE OF n" : "") LIMIT 1000
                """, logger: logger))
    }

    /// One notice by id (the API decides whether the caller may see it).
    package func notice(id: ID<ContractNoticeEntity>, logger: Logger) async throws -> Record? {
        try await database.withConnection { conn in
            try await notices(ids: [id], lock: false, on: conn, logger: logger).first
        }
    }

    /// The notice of an order, if the order was confirmed.
    package func notice(orderID: ID<Order>, logger: Logger) async throws -> Record? {
        try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM contract_notices n \(unescaped: Self.joins)
                WHERE n.order_id = \(orderID)
                """, logger: logger)
        ).first
    }

    /// Filters of the notice list.
    package struct Filter: Sendable, Equatable {
        /// `true`: published; `false`: not yet.
        package var published: Bool?
        /// Only late ones as of `today` (published after the due date, or unpublished past it).
        package var lateOn: LocalDate?
        package var unit: ID<Organisation>?
        package var supplier: ID<Organisation>?

        package init(
            published: Bool? = nil, lateOn: LocalDate? = nil, unit: ID<Organisation>? = nil,
            supplier: ID<Organisation>? = nil
        ) {
            self.published = published
            self.lateOn = lateOn
            self.unit = unit
            self.supplier = supplier
        }
    }

    /// Notices newest first within a scope (the order scopes: a unit its own, a supplier its own, a regulator
    /// its region, operators all), after a `(created_at, id)` cursor.
    package func notices(
        scope: OrderStore.Scope, filter: Filter, after cursor: (String, UUID)?, limit: Int, logger: Logger
    ) async throws -> [Record] {
        var unit = filter.unit
        var supplier = filter.supplier
        var bounds: RegionBounds?
        switch scope {
        case .all: break
        case .unit(let id):
            if let wanted = filter.unit, wanted != id { return [] }
            unit = id
        case .supplier(let id):
            if let wanted = filter.supplier, wanted != id { return [] }
            supplier = id
        case .region(let region): bounds = RegionBounds(region)
        }
        let late = filter.lateOn?.description
        return try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM contract_notices n \(unescaped: Self.joins)
                WHERE (\(unit?.uuid)::uuid IS NULL OR n.unit_id = \(unit?.uuid)::uuid)
                  AND (\(supplier?.uuid)::uuid IS NULL OR n.supplier_id = \(supplier?.uuid)::uuid)
                  AND (\(bounds?.low)::text IS NULL OR n.region_code BETWEEN \(bounds?.low)::text AND \(bounds?.high)::text)
                  AND (\(filter.published)::boolean IS NULL OR (n.published_on IS NOT NULL) = \(filter.published)::boolean)
                  AND (\(late)::date IS NULL OR n.published_on > n.due_on
                       OR (n.published_on IS NULL AND n.due_on < \(late)::date))
                  AND (\(cursor?.0)::timestamptz IS NULL
                       OR (n.created_at, n.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
                ORDER BY n.created_at DESC, n.id DESC
                LIMIT \(limit)
                """, logger: logger))
    }
}
