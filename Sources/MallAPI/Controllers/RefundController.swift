import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Refunds of paid orders (DOMAIN.md §V3; issue 6 point 1): the order's unit or supplier records money given
/// back; 832 progress and the SME and green shares subtract it in the month of the refund. Reading them follows
/// the order's visibility.
package struct RefundController: Sendable {
    let refunds: RefundStore
    let orders: OrderStore
    let writer: IdempotentWriter
    let now: @Sendable () -> Date

    package init(refunds: RefundStore, orders: OrderStore, writer: IdempotentWriter, now: @escaping @Sendable () -> Date)
    {
        self.refunds = refunds
        self.orders = orders
        self.writer = writer
        self.now = now
    }

    package var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/api/v1/orders/{id}/refunds", .roles([.buyer, .approver, .supplier], create)),
            Endpoint(.get, "/api/v1/orders/{id}/refunds", .roles(allRoles, list)),
        ]
    }

    @Sendable func create(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<Order>(raw) else { throw DomainError.notFound("order \(raw)") }
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(CreateRefundRequest.self, from: buffer)
        let at = now()
        let today = LocalDate(at)
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var validator = Validator()
        validator.check(body.amountFen > .zero, "amountFen", "out_of_range", "a refund is above 0 fen")
        validator.text(reason, "reason", maxLength: 500)
        let day = body.refundedOn.map(LocalDate.init) ?? today
        validator.check(day != nil, "refundedOn", "invalid", "a date YYYY-MM-DD")
        validator.check(day.map { $0 <= today } ?? true, "refundedOn", "in_future", "the refund day is not after today")
        try validator.validate()
        guard let refundedOn = day else { throw DomainError.validation(validator.problems) }
        let store = refunds
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, required: true
        ) { conn in
            RefundResponse(
                try await store.refund(
                    orderID: id, amount: body.amountFen, refundedOn: refundedOn, reason: reason, actor: principal,
                    now: at, requestID: requestID, on: conn, logger: logger))
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = ID<Order>(raw), let order = try await orders.order(id: id, logger: context.logger),
            OrderController.canSee(order, principal)
        else { throw DomainError.notFound("order \(raw)") }
        let records = try await refunds.refunds(orderID: id, logger: context.logger)
        return try .json(
            RefundListResponse(
                items: records.map(RefundResponse.init), refundedFen: records.reduce(Fen.zero) { $0 + $1.amountFen }))
    }
}
