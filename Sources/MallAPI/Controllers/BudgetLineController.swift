import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Budget lines of purchasing units (DOMAIN.md §O4): approvers create them, buyers and approvers of the unit
/// read them; another unit's line answers 404.
package struct BudgetLineController: Sendable {
    let budgets: BudgetStore
    let writer: IdempotentWriter
    let now: @Sendable () -> Date

    package init(budgets: BudgetStore, writer: IdempotentWriter, now: @escaping @Sendable () -> Date) {
        self.budgets = budgets
        self.writer = writer
        self.now = now
    }

    package var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/api/v1/budget-lines", .roles([.approver], create)),
            Endpoint(.get, "/api/v1/budget-lines", .roles([.buyer, .approver], list)),
            Endpoint(.get, "/api/v1/budget-lines/{id}", .roles([.buyer, .approver], get)),
        ]
    }

    @Sendable func create(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(CreateBudgetLineRequest.self, from: buffer)
        let line = BudgetLine(
            fiscalYear: body.fiscalYear, projectName: body.projectName, categoryPrefix: body.categoryPrefix ?? "",
            amount: body.amountFen)
        try line.validate()
        let at = now()
        let store = budgets
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, locationPrefix: "/api/v1/budget-lines/"
        ) { conn in
            BudgetLineResponse(
                try await store.create(line, actor: principal, now: at, requestID: requestID, on: conn, logger: logger))
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let year = try request.uri.queryParameters["fiscalYear"].map { raw -> Int in
            guard let year = Int(String(raw)), (2000...2100).contains(year) else {
                throw Problem.invalidQuery(field: "fiscalYear", message: "a year from 2000 to 2100")
            }
            return year
        }
        let rows = try await budgets.lines(
            unit: principal.organisationID, fiscalYear: year, after: try ListingController.cursor(page.cursor),
            limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id.uuid).encoded } : nil
        return try .json(Page(items: items.map(BudgetLineResponse.init), nextCursor: next))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = ID<BudgetLine>(raw),
            let record = try await budgets.line(id: id, unit: principal.organisationID, logger: context.logger)
        else { throw DomainError.notFound("budget line \(raw)") }
        return try .json(BudgetLineResponse(record))
    }
}
