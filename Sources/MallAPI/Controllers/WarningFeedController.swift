import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// The regulators' warnings feed (issue 6 point 3): one list of every warning of the region — splitting
/// (§T1, §T2), prices above reference (§C3), overdue payments (§O5), late contract notices (§O6) — newest first,
/// filterable by kind, unit, supplier, order and date, each with the records that caused it. Regulators see
/// their region's, operators all. Replaces issue 4's splitting-only list at the same path.
package struct WarningFeedController: Sendable {
    let feed: WarningFeedStore
    let priceControl: PriceControl
    let now: @Sendable () -> Date

    package init(feed: WarningFeedStore, priceControl: PriceControl, now: @escaping @Sendable () -> Date) {
        self.feed = feed
        self.priceControl = priceControl
        self.now = now
    }

    package var endpoints: [Endpoint] {
        [Endpoint(.get, "/api/v1/warnings", .roles([.regulator, .operator], list))]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        var filter = WarningFeedStore.Filter()
        filter.kind = try query["kind"].map { raw -> WarningKind in
            guard let kind = WarningKind(rawValue: String(raw)) else {
                throw Problem.invalidQuery(
                    field: "kind", message: WarningKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return kind
        }
        filter.unit = try OrderController.organisation(query["unit"].map(String.init), field: "unit")
        filter.supplier = try OrderController.organisation(query["supplier"].map(String.init), field: "supplier")
        filter.order = try query["order"].map { raw -> ID<Order> in
            guard let id = ID<Order>(String(raw)) else { throw Problem.invalidQuery(field: "order", message: "an order id") }
            return id
        }
        filter.from = try OrderController.date(query["from"].map(String.init), field: "from")
        filter.to = try OrderController.date(query["to"].map(String.init), field: "to")
        let at = now()
        let region: RegionCode? = principal.organisationKind == .regulator ? principal.regionCode : nil
        let rows = try await feed.warnings(
            within: region, filter: filter, today: LocalDate(at), freshness: priceControl.freshness,
            after: try ListingController.cursor(page.cursor), limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id).encoded } : nil
        return try .json(Page(items: items.map(WarningResponse.init), nextCursor: next))
    }
}
