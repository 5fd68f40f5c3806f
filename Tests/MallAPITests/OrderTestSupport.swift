import Foundation
import HTTPTypes
import HummingbirdTesting
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import PostgresNIO
import Testing

/// Helpers for order API tests: approved listings, budget lines, quotes, placement and actions.
enum Orders {
    /// The tokens of the usual cast.
    struct Cast {
        var buyer: String
        var approver: String
        var supplierA: String
        var supplierB: String
        var ops: String

        static func login(_ client: some TestClientProtocol) async throws -> Cast {
            Cast(
                buyer: try await client.login("buyer-a"), approver: try await client.login("approver-a"),
                supplierA: try await client.login("sup-a"), supplierB: try await client.login("sup-b"),
                ops: try await client.login("ops"))
        }
    }

    /// An approved listing of `supplier` (price, stock and lead time as given; a valid energy-saving certificate
    /// unless `certificates` is false; delivering to Beijing).
    static func listing(
        _ client: some TestClientProtocol, supplier: String, ops: String, priceFen: Int = 329_900, stock: Int = 20,
        leadTimeDays: Int = 3, category: String = "A02021004", model: String = "M454dn", certificates: Bool = true,
        tiers: Bool = true
    ) async throws -> Catalog.Listing {
        var extra: [String: Any] = ["stock": stock, "leadTimeDays": leadTimeDays]
        if !certificates { extra["greenCertificates"] = [Any]() }
        if !tiers { extra["tiers"] = [Any]() }
        let body = Catalog.listingBody(model: model, priceFen: priceFen, category: category, extra: extra)
        return try await Catalog.approved(client, supplier: supplier, operatorToken: ops, body: body)
    }

    struct BudgetLine: Decodable {
        var id: String
        var fiscalYear: Int
        var projectName: String
        var categoryPrefix: String
        var amountFen: Int64
        var reservedFen: Int64
        var availableFen: Int64
    }

    /// A budget line of unit A created by its approver (201 expected).
    static func budget(
        _ client: some TestClientProtocol, approver: String, amountFen: Int64 = 100_000_000, prefix: String = "",
        project: String = "办公设备购置", year: Int = 2026, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> BudgetLine {
        let response = try await Catalog.send(
            client, .post, "/api/v1/budget-lines", token: approver,
            body: ["fiscalYear": year, "projectName": project, "categoryPrefix": prefix, "amountFen": amountFen])
        #expect(response.status == .created, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try response.decode(BudgetLine.self)
    }

    struct Step: Decodable {
        var reason: String
        var bound: Bool
        var beforeFen: Int64
        var afterFen: Int64
    }

    struct Line: Decodable {
        var lineNo: Int?
        var listingId: String
        var quantity: Int64
        var unitPriceFen: Int64
        var lineAmountFen: Int64
        var feesFen: Int64
        var totalFen: Int64
        var steps: [Step]
    }

    struct QuoteOrder: Decodable {
        var supplierId: String
        var totalFen: Int64
        var directPurchaseMaxFen: Int64
        var aboveDirectPurchaseMax: Bool
        var lines: [Line]
    }

    struct Quote: Decodable {
        var totalFen: Int64
        var amountFen: Int64
        var feesFen: Int64
        var orders: [QuoteOrder]
    }

    struct Payment: Decodable {
        var dueOn: String?
        var dueOnProvisional: Bool
        var paidFen: Int64?
        var daysOverdue: Int
        var overdueInterestFen: Int64
        var overdue: Bool
    }

    struct Order: Decodable {
        var id: String
        var orderNo: String
        var state: String
        var version: Int
        var supplierId: String
        var unitId: String
        var regionCode: String
        var budgetLineId: String
        var totalFen: Int64
        var amountFen: Int64
        var feesFen: Int64
        var placedOn: String
        var expectedDeliveryOn: String
        var deliveredOn: String?
        var allowedActions: [String]
        var payment: Payment
        var lines: [Line]?
        var closingReason: String?
        var cancellationRequest: Cancellation?

        struct Cancellation: Decodable {
            var requestedBy: String
            var reason: String
        }
    }

    struct Warning: Decodable {
        var id: String
        var kind: String
        var rule: String
        var sumFen: Int64
        var thresholdFen: Int64
        var unitId: String
        var triggeredBy: String
        var orderIds: [String]
    }

    struct Placement: Decodable {
        var placementId: String
        var totalFen: Int64
        var orders: [Order]
        var warnings: [Warning]
    }

    struct Page<Item: Decodable>: Decodable {
        var items: [Item]
        var nextCursor: String?
    }

    /// The quote of a cart.
    static func quote(
        _ client: some TestClientProtocol, token: String, lines: [(String, Int)]
    ) async throws -> TestResponse {
        try await Catalog.send(
            client, .post, "/api/v1/quotes", token: token,
            body: ["lines": lines.map { ["listingId": $0.0, "quantity": $0.1] }])
    }

    /// `POST /api/v1/orders` with a fresh idempotency key unless one is given.
    static func place(
        _ client: some TestClientProtocol, token: String, lines: [(String, Int)], expectedTotalFen: Int64,
        budgetLineId: String, key: String? = UUID().uuidString, extra: [String: Any] = [:]
    ) async throws -> TestResponse {
        var body: [String: Any] = [
            "lines": lines.map { ["listingId": $0.0, "quantity": $0.1] }, "expectedTotalFen": expectedTotalFen,
            "budgetLineId": budgetLineId,
        ]
        for (name, value) in extra { body[name] = value }
        return try await Catalog.send(client, .post, "/api/v1/orders", token: token, body: body, idempotencyKey: key)
    }

    /// Quotes then places a cart; returns the placement (201 expected).
    static func placeQuoted(
        _ client: some TestClientProtocol, token: String, lines: [(String, Int)], budgetLineId: String,
        extra: [String: Any] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Placement {
        let quote = try await quote(client, token: token, lines: lines).decode(Quote.self)
        let response = try await place(
            client, token: token, lines: lines, expectedTotalFen: quote.totalFen, budgetLineId: budgetLineId,
            extra: extra)
        #expect(response.status == .created, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try response.decode(Placement.self)
    }

    /// Runs `POST /api/v1/orders/{id}/{action}` with the order's version.
    static func act(
        _ client: some TestClientProtocol, _ action: String, _ order: Order, token: String, body: Any? = nil,
        key: String? = nil
    ) async throws -> TestResponse {
        try await Catalog.send(
            client, .post, "/api/v1/orders/\(order.id)/\(action)", token: token, body: body,
            ifMatch: "\"\(order.version)\"", idempotencyKey: key)
    }

    /// Runs an action that must succeed and returns the order after it.
    static func step(
        _ client: some TestClientProtocol, _ action: String, _ order: Order, token: String, body: Any? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Order {
        let response = try await act(client, action, order, token: token, body: body)
        #expect(response.status == .ok, "\(action): \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try response.decode(Order.self)
    }

    /// One integer from SQL.
    static func int(_ fixtures: Fixtures, _ sql: String) async throws -> Int? {
        let rows = try await fixtures.database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
        return try await rows.decode(Int.self).first(where: { _ in true })
    }
}
