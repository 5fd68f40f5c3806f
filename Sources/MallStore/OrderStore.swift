import Foundation
import Logging
import MallCore
import PostgresNIO

/// Orders (DOMAIN.md §O, issue 4): quotes and placement (`OrderStore+Placement`), lifecycle transitions and
/// ratings (`OrderStore+Lifecycle`), and the reads here.
///
/// Public methods that write take `on conn:` and run inside the caller's transaction (the API's idempotency
/// wrapper opens it, so the key, the write and the audit rows commit together).
package struct OrderStore: Sendable {
    package let database: Database
    package let ids: IDGenerator
    package let audit: AuditStore
    package let policy: OrderPolicy
    package let priceControl: PriceControl
    package let engine = PricingEngine()

    /// Creates the store.
    package init(database: Database, ids: IDGenerator, policy: OrderPolicy, priceControl: PriceControl) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
        self.policy = policy
        self.priceControl = priceControl
    }

    // MARK: - Records

    /// An order as stored, with the facts its lifecycle recorded.
    package struct Record: Sendable, Equatable {
        package var id: ID<Order>
        package var orderNo: String
        package var placementID: UUID
        package var unitID: ID<Organisation>
        package var unitName: String
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var regionCode: String
        package var budgetLineID: ID<BudgetLine>
        package var budgetProject: String
        package var fiscalYear: Int
        package var method: ProcurementMethod
        package var state: OrderState
        package var amountFen: Fen
        package var feesFen: Fen
        package var totalFen: Fen
        package var placedBy: ID<User>
        package var placedAt: Date
        package var placedOn: LocalDate
        package var expectedDeliveryOn: LocalDate
        /// The payment terms fixed at placement (DOMAIN.md §O5).
        package var terms: PaymentTerms
        /// The term in calendar days that applied at placement.
        package var paymentTermDays: Int
        /// The daily late-payment rate that applies.
        package var dailyInterest: BasisPoints
        package var deliveredOn: LocalDate?
        package var acceptance: AcceptanceRecord?
        package var dueOn: LocalDate?
        package var dueOnProvisional: Bool
        package var payment: PaymentRecord?
        package var cancellationRequest: CancellationRequest?
        package var closingReason: String?
        /// A stage-2 order under a framework agreement (DOMAIN.md §F): the agreement, the lot and the stage-2
        /// method (direct selection, rotation, or the award of a second bidding).
        package var agreementID: ID<Agreement>?
        package var agreementLotNo: Int?
        package var stageTwoMethod: StageTwoMethod?
        /// Whether the unit has rated the order's supplier (DOMAIN.md §O7: once).
        package var rated: Bool
        package var version: Int
        package var updatedAt: Date
        /// `placed_at` exactly as stored, for cursors.
        package var sortKey: String

        /// DOMAIN.md §O7: the unit may rate the supplier once, after a passed acceptance.
        package var rateable: Bool { !rated && (state == .accepted || state == .paid) }

        /// The lifecycle of DOMAIN.md §O2 as loaded.
        package var lifecycle: OrderLifecycle {
            OrderLifecycle(
                state: state, total: totalFen, placedOn: placedOn, deliveredOn: deliveredOn, acceptance: acceptance,
                payment: payment, cancellationRequest: cancellationRequest, closingReason: closingReason)
        }

        /// DOMAIN.md §O5: the late-payment interest as of `today` (or as of the payment day once paid); `nil`
        /// while the payment clock has not started.
        package func overdueInterest(policy: PaymentTermsPolicy, today: LocalDate) -> OverdueInterest? {
            guard let dueOn, state != .cancelled, state != .rejected else { return nil }
            let asOf = payment?.date ?? today
            return policy.overdueInterest(on: totalFen, dueDate: dueOn, asOf: asOf, terms: terms)
        }
    }

    /// One priced line of an order (DOMAIN.md §O1: the breakdown used at placement is stored with it).
    package struct LineRecord: Sendable, Equatable {
        package var lineNo: Int
        package var listingID: ID<Listing>
        package var categoryCode: String
        package var title: String
        package var brand: String
        package var model: String
        package var unit: String
        package var quote: LineQuote
    }

    static let columns = """
        o.id, o.order_no, o.placement_id, o.unit_id, u.name, o.supplier_id, s.name, o.region_code::text,
        o.budget_line_id, b.project_name, b.fiscal_year, o.method, o.state, o.amount_fen, o.fees_fen, o.total_fen,
        o.placed_by, o.placed_at, to_char(o.placed_on, 'YYYY-MM-DD'), to_char(o.expected_delivery_on, 'YYYY-MM-DD'),
        o.supplier_size, o.payment_clock, o.agreed_term_days, o.payment_term_days, o.agreed_daily_interest_bp,
        o.daily_interest_bp, to_char(o.delivered_on, 'YYYY-MM-DD'), to_char(o.acceptance_on, 'YYYY-MM-DD'),
        o.acceptor_name, o.acceptance_result, o.acceptance_notes, to_char(o.due_on, 'YYYY-MM-DD'),
        o.due_on_provisional, o.paid_fen, to_char(o.paid_on, 'YYYY-MM-DD'), o.cancellation_requested_by,
        o.cancellation_reason, o.closing_reason, EXISTS (SELECT 1 FROM order_ratings r WHERE r.order_id = o.id),
        o.agreement_id, o.agreement_lot_no, o.stage_two_method, o.version, o.updated_at,
        to_char(o.placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """

    static let joins = """
        JOIN organisations u ON u.id = o.unit_id JOIN organisations s ON s.id = o.supplier_id
        JOIN budget_lines b ON b.id = o.budget_line_id
        """

    static func decode(_ rows: PostgresRowSequence) async throws -> [Record] {
        var result: [Record] = []
        for try await row in rows { result.append(try record(from: row)) }
        return result
    }

    /// One row of `columns` as a record.
    static func record(from row: PostgresRow) throws -> Record {
        let (
            id, orderNo, placement, unit, unitName, supplier, supplierName, region, budget, project, year, method,
            state, amount, fees, total, placedBy, placedAt, placedOn, expected, size, clock, agreedTerm, termDays,
            agreedInterest, interest, delivered, acceptanceOn, acceptor, outcome, notes, due, provisional, paidFen,
            paidOn, cancelBy, cancelReason, closing, rated, agreement, lotNo, stageTwo, version, updated, sortKey
        ) = try row.decode(
            (
                ID<Order>, String, UUID, ID<Organisation>, String, ID<Organisation>, String, String, ID<BudgetLine>,
                String, Int, String, String, Fen, Fen, Fen, ID<User>, Date, String, String, String, String, Int?,
                Int, Int?, Int, String?, String?, String?, String?, String?, String?, Bool, Fen?, String?, String?,
                String?, String?, Bool, ID<Agreement>?, Int?, String?, Int, Date, String
            ).self)
        guard let method = ProcurementMethod(rawValue: method), let state = OrderState(rawValue: state),
            let placedOn = LocalDate(placedOn), let expected = LocalDate(expected),
            let size = EnterpriseSize(rawValue: size), let clock = PaymentTerms.ClockStart(rawValue: clock),
            stageTwo.map({ StageTwoMethod(rawValue: $0) != nil }) ?? true
        else { throw DomainError(.configInvalid, "order \(id) has a value this server does not know") }
        var acceptance: AcceptanceRecord?
        if let acceptanceOn = acceptanceOn.flatMap(LocalDate.init), let acceptor,
            let outcome = outcome.flatMap(AcceptanceRecord.Result.init(rawValue:))
        {
            acceptance = AcceptanceRecord(date: acceptanceOn, acceptorName: acceptor, result: outcome, notes: notes)
        }
        var payment: PaymentRecord?
        if let paidFen, let paidOn = paidOn.flatMap(LocalDate.init) {
            payment = PaymentRecord(amount: paidFen, date: paidOn)
        }
        var cancellation: CancellationRequest?
        if let by = cancelBy.flatMap(OrderActor.init(rawValue:)), let cancelReason {
            cancellation = CancellationRequest(requestedBy: by, reason: cancelReason)
        }
        return Record(
            id: id, orderNo: orderNo, placementID: placement, unitID: unit, unitName: unitName,
            supplierID: supplier, supplierName: supplierName, regionCode: region, budgetLineID: budget,
            budgetProject: project, fiscalYear: year, method: method, state: state, amountFen: amount,
            feesFen: fees, totalFen: total, placedBy: placedBy, placedAt: placedAt, placedOn: placedOn,
            expectedDeliveryOn: expected,
            terms: PaymentTerms(
                supplierSize: size, clockStart: clock, agreedTermDays: agreedTerm,
                agreedDailyInterest: agreedInterest.map { BasisPoints(Int32(clamping: $0)) }),
            paymentTermDays: termDays, dailyInterest: BasisPoints(Int32(clamping: interest)),
            deliveredOn: delivered.flatMap(LocalDate.init), acceptance: acceptance,
            dueOn: due.flatMap(LocalDate.init), dueOnProvisional: provisional, payment: payment,
            cancellationRequest: cancellation, closingReason: closing, agreementID: agreement,
            agreementLotNo: lotNo, stageTwoMethod: stageTwo.flatMap(StageTwoMethod.init(rawValue:)), rated: rated,
            version: version, updatedAt: updated,
            sortKey: sortKey)
    }

    // MARK: - Reads

    /// One order by id (the API decides whether the caller may see it).
    package func order(id: ID<Order>, logger: Logger) async throws -> Record? {
        try await Self.decode(
            database.query(
                "SELECT \(unescaped: Self.columns) FROM orders o \(unescaped: Self.joins) WHERE o.id = \(id)",
                logger: logger)
        ).first
    }

    /// One order on the caller's connection, locked for an update of its row.
    func lockOrder(id: ID<Order>, on conn: PostgresConnection, logger: Logger) async throws -> Record? {
        try await Self.decode(
            conn.query(
                """
                SELECT \(unescaped: Self.columns) FROM orders o \(unescaped: Self.joins)
                WHERE o.id = \(id) FOR UPDATE OF o
                """,
                logger: logger)
        ).first
    }

    /// The orders of one placement, in the order of their numbers.
    func orders(placementID: UUID, on conn: PostgresConnection, logger: Logger) async throws -> [Record] {
        var result: [Record] = []
        for try await record in try await conn.execute(PlacementOrders(placementID: placementID), logger: logger) {
            result.append(record)
        }
        return result
    }

    /// The lines of an order, in line order.
    package func lines(orderID: ID<Order>, logger: Logger) async throws -> [LineRecord] {
        try await database.withConnection { conn in try await lines(orderIDs: [orderID], on: conn, logger: logger) }
            .map(\.1)
    }

    /// The lines of several orders, by order then line number.
    package func lines(orderIDs: [ID<Order>], on conn: PostgresConnection, logger: Logger) async throws
        -> [(ID<Order>, LineRecord)]
    {
        let rows = try await conn.execute(LinesOfOrders(orderIDs: orderIDs.map(\.uuid)), logger: logger)
        let decoder = JSONDecoder()
        var result: [(ID<Order>, LineRecord)] = []
        for try await (
            order, lineNo, listing, category, title, brand, model, unit, quantity, price, off, amount, fees,
            total, breakdown
        ) in rows {
            let steps = try decoder.decode([PricingStep].self, from: Data(breakdown.utf8))
            let quote = LineQuote(
                quantity: quantity, unitPriceFen: price, percentOff: BasisPoints(Int32(clamping: off)),
                lineAmountFen: amount, feesFen: fees, totalFen: total, steps: steps)
            result.append(
                (
                    order,
                    LineRecord(
                        lineNo: lineNo, listingID: listing, categoryCode: category, title: title, brand: brand,
                        model: model, unit: unit, quote: quote)
                ))
        }
        return result
    }

    /// Whose orders a list shows (DESIGN.md §4: a unit its own, a supplier its own, a regulator its region).
    package enum Scope: Sendable, Equatable {
        /// Every order (operators).
        case all
        /// One unit's orders.
        case unit(ID<Organisation>)
        /// One supplier's orders.
        case supplier(ID<Organisation>)
        /// Orders of units in a region (by code prefix: province, prefecture or county).
        case region(RegionCode)
    }

    /// Filters of the order list.
    package struct Filter: Sendable, Equatable {
        package var state: OrderState?
        package var placedFrom: LocalDate?
        package var placedTo: LocalDate?
        package var supplier: ID<Organisation>?
        package var unit: ID<Organisation>?
        /// Only unpaid orders past their due date as of `today` (DOMAIN.md §O5).
        package var overdueOn: LocalDate?
        /// Only the stage-2 orders of a framework agreement (DOMAIN.md §F), whatever their method.
        package var agreement: ID<Agreement>?

        package init(
            state: OrderState? = nil, placedFrom: LocalDate? = nil, placedTo: LocalDate? = nil,
            supplier: ID<Organisation>? = nil, unit: ID<Organisation>? = nil, overdueOn: LocalDate? = nil
        ) {
            self.state = state
            self.placedFrom = placedFrom
            self.placedTo = placedTo
            self.supplier = supplier
            self.unit = unit
            self.overdueOn = overdueOn
        }
    }

    /// Orders newest first within a scope and filters, after a `(placed_at, id)` cursor.
    package func orders(
        scope: Scope, filter: Filter, after cursor: (String, UUID)?, limit: Int, logger: Logger
    ) async throws -> [Record] {
        var unit = filter.unit
        var supplier = filter.supplier
        var regionPrefix: String?
        switch scope {
        case .all: break
        case .unit(let id):
            if let wanted = filter.unit, wanted != id { return [] }
            unit = id
        case .supplier(let id):
            if let wanted = filter.supplier, wanted != id { return [] }
            supplier = id
        case .region(let region): regionPrefix = Self.prefix(of: region)
        }
        let overdue = filter.overdueOn?.description
        let from = filter.placedFrom?.description
        let to = filter.placedTo?.description
        return try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM orders o \(unescaped: Self.joins)
                WHERE (\(unit?.uuid)::uuid IS NULL OR o.unit_id = \(unit?.uuid)::uuid)
                  AND (\(supplier?.uuid)::uuid IS NULL OR o.supplier_id = \(supplier?.uuid)::uuid)
                  AND (\(regionPrefix)::text IS NULL OR o.region_code LIKE \(regionPrefix)::text || '%')
                  AND (\(filter.state?.rawValue)::text IS NULL OR o.state = \(filter.state?.rawValue)::text)
                  AND (\(filter.agreement?.uuid)::uuid IS NULL OR o.agreement_id = \(filter.agreement?.uuid)::uuid)
                  AND (\(from)::date IS NULL OR o.placed_on >= \(from)::date)
                  AND (\(to)::date IS NULL OR o.placed_on <= \(to)::date)
                  AND (\(overdue)::date IS NULL
                       OR (o.due_on < \(overdue)::date AND o.state NOT IN ('paid', 'cancelled', 'rejected')))
                  AND (\(cursor?.0)::timestamptz IS NULL
                       OR (o.placed_at, o.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
                ORDER BY o.placed_at DESC, o.id DESC
                LIMIT \(limit)
                """, logger: logger))
    }

    /// The code prefix that selects a region and everything inside it.
    static func prefix(of region: RegionCode) -> String {
        let code = region.rawValue
        if code.hasSuffix("0000") { return String(code.prefix(2)) }
        if code.hasSuffix("00") { return String(code.prefix(4)) }
        return code
    }

    /// Whether the order has been rated (DOMAIN.md §O7).
    package func rating(orderID: ID<Order>, logger: Logger) async throws -> RatingRecord? {
        let rows = try await database.query(
            """
            SELECT delivery::int, quality::int, service::int, comment, rated_by, rated_at
            FROM order_ratings WHERE order_id = \(orderID)
            """, logger: logger)
        for try await (delivery, quality, service, comment, by, at) in rows.decode(
            (Int, Int, Int, String?, ID<User>, Date).self)
        {
            return RatingRecord(
                orderID: orderID, delivery: delivery, quality: quality, service: service, comment: comment, ratedBy: by,
                ratedAt: at)
        }
        return nil
    }

    /// A unit's rating of an order's supplier (DOMAIN.md §O7).
    package struct RatingRecord: Sendable, Equatable {
        package var orderID: ID<Order>
        package var delivery: Int
        package var quality: Int
        package var service: Int
        package var comment: String?
        package var ratedBy: ID<User>
        package var ratedAt: Date
    }

    // MARK: - Audit

    func entry(
        _ action: String, _ record: Record, actor: Principal?, now: Date, requestID: String?,
        before: [String: JSONValue]?, after: [String: JSONValue]?
    ) -> AuditStore.Entry {
        AuditStore.Entry(
            occurredAt: now, actorUserID: actor?.userID, actorOrgID: actor?.organisationID, action: action,
            entityType: "order", entityID: record.id.uuid, regionCode: record.regionCode, before: before, after: after,
            requestID: requestID)
    }

    static func snapshot(_ record: Record) -> [String: JSONValue] {
        var snapshot: [String: JSONValue] = [
            "orderNo": .string(record.orderNo), "state": .string(record.state.rawValue),
            "version": .int(Int64(record.version)), "totalFen": .int(record.totalFen.rawValue),
            "unitId": .string(record.unitID.description), "supplierId": .string(record.supplierID.description),
            "budgetLineId": .string(record.budgetLineID.description),
        ]
        if let deliveredOn = record.deliveredOn { snapshot["deliveredOn"] = .string(deliveredOn.description) }
        if let acceptance = record.acceptance {
            snapshot["acceptance"] = .object([
                "date": .string(acceptance.date.description), "acceptorName": .string(acceptance.acceptorName),
                "result": .string(acceptance.result.rawValue), "notes": acceptance.notes.map(JSONValue.string) ?? .null,
            ])
        }
        if let dueOn = record.dueOn { snapshot["dueOn"] = .string(dueOn.description) }
        if let payment = record.payment {
            snapshot["payment"] = .object([
                "amountFen": .int(payment.amount.rawValue), "paidOn": .string(payment.date.description),
            ])
        }
        if let request = record.cancellationRequest {
            snapshot["cancellationRequest"] = .object([
                "requestedBy": .string(request.requestedBy.rawValue), "reason": .string(request.reason),
            ])
        }
        if let reason = record.closingReason { snapshot["closingReason"] = .string(reason) }
        return snapshot
    }
}
