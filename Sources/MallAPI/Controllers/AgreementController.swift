import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore
import NIOCore

/// Framework agreements (DOMAIN.md §F, issue 5): operators create and run them, suppliers respond in stage 1
/// and manage their membership (`AgreementController+Members`), units discover admitted products and order
/// under them (`AgreementController+Orders`).
///
/// Visibility: drafts are seen by operators only (another caller gets 404); every other agreement, its lots,
/// members and published results are public to authenticated users. Stage-1 responses, replacements and
/// applications: operators see all, a supplier its own.
package struct AgreementController: Sendable {
    let agreements: AgreementStore
    /// Second biddings are competitions (DOMAIN.md §F7).
    let competitions: CompetitionStore
    let writer: IdempotentWriter
    let now: @Sendable () -> Date

    package init(
        agreements: AgreementStore, competitions: CompetitionStore, writer: IdempotentWriter,
        now: @escaping @Sendable () -> Date
    ) {
        self.agreements = agreements
        self.competitions = competitions
        self.writer = writer
        self.now = now
    }

    package var endpoints: [Endpoint] {
        var list = [
            Endpoint(.post, "/api/v1/agreements", .roles([.operator], create)),
            Endpoint(.get, "/api/v1/agreements", .roles(allRoles, listAgreements)),
            Endpoint(.get, "/api/v1/agreements/{id}", .roles(allRoles, get)),
            Endpoint(.put, "/api/v1/agreements/{id}", .roles([.operator], update)),
            Endpoint(.post, "/api/v1/agreements/{id}/evaluate", .roles([.operator], evaluate)),
            Endpoint(.post, "/api/v1/agreements/{id}/responses", .roles([.supplier], respond)),
            Endpoint(.get, "/api/v1/agreements/{id}/responses", .roles([.operator, .supplier], listResponses)),
            Endpoint(.get, "/api/v1/agreements/{id}/results", .roles(allRoles, results)),
        ]
        for action in AgreementAction.allCases {
            list.append(Endpoint(.post, "/api/v1/agreements/{id}/\(action.rawValue)", .roles([.operator], act(action))))
        }
        list += memberEndpoints
        list += orderEndpoints
        return list
    }

    // MARK: - Helpers

    static func id(_ context: AppRequestContext) throws -> ID<Agreement> {
        let raw = try context.parameters.require("id")
        guard let id = ID<Agreement>(raw) else { throw DomainError.notFound("agreement \(raw)") }
        return id
    }

    static func uuid(_ context: AppRequestContext, _ name: String) throws -> UUID {
        let raw = try context.parameters.require(name)
        guard let id = UUID(uuidString: raw) else { throw DomainError.notFound("\(name) \(raw)") }
        return id
    }

    /// Drafts are the operators' working copies: anyone else gets 404.
    static func canSee(_ record: AgreementStore.Record, _ principal: Principal) -> Bool {
        record.state != .draft || principal.organisationKind == .operator
    }

    func visibleAgreement(_ context: AppRequestContext, _ principal: Principal) async throws -> AgreementStore.Record {
        let id = try Self.id(context)
        guard let record = try await agreements.agreement(id: id, logger: context.logger), Self.canSee(record, principal)
        else { throw DomainError.notFound("agreement \(id)") }
        return record
    }

    /// The body of an optional-body request, decoded when present.
    static func optionalBody<T: Decodable>(_ type: T.Type, request: Request, buffer: ByteBuffer) throws -> T? {
        guard buffer.readableBytes > 0 else { return nil }
        return try request.decodeJSON(type, from: buffer)
    }

    /// The version from `If-Match` when sent (member steps), else `nil`.
    static func optionalVersion(_ request: Request) throws -> Int? {
        request.headers[.ifMatch] == nil ? nil : try request.expectedVersion()
    }

    // MARK: - Agreements

    @Sendable func create(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let requirements = try request.decodeJSON(AgreementRequest.self, from: buffer).requirements()
        let at = now()
        let store = agreements
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, locationPrefix: "/api/v1/agreements/"
        ) { conn in
            AgreementResponse(
                try await store.create(
                    requirements, actor: principal, now: at, requestID: requestID, on: conn, logger: logger))
        }
    }

    @Sendable func listAgreements(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        var filter = AgreementStore.Filter(publishedOnly: principal.organisationKind != .operator)
        filter.state = try query["state"].map { raw in
            guard let state = AgreementState(rawValue: String(raw)) else {
                throw Problem.invalidQuery(
                    field: "state", message: AgreementState.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return state
        }
        if let raw = query["applicable"] {
            guard raw == "true" || raw == "false" else {
                throw Problem.invalidQuery(field: "applicable", message: "true or false")
            }
            // Active agreements serving the caller's region (units' discovery, issue 5 point 6).
            if raw == "true" { filter.servingRegion = principal.regionCode }
        }
        let rows = try await agreements.agreements(
            filter: filter, after: try ListingController.cursor(page.cursor), limit: page.limit + 1,
            logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id.uuid).encoded } : nil
        return try .json(Page(items: items.map(AgreementResponse.init), nextCursor: next))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let record = try await visibleAgreement(context, principal)
        return try .json(AgreementResponse(record), headers: [.eTag: "\"\(record.version)\""])
    }

    /// DOMAIN.md §F4: only a draft's requirements change; a refused edit answers 409 `agreement.frozen` and is
    /// audited (`agreement.edit_refused`) in its own transaction.
    @Sendable func update(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let id = try Self.id(context)
        let expected = try request.expectedVersion()
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(AgreementRequest.self, from: buffer)
        let at = now()
        let store = agreements
        let requestID = context.requestID
        let logger = context.logger
        do {
            let requirements = try body.requirements()
            return try await writer.run(
                request, body: buffer, context: context, principal: principal, status: .ok, versionTag: true
            ) { conn in
                AgreementResponse(
                    try await store.update(
                        id: id, requirements, expectedVersion: expected, actor: principal, now: at,
                        requestID: requestID, on: conn, logger: logger))
            }
        } catch let error as DomainError where error.code == .agreementFrozen {
            try await store.auditRefusedEdit(
                id: id, attempted: ["title": .string(body.title), "lots": .int(Int64(body.lots.count))],
                actor: principal, now: at, requestID: requestID, logger: logger)
            throw error
        }
    }

    /// A lifecycle step (If-Match required): open, close, activate, expire, terminate (with `reason`).
    func act(_ action: AgreementAction) -> @Sendable (Request, AppRequestContext, Principal) async throws -> Response {
        { request, context, principal in
            let id = try Self.id(context)
            let expected = try request.expectedVersion()
            let buffer = try await IdempotentWriter.body(of: request, context: context)
            let body = try Self.optionalBody(AgreementActionRequest.self, request: request, buffer: buffer)
            let at = now()
            let store = agreements
            let requestID = context.requestID
            let logger = context.logger
            return try await writer.run(
                request, body: buffer, context: context, principal: principal, status: .ok, versionTag: true
            ) { conn in
                AgreementResponse(
                    try await store.apply(
                        action, id: id, expectedVersion: expected, reason: body?.reason, actor: principal, now: at,
                        requestID: requestID, on: conn, logger: logger))
            }
        }
    }

    /// Stage-1 evaluation (DOMAIN.md §F2, §F3), If-Match required.
    @Sendable func evaluate(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let id = try Self.id(context)
        let expected = try request.expectedVersion()
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try Self.optionalBody(AgreementActionRequest.self, request: request, buffer: buffer)
        var validator = Validator()
        var scores: [ID<StageOneResponse>: Int] = [:]
        for (key, score) in body?.scores ?? [:] {
            if let response = ID<StageOneResponse>(key) {
                scores[response] = score
            } else {
                validator.check(false, "scores.\(key)", "invalid", "a response id")
            }
        }
        var admit: [Int: Int] = [:]
        for (key, count) in body?.admit ?? [:] {
            if let lot = Int(key) {
                admit[lot] = count
            } else {
                validator.check(false, "admit.\(key)", "invalid", "a lot number")
            }
        }
        try validator.validate()
        let at = now()
        let store = agreements
        let requestID = context.requestID
        let logger = context.logger
        let admitCounts = admit
        let scoreTable = scores
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, status: .ok, versionTag: true
        ) { conn in
            AgreementResponse(
                try await store.evaluate(
                    id: id, expectedVersion: expected, scores: scoreTable, admit: admitCounts, actor: principal,
                    now: at, requestID: requestID, on: conn, logger: logger))
        }
    }

    // MARK: - Stage 1

    @Sendable func respond(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let id = try Self.id(context)
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(StageOneResponseRequest.self, from: buffer)
        var validator = Validator()
        let listing = ID<Listing>(body.listingId)
        validator.check(listing != nil, "listingId", "invalid", "a listing id (UUID)")
        let manufacturer = body.manufacturerSize.map(EnterpriseSize.init(rawValue:))
        validator.check(manufacturer != .some(nil), "manufacturerSize", "invalid", "large, medium, small or micro")
        try validator.validate()
        guard let listing else { throw DomainError.validation(validator.problems) }
        let at = now()
        let store = agreements
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal) { conn in
            StageOneBidResponse(
                try await store.submitResponse(
                    agreementID: id, lotNo: body.lotNo, listingID: listing, unitPrice: body.unitPriceFen,
                    manufacturerSize: manufacturer ?? nil, actor: principal, now: at, requestID: requestID, on: conn,
                    logger: logger))
        }
    }

    @Sendable func listResponses(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let record = try await visibleAgreement(context, principal)
        let supplier = principal.organisationKind == .operator ? nil : principal.organisationID
        let rows = try await agreements.responses(agreementID: record.id, supplier: supplier, logger: context.logger)
        return try .json(Page(items: rows.map(StageOneBidResponse.init), nextCursor: nil))
    }

    /// The published results (DOMAIN.md §F2, §F3): public once the agreement was activated; operators see the
    /// evaluation before.
    @Sendable func results(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let record = try await visibleAgreement(context, principal)
        let published = record.activatedAt != nil
        guard published || (principal.organisationKind == .operator && record.evaluatedAt != nil) else {
            throw DomainError.notFound("results of agreement \(record.id) (not published yet)")
        }
        let rows = try await agreements.results(agreementID: record.id, logger: context.logger)
        let lots = record.requirements.lots.map { lot in
            let ranking = rows.filter { $0.lotNo == lot.number }
            return AgreementResultsResponse.Lot(
                lotNo: lot.number, validBids: ranking.count, admitted: ranking.filter(\.admitted).count,
                ranking: ranking.map {
                    .init(
                        rank: $0.rank, supplierId: $0.supplierID.description, supplierName: $0.supplierName,
                        unitPriceFen: $0.unitPriceFen, evaluatedFen: $0.evaluatedFen,
                        deductionApplied: $0.deductionApplied, score: $0.score, admitted: $0.admitted)
                })
        }
        return try .json(
            AgreementResultsResponse(
                agreementId: record.id.description, agreementNo: record.agreementNo,
                evaluation: record.requirements.evaluation.rawValue,
                eliminationRateBp: record.requirements.eliminationRate.rawValue, published: published, lots: lots))
    }
}
