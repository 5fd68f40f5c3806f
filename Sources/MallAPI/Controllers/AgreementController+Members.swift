import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore
import PostgresNIO

/// Members, agreed prices, replacements, supplementary calls and applications (DOMAIN.md §F10, §F11, §P4).
extension AgreementController {
    var memberEndpoints: [Endpoint] {
        let base = "/api/v1/agreements/{id}"
        return [
            Endpoint(.get, "\(base)/members", .roles(allRoles, listMembers)),
            Endpoint(.post, "\(base)/members/{memberId}/price", .roles([.supplier], memberStep(.price))),
            Endpoint(.post, "\(base)/members/{memberId}/withdraw", .roles([.supplier], memberStep(.withdraw))),
            Endpoint(
                .post, "\(base)/members/{memberId}/accept-withdrawal", .roles([.operator], memberStep(.acceptWithdrawal))),
            Endpoint(
                .post, "\(base)/members/{memberId}/decline-withdrawal",
                .roles([.operator], memberStep(.declineWithdrawal))),
            Endpoint(.post, "\(base)/members/{memberId}/remove", .roles([.operator], memberStep(.remove))),
            Endpoint(.post, "\(base)/members/{memberId}/replacements", .roles([.supplier], requestReplacement)),
            Endpoint(.get, "\(base)/replacements", .roles([.operator, .supplier], listReplacements)),
            Endpoint(
                .post, "\(base)/replacements/{replacementId}/approve", .roles([.operator], decideReplacement(true))),
            Endpoint(
                .post, "\(base)/replacements/{replacementId}/refuse", .roles([.operator], decideReplacement(false))),
            Endpoint(.post, "\(base)/calls", .roles([.operator], openCall)),
            Endpoint(.get, "\(base)/calls", .roles(allRoles, listCalls)),
            Endpoint(.post, "\(base)/calls/{callId}/close", .roles([.operator], closeCall)),
            Endpoint(.post, "\(base)/applications", .roles([.supplier], apply)),
            Endpoint(.get, "\(base)/applications", .roles([.operator, .supplier], listApplications)),
            Endpoint(
                .post, "\(base)/applications/{applicationId}/accept", .roles([.operator], decideApplication(true))),
            Endpoint(
                .post, "\(base)/applications/{applicationId}/refuse", .roles([.operator], decideApplication(false))),
        ]
    }

    @Sendable func listMembers(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let record = try await visibleAgreement(context, principal)
        let rows = try await agreements.members(agreementID: record.id, logger: context.logger)
        return try .json(Page(items: rows.map(MemberResponse.init), nextCursor: nil))
    }

    enum MemberStep { case price, withdraw, acceptWithdrawal, declineWithdrawal, remove }

    /// One step on a member (`If-Match` with the member's version is optional; a stale one answers 412).
    func memberStep(_ step: MemberStep) -> @Sendable (Request, AppRequestContext, Principal) async throws -> Response
    {
        { request, context, principal in
            let id = try Self.id(context)
            let memberID = ID<AgreementMember>(try Self.uuid(context, "memberId"))
            let expected = try Self.optionalVersion(request)
            let buffer = try await IdempotentWriter.body(of: request, context: context)
            let store = agreements
            let at = now()
            let requestID = context.requestID
            let logger = context.logger
            let work: @Sendable (PostgresConnection) async throws -> AgreementStore.MemberRecord
            switch step {
            case .price:
                let body = try request.decodeJSON(AgreedPriceRequest.self, from: buffer)
                work = { conn in
                    try await store.lowerPrice(
                        agreementID: id, memberID: memberID, to: body.unitPriceFen, reason: body.reason,
                        expectedVersion: expected, actor: principal, now: at, requestID: requestID, on: conn,
                        logger: logger)
                }
            case .withdraw:
                let body = try Self.optionalBody(MemberReasonRequest.self, request: request, buffer: buffer)
                work = { conn in
                    try await store.withdraw(
                        agreementID: id, memberID: memberID, reason: body?.reason, expectedVersion: expected,
                        actor: principal, now: at, requestID: requestID, on: conn, logger: logger)
                }
            case .acceptWithdrawal, .declineWithdrawal:
                let body = try Self.optionalBody(MemberReasonRequest.self, request: request, buffer: buffer)
                work = { conn in
                    try await store.decideWithdrawal(
                        agreementID: id, memberID: memberID, accept: step == .acceptWithdrawal, reason: body?.reason,
                        expectedVersion: expected, actor: principal, now: at, requestID: requestID, on: conn,
                        logger: logger)
                }
            case .remove:
                let body = try request.decodeJSON(MemberReasonRequest.self, from: buffer)
                guard let cause = body.cause.flatMap(RemovalCause.init(rawValue:)) else {
                    throw DomainError.validation([
                        .init(
                            field: "cause", code: "invalid",
                            message: RemovalCause.allCases.map(\.rawValue).joined(separator: ", "))
                    ])
                }
                work = { conn in
                    try await store.remove(
                        agreementID: id, memberID: memberID, cause: cause, reason: body.reason,
                        expectedVersion: expected, actor: principal, now: at, requestID: requestID, on: conn,
                        logger: logger)
                }
            }
            return try await writer.run(
                request, body: buffer, context: context, principal: principal, status: .ok, versionTag: true
            ) { conn in
                MemberResponse(try await work(conn))
            }
        }
    }

