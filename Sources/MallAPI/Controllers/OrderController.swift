import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore
import NIOCore

/// Quotes, orders and their lifecycle, ratings (DOMAIN.md §O, §P, §T; issue 4 points 3–7).
///
/// Visibility: a unit sees its own orders, a supplier its own, a regulator those of units in its region and
/// an operator every order; anything else answers 404. Transitions go to `POST /api/v1/orders/{id}/{action}`
/// with `If-Match`, each route open to the roles of its party (`OrderAction.roles`), and are idempotent by
/// `Idempotency-Key`. Placing orders requires an `Idempotency-Key` (400 `request.idempotency_key_required`).
package struct OrderController: Sendable {
    let orders: OrderStore
    let writer: IdempotentWriter
    let now: @Sendable () -> Date

    package init(orders: OrderStore, writer: IdempotentWriter, now: @escaping @Sendable () -> Date) {
        self.orders = orders
        self.writer = writer
        self.now = now
    }

    package var endpoints: [Endpoint] {
        var list = [
            Endpoint(.post, "/api/v1/quotes", .roles([.buyer, .approver], quote)),
            Endpoint(.post, "/api/v1/orders", .roles([.buyer, .approver], place)),
            Endpoint(.get, "/api/v1/orders", .roles(allRoles, list)),
            Endpoint(.get, "/api/v1/orders/{id}", .roles(allRoles, get)),
            Endpoint(.post, "/api/v1/orders/{id}/rating", .roles([.buyer, .approver], rate)),
        ]
        for action in OrderAction.allCases {
            list.append(Endpoint(.post, "/api/v1/orders/{id}/\(action.rawValue)", .roles(action.roles, act(action))))
        }
        return list
    }

    // MARK: - Helpers

    static func lines(_ body: [CartLineBody]) throws(DomainError) -> [OrderStore.CartLine] {
        var result: [OrderStore.CartLine] = []
        var validator = Validator()
        for (index, line) in body.enumerated() {
            if let id = ID<Listing>(line.listingId) {
                result.append(OrderStore.CartLine(listingID: id, quantity: line.quantity))
            } else {
                validator.check(false, "lines[\(index)].listingId", "invalid", "a listing id (UUID)")
            }
        }
        try validator.validate()
        return result
    }

    /// Whether the principal may see the order (DESIGN.md §4: a foreign id answers 404).
    static func canSee(_ order: OrderStore.Record, _ principal: Principal) -> Bool {
        switch principal.organisationKind {
        case .operator: true
        case .regulator: RegionCode(order.regionCode)?.isWithin(principal.regionCode) ?? false
        case .unit: order.unitID == principal.organisationID
        case .supplier: order.supplierID == principal.organisationID
        }
    }

    func visibleOrder(_ context: AppRequestContext, _ principal: Principal) async throws -> OrderStore.Record {
        let raw = try context.parameters.require("id")
        guard let id = ID<Order>(raw), let order = try await orders.order(id: id, logger: context.logger),
            Self.canSee(order, principal)
        else { throw DomainError.notFound("order \(raw)") }
        return order
    }

    func response(
        _ record: OrderStore.Record, _ principal: Principal, lines: [OrderStore.LineRecord]? = nil,
        rating: OrderStore.RatingRecord? = nil
    ) -> OrderResponse {
        OrderResponse(
            record, principal: principal, policy: orders.policy.paymentTerms, today: LocalDate(now()), lines: lines,
            rating: rating)
    }

    /// The 409 `order.price_changed` answer, with the new quote.
    static func priceChanged(_ change: OrderStore.PriceChanged) throws -> Response {
        let problem = ProblemStatus.problem(for: change.error)
        let body = PriceChangedProblem(
            type: problem.type, title: problem.title, status: Int(problem.status.code), detail: problem.detail,
            code: problem.code, errors: problem.errors, quote: QuoteResponse(change.cart))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: problem.status, headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }

    // MARK: - Quotes and placement

    @Sendable func quote(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let body = try await request.decodeJSON(QuoteRequest.self, context: context)
        let cart = try await orders.quote(
            lines: try Self.lines(body.lines), buyerRegion: principal.regionCode, now: now(), logger: context.logger)
        return try .json(QuoteResponse(cart))
    }

    @Sendable func place(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(PlaceOrderRequest.self, from: buffer)
        let lines = try Self.lines(body.lines)
        var validator = Validator()
        let budgetLine = ID<BudgetLine>(body.budgetLineId)
        validator.check(budgetLine != nil, "budgetLineId", "invalid", "a budget line id (UUID)")
        validator.check(body.expectedTotalFen >= .zero, "expectedTotalFen", "out_of_range", "0 or more")
        let clock = PaymentTerms.ClockStart(rawValue: body.paymentTerms?.clockStart ?? "delivery")
        validator.check(clock != nil, "paymentTerms.clockStart", "invalid", "delivery or acceptance")
        let interest = body.paymentTerms?.agreedDailyInterestBp
        validator.check(
            interest.map { (0...10_000).contains($0) } ?? true, "paymentTerms.agreedDailyInterestBp", "out_of_range",
            "0 to 10 000 basis points per day")
        validator.check(
            body.paymentTerms?.agreedTermDays.map { (0...3650).contains($0) } ?? true, "paymentTerms.agreedTermDays",
            "out_of_range", "0 to 3650 days")
        try validator.validate()
        guard let budgetLine, let clock else { throw DomainError.validation(validator.problems) }
        let placeRequest = OrderStore.PlaceRequest(
            lines: lines, expectedTotal: body.expectedTotalFen, budgetLineID: budgetLine, clockStart: clock,
            agreedTermDays: body.paymentTerms?.agreedTermDays,
            agreedDailyInterest: interest.map { BasisPoints(Int32($0)) })
        let at = now()
        let store = orders
        let requestID = context.requestID
        let logger = context.logger
        let today = LocalDate(at)
        do {
            return try await writer.run(request, body: buffer, context: context, principal: principal, required: true) {
                conn in
                let placement = try await store.place(
                    placeRequest, actor: principal, now: at, requestID: requestID, on: conn, logger: logger)
                return PlacementResponse(
                    placementId: placement.placementID.lowercasedString,
                    totalFen: placement.orders.reduce(Fen.zero) { $0 + $1.totalFen },
                    orders: placement.orders.map {
                        OrderResponse(
                            $0, principal: principal, policy: store.policy.paymentTerms, today: today,
                            lines: placement.lines[$0.id] ?? [])
                    },
                    warnings: placement.warnings.map(SplitWarningResponse.init))
            }
        } catch let change as OrderStore.PriceChanged {
            return try Self.priceChanged(change)
        }
    }

    // MARK: - Reads

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        var filter = OrderStore.Filter()
        filter.state = try query["state"].map { raw in
            guard let state = OrderState(rawValue: String(raw)) else {
                throw Problem.invalidQuery(
                    field: "state", message: OrderState.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return state
        }
        filter.placedFrom = try Self.date(query["from"].map(String.init), field: "from")
        filter.placedTo = try Self.date(query["to"].map(String.init), field: "to")
        filter.supplier = try Self.organisation(query["supplier"].map(String.init), field: "supplier")
        filter.unit = try Self.organisation(query["unit"].map(String.init), field: "unit")
        filter.agreement = try query["agreement"].map { raw in
            guard let id = ID<Agreement>(String(raw)) else {
                throw Problem.invalidQuery(field: "agreement", message: "a framework agreement id")
            }
            return id
        }
        let today = LocalDate(now())
        if let raw = query["overdue"] {
            guard raw == "true" || raw == "false" else {
                throw Problem.invalidQuery(field: "overdue", message: "true or false")
            }
            filter.overdueOn = raw == "true" ? today : nil
        }
        let scope: OrderStore.Scope =
            switch principal.organisationKind {
            case .operator: .all
            case .regulator: .region(principal.regionCode)
            case .unit: .unit(principal.organisationID)
            case .supplier: .supplier(principal.organisationID)
            }
        let rows = try await orders.orders(
            scope: scope, filter: filter, after: try ListingController.cursor(page.cursor), limit: page.limit + 1,
            logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id.uuid).encoded } : nil
        return try .json(Page(items: items.map { response($0, principal) }, nextCursor: next))
    }

    static func date(_ raw: String?, field: String) throws -> LocalDate? {
        try raw.map { raw in
            guard let date = LocalDate(raw) else {
                throw Problem.invalidQuery(field: field, message: "a date YYYY-MM-DD")
            }
            return date
        }
    }

    static func organisation(_ raw: String?, field: String) throws -> ID<Organisation>? {
        try raw.map { raw in
            guard let id = ID<Organisation>(raw) else {
                throw Problem.invalidQuery(field: field, message: "an organisation id")
            }
            return id
        }
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let order = try await visibleOrder(context, principal)
        let lines = try await orders.lines(orderID: order.id, logger: context.logger)
        let rating = try await orders.rating(orderID: order.id, logger: context.logger)
        return try .json(
            response(order, principal, lines: lines, rating: rating), headers: [.eTag: "\"\(order.version)\""])
    }

    // MARK: - Transitions

    /// The handler of one action: decodes its body into the lifecycle event, checks `If-Match`, and applies it
    /// in a transaction guarded by the optional `Idempotency-Key`.
    func act(_ action: OrderAction) -> @Sendable (Request, AppRequestContext, Principal) async throws -> Response {
        { request, context, principal in
            let raw = try context.parameters.require("id")
            guard let id = ID<Order>(raw) else { throw DomainError.notFound("order \(raw)") }
            let expected = try request.expectedVersion()
            let buffer = try await IdempotentWriter.body(of: request, context: context)
            let at = now()
            let event = try Self.event(for: action, request: request, body: buffer, today: LocalDate(at))
            let store = orders
            let requestID = context.requestID
            let logger = context.logger
            let today = LocalDate(at)
            return try await writer.run(
                request, body: buffer, context: context, principal: principal, status: .ok, versionTag: true
            ) { conn in
                let record = try await store.transition(
                    id: id, event: event, expectedVersion: expected, actor: principal, now: at, requestID: requestID,
                    on: conn, logger: logger)
                let lines = try await store.lines(orderIDs: [record.id], on: conn, logger: logger).map(\.1)
                return OrderResponse(
                    record, principal: principal, policy: store.policy.paymentTerms, today: today, lines: lines)
            }
        }
    }

    /// The lifecycle event an action's request stands for (DOMAIN.md §O2). Dates default to today and may not
    /// be in the future.
    static func event(for action: OrderAction, request: Request, body: ByteBuffer, today: LocalDate) throws
        -> OrderEvent
    {
        func notFuture(_ date: LocalDate, _ field: String) throws(DomainError) -> LocalDate {
            guard date <= today else {
                throw DomainError.validation([
                    .init(field: field, code: "in_future", message: "\(field) \(date) is after today, \(today)")
                ])
            }
            return date
        }
        switch action {
        case .confirm: return .confirm
        case .ship: return .ship
        case .reship: return .reship
        case .agreeCancellation: return .agreeCancellation
        case .withdrawCancellation: return .withdrawCancellation
        case .reject, .cancel, .requestCancellation:
            let reason = try request.decodeJSON(OrderReasonRequest.self, from: body).reason
            guard let reason else {
                throw DomainError.validation([.init(field: "reason", code: "required", message: "reason is required")])
            }
            switch action {
            case .reject: return .reject(reason: reason)
            case .cancel: return .cancel(reason: reason)
            default: return .requestCancellation(reason: reason)
            }
        case .declineCancellation:
            guard body.readableBytes > 0 else { return .declineCancellation(reason: nil) }
            return .declineCancellation(reason: try request.decodeJSON(OrderReasonRequest.self, from: body).reason)
        case .deliver:
            let date =
                body.readableBytes > 0
                ? try request.decodeJSON(DeliveryRequest.self, from: body).deliveredOn : nil
            return .confirmDelivery(on: try notFuture(date ?? today, "deliveredOn"))
        case .accept:
            let accept = try request.decodeJSON(AcceptanceRequest.self, from: body)
            guard let result = AcceptanceRecord.Result(rawValue: accept.result) else {
                throw DomainError.validation([
                    .init(field: "result", code: "invalid", message: "result is passed or failed")
                ])
            }
            return .recordAcceptance(
                AcceptanceRecord(
                    date: try notFuture(accept.date ?? today, "date"), acceptorName: accept.acceptorName,
                    result: result, notes: accept.notes))
        case .pay:
            let pay = try request.decodeJSON(PaymentRequest.self, from: body)
            return .pay(PaymentRecord(amount: pay.amountFen, date: try notFuture(pay.paidOn ?? today, "paidOn")))
        }
    }

    // MARK: - Ratings

    @Sendable func rate(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<Order>(raw) else { throw DomainError.notFound("order \(raw)") }
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(RatingRequest.self, from: buffer)
        let rating = try CreditRating(delivery: body.delivery, quality: body.quality, service: body.service)
        var validator = Validator()
        validator.text(body.comment, "comment", maxLength: 2000, required: false)
        try validator.validate()
        let comment = body.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        let at = now()
        let store = orders
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal) { conn in
            let record = try await store.rate(
                orderID: id, rating: rating, comment: comment?.isEmpty == true ? nil : comment, actor: principal,
                now: at, requestID: requestID, on: conn, logger: logger)
            return RatingResponse(record)
        }
    }
}
