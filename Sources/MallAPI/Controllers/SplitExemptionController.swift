import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Exemptions from the §T1 splitting detector (DOMAIN.md §T1; issue 4 point 5): a unit files one for a group
/// of one of its budget lines with the approval of the budget adjustment; a regulator of the unit's region
/// approves or rejects it. A unit sees its own, a regulator its region's, an operator all; anything else (and
/// a supplier always) answers 404 or 403.
package struct SplitExemptionController: Sendable {
    let exemptions: SplitExemptionStore
    let writer: IdempotentWriter
    let now: @Sendable () -> Date

    package init(exemptions: SplitExemptionStore, writer: IdempotentWriter, now: @escaping @Sendable () -> Date) {
        self.exemptions = exemptions
        self.writer = writer
        self.now = now
    }

    package var endpoints: [Endpoint] {
        let readers: Set<Role> = [.buyer, .approver, .regulator, .operator]
        return [
            Endpoint(.post, "/api/v1/split-exemptions", .roles([.buyer, .approver], file)),
            Endpoint(.get, "/api/v1/split-exemptions", .roles(readers, list)),
            Endpoint(.get, "/api/v1/split-exemptions/{id}", .roles(readers, get)),
            Endpoint(.post, "/api/v1/split-exemptions/{id}/approve", .roles([.regulator], approve)),
            Endpoint(.post, "/api/v1/split-exemptions/{id}/reject", .roles([.regulator], reject)),
        ]
    }

    static func canSee(_ record: SplitExemptionStore.Record, _ principal: Principal) -> Bool {
        switch principal.organisationKind {
        case .operator: true
        case .regulator: RegionCode(record.regionCode)?.isWithin(principal.regionCode) ?? false
        case .unit: record.unitID == principal.organisationID
        case .supplier: false
        }
    }

    @Sendable func file(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(FileSplitExemptionRequest.self, from: buffer)
        guard let budgetLine = ID<BudgetLine>(body.budgetLineId) else {
            throw DomainError.validation([.init(field: "budgetLineId", code: "invalid", message: "a budget line id (UUID)")])
        }
        let fileRequest = SplitExemptionStore.FileRequest(
            budgetLineID: budgetLine, categoryCode: body.categoryCode, documentNo: body.documentNo, notes: body.notes)
        let at = now()
        let store = exemptions
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, required: true,
            locationPrefix: "/api/v1/split-exemptions/"
        ) { conn in
            SplitExemptionResponse(
                try await store.file(fileRequest, actor: principal, now: at, requestID: requestID, on: conn, logger: logger))
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let state = try request.uri.queryParameters["state"].map { raw in
            guard let state = SplitExemptionStore.State(rawValue: String(raw)) else {
                throw Problem.invalidQuery(field: "state", message: "pending, approved or rejected")
            }
            return state
        }
        let scope: SplitExemptionStore.Scope =
            switch principal.organisationKind {
            case .operator: .all
            case .regulator: .region(principal.regionCode)
            case .unit, .supplier: .unit(principal.organisationID)
            }
        let rows = try await exemptions.exemptions(
            scope: scope, state: state, after: try ListingController.cursor(page.cursor), limit: page.limit + 1,
            logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id).encoded } : nil
        return try .json(Page(items: items.map(SplitExemptionResponse.init), nextCursor: next))
    }

    func visible(_ context: AppRequestContext, _ principal: Principal) async throws -> SplitExemptionStore.Record {
        let raw = try context.parameters.require("id")
        guard let id = UUID(uuidString: raw), let record = try await exemptions.exemption(id: id, logger: context.logger),
            Self.canSee(record, principal)
        else { throw DomainError.notFound("split exemption \(raw)") }
        return record
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let record = try await visible(context, principal)
        return try .json(SplitExemptionResponse(record), headers: [.eTag: "\"\(record.version)\""])
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        try await decide(request, context: context, principal: principal, approve: true)
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        try await decide(request, context: context, principal: principal, approve: false)
    }

    func decide(_ request: Request, context: AppRequestContext, principal: Principal, approve: Bool) async throws
        -> Response
    {
        let record = try await visible(context, principal)
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(DecideSplitExemptionRequest.self, from: buffer)
        let at = now()
        let store = exemptions
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal, status: .ok) {
            conn in
            SplitExemptionResponse(
                try await store.decide(
                    id: record.id, approve: approve, note: body.note, actor: principal, now: at, requestID: requestID,
                    on: conn, logger: logger))
        }
    }
}
