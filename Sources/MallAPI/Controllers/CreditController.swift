import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Supplier credit (DOMAIN.md §S1; issue 4 point 7): the score of a calendar year, computed from the typed
/// credit events and explained event by event. Credit is public in the mall (the bands carry public
/// exposure), so every signed-in role may read it; an id that is not a supplier answers 404.
package struct CreditController: Sendable {
    let credit: CreditStore
    let accounts: AccountStore
    let settings: CreditSettings
    let now: @Sendable () -> Date

    package init(
        credit: CreditStore, accounts: AccountStore, settings: CreditSettings, now: @escaping @Sendable () -> Date
    ) {
        self.credit = credit
        self.accounts = accounts
        self.settings = settings
        self.now = now
    }

    package var endpoints: [Endpoint] {
        [Endpoint(.get, "/api/v1/suppliers/{id}/credit", .roles(allRoles, get))]
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = ID<Organisation>(raw),
            let supplier = try await accounts.organisation(id: id, logger: context.logger),
            supplier.kind == .supplier
        else { throw DomainError.notFound("supplier \(raw)") }
        let year =
            try request.uri.queryParameters["year"].map { raw -> Int in
                guard let year = Int(String(raw)), (2000...2100).contains(year) else {
                    throw Problem.invalidQuery(field: "year", message: "a year from 2000 to 2100")
                }
                return year
            } ?? LocalDate(now()).year
        let events = try await credit.events(supplierID: id, year: year, logger: context.logger)
        let report = CreditScore.compute(events: events.map(\.event), year: year, settings: settings)
        return try .json(
            CreditResponse(
                supplierID: id, supplierName: supplier.name, report: report, stored: events, settings: settings))
    }
}
