import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Stage-2 orders, the rotation, the regulators' skip feed and units' discovery (DOMAIN.md §F5–§F9; issue 5
/// points 4 and 6).
extension AgreementController {
    var orderEndpoints: [Endpoint] {
        [
            Endpoint(.post, "/api/v1/agreements/{id}/orders", .roles([.buyer, .approver], placeOrder)),
            Endpoint(.post, "/api/v1/agreements/{id}/second-biddings", .roles([.buyer, .approver], postSecondBidding)),
            Endpoint(.get, "/api/v1/agreements/{id}/rotation", .roles(allRoles, rotation)),
            Endpoint(.get, "/api/v1/rotation-skips", .roles([.operator, .regulator, .buyer, .approver], skips)),
            Endpoint(.get, "/api/v1/agreement-offers", .roles([.buyer, .approver], offers)),
        ]
    }

    /// A stage-2 order (`Idempotency-Key` required) through the same pipeline as `POST /api/v1/orders`.
    @Sendable func placeOrder(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let id = try Self.id(context)
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(AgreementOrderRequest.self, from: buffer)
        var validator = Validator()
        let budgetLine = ID<BudgetLine>(body.budgetLineId)
        validator.check(budgetLine != nil, "budgetLineId", "invalid", "a budget line id (UUID)")
        let method = body.method.map(StageTwoMethod.init(rawValue:))
        validator.check(method != .some(nil), "method", "invalid", "direct_selection, second_bidding or rotation")
        validator.check(body.expectedTotalFen.map { $0 >= .zero } ?? true, "expectedTotalFen", "out_of_range", "0 or more")
        let clock = PaymentTerms.ClockStart(rawValue: body.paymentTerms?.clockStart ?? "delivery")
        validator.check(clock != nil, "paymentTerms.clockStart", "invalid", "delivery or acceptance")
        var selectionSupplier: ID<Organisation>?
        var selectionReason: DirectSelection.Reason?
        if let selection = body.selection {
            selectionSupplier = ID<Organisation>(selection.supplierId)
            validator.check(selectionSupplier != nil, "selection.supplierId", "invalid", "an organisation id")
            selectionReason = DirectSelection.Reason(rawValue: selection.reason)
            validator.check(
                selectionReason != nil, "selection.reason", "invalid", "price, quality, convenience or rating")
        }
        var skips: [RotationSkip] = []
        for (index, skip) in (body.skips ?? []).enumerated() {
            if let supplier = ID<Organisation>(skip.supplierId) {
                skips.append(RotationSkip(supplierID: supplier, reason: skip.reason))
            } else {
                validator.check(false, "skips[\(index)].supplierId", "invalid", "an organisation id")
            }
        }
        validator.check(skips.count <= 100, "skips", "too_many", "at most 100 skips")
        try validator.validate()
        guard let budgetLine, let clock else { throw DomainError.validation(validator.problems) }
        var selection: DirectSelection?
        if let supplier = selectionSupplier, let reason = selectionReason, let note = body.selection?.note {
            selection = try DirectSelection(supplierID: supplier, reason: reason, note: note)
        }
        let stageTwo = AgreementStore.StageTwoRequest(
            lotNo: body.lotNo, quantity: body.quantity, budgetLineID: budgetLine, expectedTotal: body.expectedTotalFen,
            requestedMethod: method ?? nil, selection: selection, skips: skips, clockStart: clock)
        let store = agreements
        let at = now()
        let today = LocalDate(at)
        let requestID = context.requestID
        let logger = context.logger
        do {
            return try await writer.run(request, body: buffer, context: context, principal: principal, required: true) {
                conn in
                let result = try await store.placeOrder(
                    agreementID: id, stageTwo, actor: principal, now: at, requestID: requestID, on: conn,
                    logger: logger)
                let placement = result.placement
                return AgreementOrderResponse(
                    agreementId: result.agreement.id.description, agreementNo: result.agreement.agreementNo,
                    lotNo: result.lotNo, method: result.method.rawValue, supplierId: result.member.supplierID.description,
                    memberId: result.member.id.description, agreedPriceFen: result.member.agreedPriceFen,
                    selection: result.selection.map { .init(reason: $0.reason.rawValue, note: $0.note) },
                    allocation: result.allocation.map {
                        .init(
                            cycle: $0.cycle, position: $0.position,
                            skipped: $0.skipped.map { .init(supplierId: $0.supplierID.description, reason: $0.reason) })
                    },
                    placement: PlacementResponse(
                        placementId: placement.placementID.lowercasedString,
                        totalFen: placement.orders.reduce(Fen.zero) { $0 + $1.totalFen },
                        orders: placement.orders.map {
                            OrderResponse(
                                $0, principal: principal, policy: store.orders.policy.paymentTerms, today: today,
                                lines: placement.lines[$0.id] ?? [])
                        },
                        warnings: placement.warnings.map(SplitWarningResponse.init)))
            }
        } catch let change as OrderStore.PriceChanged {
            return try OrderController.priceChanged(change)
        }
    }

    /// A second bidding among the lot's admitted suppliers (DOMAIN.md §F7; `Idempotency-Key` required): 201 with
    /// the competition, `Location: /api/v1/competitions/{id}`. Quotes, the close and the award are the
    /// competition endpoints'; the award places the agreement's stage-2 order.
    @Sendable func postSecondBidding(_ request: Request, context: AppRequestContext, principal: Principal)
        async throws -> Response
    {
        let id = try Self.id(context)
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(SecondBiddingRequestBody.self, from: buffer)
        var validator = Validator()
        let budgetLine = ID<BudgetLine>(body.budgetLineId)
        validator.check(budgetLine != nil, "budgetLineId", "invalid", "a budget line id (UUID)")
        let deadline = CompetitionController.instant(body.deadline)
        validator.check(deadline != nil, "deadline", "invalid", "an RFC 3339 instant, e.g. 2026-03-04T17:00:00+08:00")
        try validator.validate()
        guard let budgetLine, let deadline else { throw DomainError.validation(validator.problems) }
        let secondBidding = AgreementStore.SecondBiddingRequest(
            lotNo: body.lotNo, title: body.title, specs: body.specs, quantity: body.quantity, unit: body.unit,
            budgetLineID: budgetLine, deadline: deadline)
        let (store, competitions) = (agreements, self.competitions)
        let at = now()
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, required: true,
            locationPrefix: "/api/v1/competitions/"
        ) { conn in
            let posted = try await store.postSecondBidding(
                agreementID: id, secondBidding, competitions: competitions, actor: principal, now: at,
                requestID: requestID, on: conn, logger: logger)
            return CompetitionResponse(posted.competition, showResult: false, showPrivate: true)
        }
    }

    @Sendable func rotation(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let record = try await visibleAgreement(context, principal)
        let rows = try await agreements.rotations(agreementID: record.id, logger: context.logger)
        return try .json(Page(items: rows.map(RotationResponse.init), nextCursor: nil))
    }

    /// DOMAIN.md §F8: rotation skips newest first — a regulator's region, a unit's own, every skip for operators.
    @Sendable func skips(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response
    {
        let page = try PageRequest(request)
        var prefix: String?
        var unit: ID<Organisation>?
        switch principal.organisationKind {
        case .regulator:
            let code = principal.regionCode.rawValue
            prefix = code.hasSuffix("0000") ? String(code.prefix(2)) : code.hasSuffix("00") ? String(code.prefix(4)) : code
        case .unit: unit = principal.organisationID
        case .operator, .supplier: break
        }
        let rows = try await agreements.skips(
            regionPrefix: prefix, unit: unit, after: try ListingController.cursor(page.cursor), limit: page.limit + 1,
            logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id).encoded } : nil
        return try .json(Page(items: items.map(RotationSkipResponse.init), nextCursor: next))
    }

    /// Issue 5 point 6: the admitted products of active agreements serving the unit's region, with agreed
    /// prices; `?agreement=` and `?category=` narrow them.
    @Sendable func offers(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response
    {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        let agreement = try query["agreement"].map { raw in
            guard let id = ID<Agreement>(String(raw)) else {
                throw Problem.invalidQuery(field: "agreement", message: "an agreement id")
            }
            return id
        }
        let category = query["category"].map(String.init)
        let cursor = try page.cursor.map { raw -> (String, UUID) in
            let cursor = try Cursor(encoded: raw)
            guard let id = cursor.id, UUID(uuidString: cursor.key) != nil else {
                throw DomainError(.invalidCursor, "the cursor is not one this server issued")
            }
            return (cursor.key, id)
        }
        let rows = try await agreements.offers(
            region: principal.regionCode, agreement: agreement, categoryCode: category, after: cursor,
            limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit)
        let next =
            rows.count > page.limit
            ? items.last.map { Cursor(key: $0.agreementID.description, id: $0.member.id.uuid).encoded } : nil
        return try .json(Page(items: items.map(AgreementOfferResponse.init), nextCursor: next))
    }
}
