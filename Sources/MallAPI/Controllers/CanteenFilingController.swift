import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Units' yearly canteen-food filings (DOMAIN.md §V2; issue 6 point 1). A unit files for itself; its parent
/// department's approvers (or, for a unit without one, the operators) approve or return it. A unit sees its own
/// filings and those it reviews, a regulator its region's, an operator all; anything else answers 404.
package struct CanteenFilingController: Sendable {
    let filings: CanteenFilingStore
    let writer: IdempotentWriter
    let settings: PolicySettings
    let now: @Sendable () -> Date

    package init(
        filings: CanteenFilingStore, writer: IdempotentWriter, settings: PolicySettings,
        now: @escaping @Sendable () -> Date
    ) {
        self.filings = filings
        self.writer = writer
        self.settings = settings
        self.now = now
    }

    package var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/api/v1/canteen-filings", .roles([.buyer, .approver], create)),
            Endpoint(.get, "/api/v1/canteen-filings", .roles([.buyer, .approver, .regulator, .operator], list)),
            Endpoint(.get, "/api/v1/canteen-filings/{id}", .roles([.buyer, .approver, .regulator, .operator], get)),
            Endpoint(.post, "/api/v1/canteen-filings/{id}/approve", .roles([.approver, .operator], review(approve: true))),
            Endpoint(.post, "/api/v1/canteen-filings/{id}/return", .roles([.approver, .operator], review(approve: false))),
        ]
    }

    @Sendable func create(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(CreateCanteenFilingRequest.self, from: buffer)
        guard let kind = CanteenFiling.Kind(rawValue: body.kind) else {
            throw DomainError.validation([.init(field: "kind", code: "invalid", message: "canteen, no_canteen or shared")])
        }
        var representative: ID<Organisation>?
        if let raw = body.representativeUnitId {
            guard let id = ID<Organisation>(raw) else {
                throw DomainError.validation([
                    .init(field: "representativeUnitId", code: "invalid", message: "an organisation id (UUID)")
                ])
            }
            representative = id
        }
        if let ratio = body.reservedRatioBp, !(0...10_000).contains(ratio) {
            throw DomainError.validation([
                .init(field: "reservedRatioBp", code: "out_of_range", message: "0 to 10 000 basis points")
            ])
        }
        let declaration = CanteenFiling.Declaration(
            fiscalYear: body.fiscalYear, kind: kind, foodBudget: body.foodBudgetFen,
            reservedRatio: body.reservedRatioBp.map { BasisPoints(Int32($0)) }, representativeUnit: representative)
        let reserved = try CanteenFiling.validate(declaration, unit: principal.organisationID, settings: settings)
        let at = now()
        let late = CanteenFiling.isLate(filedOn: LocalDate(at), fiscalYear: body.fiscalYear, settings: settings)
        let store = filings
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, locationPrefix: "/api/v1/canteen-filings/"
        ) { conn in
            CanteenFilingResponse(
                try await store.file(
                    declaration, reserved: reserved, late: late, actor: principal, now: at, requestID: requestID,
                    on: conn, logger: logger))
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        let year = try query["year"].map { raw -> Int in
            guard let year = Int(String(raw)), (2000...2100).contains(year) else {
                throw Problem.invalidQuery(field: "year", message: "a year from 2000 to 2100")
            }
            return year
        }
        let state = try query["state"].map { raw -> CanteenFiling.State in
            guard let state = CanteenFiling.State(rawValue: String(raw)) else {
                throw Problem.invalidQuery(field: "state", message: "submitted, approved or returned")
            }
            return state
        }
        let unit = try OrderController.organisation(query["unit"].map(String.init), field: "unit")
        let scope: CanteenFilingStore.Scope =
            switch principal.organisationKind {
            case .operator: .all
            case .regulator: .region(principal.regionCode)
            default: .unit(principal.organisationID)
            }
        let rows = try await filings.filings(
            scope: scope, year: year, state: state, unit: unit, after: try ListingController.cursor(page.cursor),
            limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id.uuid).encoded } : nil
        return try .json(Page(items: items.map(CanteenFilingResponse.init), nextCursor: next))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = ID<CanteenFilingEntity>(raw), let record = try await filings.filing(id: id, logger: context.logger),
            CanteenFilingStore.canSee(record, principal)
        else { throw DomainError.notFound("filing \(raw)") }
        return try .json(CanteenFilingResponse(record), headers: [.eTag: "\"\(record.version)\""])
    }

    func review(approve: Bool) -> @Sendable (Request, AppRequestContext, Principal) async throws -> Response {
        { request, context, principal in
            let raw = try context.parameters.require("id")
            guard let id = ID<CanteenFilingEntity>(raw) else { throw DomainError.notFound("filing \(raw)") }
            let expected = try request.expectedVersion()
            let buffer = try await IdempotentWriter.body(of: request, context: context)
            var reason: String?
            if buffer.readableBytes > 0 {
                reason = try request.decodeJSON(FilingReviewRequest.self, from: buffer).reason?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if reason?.isEmpty == true { reason = nil }
            var validator = Validator()
            validator.check(approve || reason != nil, "reason", "required", "a returned filing says why")
            validator.text(reason, "reason", maxLength: 500, required: false)
            try validator.validate()
            let at = now()
            let store = filings
            let requestID = context.requestID
            let logger = context.logger
            let finalReason = reason
            return try await writer.run(
                request, body: buffer, context: context, principal: principal, status: .ok, versionTag: true
            ) { conn in
                CanteenFilingResponse(
                    try await store.review(
                        id: id, approve: approve, reason: finalReason, expectedVersion: expected, actor: principal, now: at,
                        requestID: requestID, on: conn, logger: logger))
            }
        }
    }
}
