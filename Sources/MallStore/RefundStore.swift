import Foundation
import Logging
import MallCore
import PostgresNIO

/// Refunds of paid orders (DOMAIN.md §V3: refunds subtract from 832 progress; the SME and green shares too).
/// A refund is spread over the order's lines (`RefundAllocation`); the roll-up trigger on `refund_lines`
/// subtracts it in the same transaction.
package struct RefundStore: Sendable {
    package let database: Database
    package let ids: IDGenerator
    package let audit: AuditStore

    package init(database: Database, ids: IDGenerator) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
    }

    /// A refund as stored, with its part of each line.
    package struct Record: Sendable, Equatable {
        package var id: ID<RefundEntity>
        package var orderID: ID<Order>
        package var amountFen: Fen
        package var refundedOn: LocalDate
        package var reason: String
        package var createdBy: ID<User>
        package var createdAt: Date
        package var lines: [Line]

        package struct Line: Sendable, Equatable {
            package var lineNo: Int
            package var amountFen: Fen
        }
    }

    /// Records a refund of `amount` on a paid order, by its unit or its supplier (anyone else: 404), on the
    /// caller's connection: 409 `refund.order_not_paid` unless the order is paid, 422 `refund.exceeds_paid`
    /// above what its lines have left, 422 when the refund day is before the payment day. Audited as
    /// `order.refunded`.
    package func refund(
        orderID: ID<Order>, amount: Fen, refundedOn: LocalDate, reason: String, actor: Principal, now: Date,
        requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        let rows = try await conn.query(
            """
            SELECT state, unit_id, supplier_id, region_code::text, order_no, to_char(paid_on, 'YYYY-MM-DD')
            FROM orders WHERE id = \(orderID) FOR UPDATE
            """, logger: logger)
        var found: (String, ID<Organisation>, ID<Organisation>, String, String, String?)?
        for try await row in rows.decode((String, ID<Organisation>, ID<Organisation>, String, String, String?).self) {
            found = row
        }
        guard let (state, unit, supplier, region, orderNo, paidOn) = found,
            (actor.organisationKind == .unit && actor.organisationID == unit)
                || (actor.organisationKind == .supplier && actor.organisationID == supplier)
        else { throw DomainError.notFound("order \(orderID)") }
        guard state == OrderState.paid.rawValue, let paidDay = paidOn.flatMap(LocalDate.init) else {
            throw DomainError(.refundOrderNotPaid, "order \(orderNo) is \(state): only a paid order is refunded")
        }
        guard refundedOn >= paidDay else {
            throw DomainError.validation([
                .init(
                    field: "refundedOn", code: "before_payment",
                    message: "the refund day \(refundedOn) is before the payment day \(paidDay)")
            ])
        }
        var lineNumbers: [Int] = []
        var remaining: [Fen] = []
        for try await (lineNo, left) in try await conn.query(
            """
            SELECT l.line_no, l.total_fen - coalesce(sum(rl.amount_fen), 0)::bigint
            FROM order_lines l LEFT JOIN refund_lines rl ON rl.order_id = l.order_id AND rl.line_no = l.line_no
            WHERE l.order_id = \(orderID)
            GROUP BY l.line_no, l.total_fen ORDER BY l.line_no LIMIT 10000
            """, logger: logger
        ).decode((Int, Fen).self) {
            lineNumbers.append(lineNo)
            remaining.append(left)
        }
        let available = remaining.reduce(Fen.zero, +)
        guard amount <= available else {
            throw DomainError(
                .refundExceedsPaid,
                "order \(orderNo) has \(available.rawValue) fen left to refund; \(amount.rawValue) fen is more")
        }
        let parts = RefundAllocation.allocate(amount, over: remaining)
        let id: ID<RefundEntity> = ids.next()
        try await conn.query(
            """
            INSERT INTO refunds (id, order_id, amount_fen, refunded_on, reason, created_by, created_at)
            VALUES (\(id), \(orderID), \(amount), \(refundedOn.description)::date, \(reason), \(actor.userID), \(now))
            """, logger: logger)
        // One statement: the roll-up trigger runs once per statement.
        try await conn.query(
            """
            INSERT INTO refund_lines (refund_id, order_id, line_no, amount_fen)
            SELECT \(id), \(orderID), n, a FROM unnest(\(lineNumbers)::int[], \(parts.map(\.rawValue))::int8[]) AS x(n, a)
            WHERE a > 0
            """, logger: logger)
        let lines = zip(lineNumbers, parts).filter { $0.1 > .zero }.map { Record.Line(lineNo: $0.0, amountFen: $0.1) }
        try await audit.append(
            AuditStore.Entry(
                occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID, action: "order.refunded",
                entityType: "order", entityID: orderID.uuid, regionCode: region, before: nil,
                after: [
                    "refundId": .string(id.description), "amountFen": .int(amount.rawValue),
                    "refundedOn": .string(refundedOn.description), "reason": .string(reason),
                    "lines": .array(
                        lines.map { .object(["lineNo": .int(Int64($0.lineNo)), "amountFen": .int($0.amountFen.rawValue)]) }
                    ),
                ],
                requestID: requestID),
            on: conn, logger: logger)
        return Record(
            id: id, orderID: orderID, amountFen: amount, refundedOn: refundedOn, reason: reason, createdBy: actor.userID,
            createdAt: now, lines: lines)
    }

    /// The refunds of an order, oldest first (at most 1 000).
    package func refunds(orderID: ID<Order>, logger: Logger) async throws -> [Record] {
        let rows = try await database.query(
            """
            SELECT r.id, r.amount_fen, to_char(r.refunded_on, 'YYYY-MM-DD'), r.reason, r.created_by, r.created_at,
                   coalesce((SELECT array_agg(rl.line_no::int8 ORDER BY rl.line_no) FROM refund_lines rl
                             WHERE rl.refund_id = r.id), '{}'),
                   coalesce((SELECT array_agg(rl.amount_fen ORDER BY rl.line_no) FROM refund_lines rl
                             WHERE rl.refund_id = r.id), '{}')
            FROM refunds r WHERE r.order_id = \(orderID)
            ORDER BY r.created_at, r.id LIMIT 1000
            """, logger: logger)
        var result: [Record] = []
        for try await (id, amount, day, reason, by, at, numbers, amounts) in rows.decode(
            (ID<RefundEntity>, Fen, String, String, ID<User>, Date, [Int64], [Int64]).self)
        {
            guard let refundedOn = LocalDate(day) else { continue }
            result.append(
                Record(
                    id: id, orderID: orderID, amountFen: amount, refundedOn: refundedOn, reason: reason, createdBy: by,
                    createdAt: at,
                    lines: zip(numbers, amounts).map { Record.Line(lineNo: Int($0.0), amountFen: Fen($0.1)) }))
        }
        return result
    }
}