    @Sendable func requestReplacement(_ request: Request, context: AppRequestContext, principal: Principal)
        async throws -> Response
    {
        let id = try Self.id(context)
        let memberID = ID<AgreementMember>(try Self.uuid(context, "memberId"))
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(ReplacementRequest.self, from: buffer)
        guard let listing = ID<Listing>(body.listingId) else {
            throw DomainError.validation([.init(field: "listingId", code: "invalid", message: "a listing id (UUID)")])
        }
        let store = agreements
        let at = now()
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal) { conn in
            ReplacementResponse(
                try await store.requestReplacement(
                    agreementID: id, memberID: memberID, listingID: listing, price: body.unitPriceFen,
                    reason: body.reason, actor: principal, now: at, requestID: requestID, on: conn, logger: logger))
        }
    }

    @Sendable func listReplacements(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let record = try await visibleAgreement(context, principal)
        let supplier = principal.organisationKind == .operator ? nil : principal.organisationID
        let rows = try await agreements.replacements(agreementID: record.id, supplier: supplier, logger: context.logger)
        return try .json(Page(items: rows.map(ReplacementResponse.init), nextCursor: nil))
    }

    func decideReplacement(_ approve: Bool) -> @Sendable (Request, AppRequestContext, Principal) async throws
        -> Response
    {
        { request, context, principal in
            let id = try Self.id(context)
            let replacementID = try Self.uuid(context, "replacementId")
            let buffer = try await IdempotentWriter.body(of: request, context: context)
            let body = try Self.optionalBody(MemberReasonRequest.self, request: request, buffer: buffer)
            let store = agreements
            let at = now()
            let requestID = context.requestID
            let logger = context.logger
            return try await writer.run(request, body: buffer, context: context, principal: principal, status: .ok) {
                conn in
                ReplacementResponse(
                    try await store.decideReplacement(
                        agreementID: id, replacementID: replacementID, approve: approve, reason: body?.reason,
                        actor: principal, now: at, requestID: requestID, on: conn, logger: logger))
            }
        }
    }

    @Sendable func openCall(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let id = try Self.id(context)
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(CallRequest.self, from: buffer)
        let store = agreements
        let at = now()
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal) { conn in
            CallResponse(
                try await store.openCall(
                    agreementID: id, lotNo: body.lotNo, description: body.description, actor: principal, now: at,
                    requestID: requestID, on: conn, logger: logger))
        }
    }

    @Sendable func listCalls(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let record = try await visibleAgreement(context, principal)
        let rows = try await agreements.calls(agreementID: record.id, logger: context.logger)
        return try .json(Page(items: rows.map(CallResponse.init), nextCursor: nil))
    }

    @Sendable func closeCall(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let id = try Self.id(context)
        let callID = try Self.uuid(context, "callId")
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let store = agreements
        let at = now()
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal, status: .ok) {
            conn in
            CallResponse(
                try await store.closeCall(
                    agreementID: id, callID: callID, actor: principal, now: at, requestID: requestID, on: conn,
                    logger: logger))
        }
    }

    @Sendable func apply(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let id = try Self.id(context)
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(ApplicationRequest.self, from: buffer)
        var validator = Validator()
        let listing = ID<Listing>(body.listingId)
        validator.check(listing != nil, "listingId", "invalid", "a listing id (UUID)")
        let call = body.callId.map(UUID.init(uuidString:))
        validator.check(call != .some(nil), "callId", "invalid", "a call id (UUID)")
        try validator.validate()
        guard let listing else { throw DomainError.validation(validator.problems) }
        let store = agreements
        let at = now()
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal) { conn in
            ApplicationResponse(
                try await store.submitApplication(
                    agreementID: id, lotNo: body.lotNo, callID: call ?? nil, listingID: listing,
                    price: body.unitPriceFen, actor: principal, now: at, requestID: requestID, on: conn,
                    logger: logger))
        }
    }

    @Sendable func listApplications(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let record = try await visibleAgreement(context, principal)
        let supplier = principal.organisationKind == .operator ? nil : principal.organisationID
        let rows = try await agreements.applications(agreementID: record.id, supplier: supplier, logger: context.logger)
        return try .json(Page(items: rows.map(ApplicationResponse.init), nextCursor: nil))
    }

    func decideApplication(_ accept: Bool) -> @Sendable (Request, AppRequestContext, Principal) async throws
        -> Response
    {
        { request, context, principal in
            let id = try Self.id(context)
            let applicationID = try Self.uuid(context, "applicationId")
            let buffer = try await IdempotentWriter.body(of: request, context: context)
            let body = try Self.optionalBody(MemberReasonRequest.self, request: request, buffer: buffer)
            let store = agreements
            let at = now()
            let requestID = context.requestID
            let logger = context.logger
            return try await writer.run(request, body: buffer, context: context, principal: principal, status: .ok) {
                conn in
                ApplicationResponse(
                    try await store.decideApplication(
                        agreementID: id, applicationID: applicationID, accept: accept, reason: body?.reason,
                        actor: principal, now: at, requestID: requestID, on: conn, logger: logger))
            }
        }
    }
}
