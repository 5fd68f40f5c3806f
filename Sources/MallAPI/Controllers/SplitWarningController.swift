import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Splitting warnings (DOMAIN.md §T; issue 4 point 5): raised at placement and stored with the orders that
/// caused them; regulators see those of units within their region, operators all of them.
package struct SplitWarningController: Sendable {
    let orders: OrderStore

    package init(orders: OrderStore) { self.orders = orders }

    package var endpoints: [Endpoint] {
        [Endpoint(.get, "/api/v1/warnings", .roles([.regulator, .operator], list))]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        let kind = try query["kind"].map { raw -> SplitWarning.Kind in
            guard let kind = SplitWarning.Kind(rawValue: String(raw)) else {
                throw Problem.invalidQuery(field: "kind", message: "split_suspected or split_suspected_near_limit")
            }
            return kind
        }
        let unit = try OrderController.organisation(query["unit"].map(String.init), field: "unit")
        let order = try query["order"].map { raw -> ID<Order> in
            guard let id = ID<Order>(String(raw)) else {
                throw Problem.invalidQuery(field: "order", message: "an order id")
            }
            return id
        }
        let region: RegionCode? = principal.organisationKind == .regulator ? principal.regionCode : nil
        let rows = try await orders.warnings(
            within: region, kind: kind, unit: unit, order: order, after: try ListingController.cursor(page.cursor),
            limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id.uuid).encoded } : nil
        return try .json(Page(items: items.map(SplitWarningResponse.init), nextCursor: next))
    }
}
