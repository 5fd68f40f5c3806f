import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

@Suite("Refunds of paid orders subtract from the policy figures (issue 6 point 1, DOMAIN.md §V3)")
struct PolicyRefundTests {
    static func refund(
        _ client: some TestClientProtocol, _ order: Orders.Order, token: String, _ body: [String: Any],
        key: String? = UUID().uuidString
    ) async throws -> TestResponse {
        try await Catalog.send(
            client, .post, "/api/v1/orders/\(order.id)/refunds", token: token, body: body, idempotencyKey: key)
    }

    @Test("a refund is spread over the lines pro rata (largest remainder), capped by what is left; idempotent; scoped")
    func refunds() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let vegetables = try await Policy.listing(
                client, supplier: cast.supplierB, ops: cast.ops, title: "有机蔬菜", model: "V-1", category: "A07031201",
                priceFen: 12_345, unit: "千克")
            let pickles = try await Policy.listing(
                client, supplier: cast.supplierB, ops: cast.ops, title: "腌制蔬菜", model: "V-2", category: "A07060111",
                priceFen: 10_000, unit: "千克")
            let budget = try await Orders.budget(client, approver: cast.approver)
            // One order of sup-b with two lines: 3 × 12 345 = 37 035 and 1 × 10 000; 47 035 in all.
            let order = try await Policy.buy(
                client, token: cast.buyer, budget: budget, lines: [(vegetables, 3), (pickles, 1)])[0]
            #expect(order.totalFen == 47_035)

            // Not paid yet: 409. Without a key: 400.
            try Policy.expectProblem(
                try await Self.refund(client, order, token: cast.buyer, ["amountFen": 100, "reason": "退款"]), .conflict,
                "refund.order_not_paid")
            try Policy.expectProblem(
                try await Self.refund(client, order, token: cast.buyer, ["amountFen": 100, "reason": "退款"], key: nil),
                .badRequest, "request.idempotency_key_required")
            let paid = try await Policy.pay(client, order, cast: cast, supplier: cast.supplierB)

            // 10 001 fen: 10 001 × 37 035 ÷ 47 035 = 7 874.71…, 10 001 × 10 000 ÷ 47 035 = 2 126.29…; rounded down
            // 7 874 + 2 126 = 10 000, the last fen to the larger remainder (line 1).
            let body: [String: Any] = ["amountFen": 10_001, "reason": "部分蔬菜不新鲜"]
            let first = try await Self.refund(client, paid, token: cast.buyer, body, key: "refund-1")
            #expect(first.status == .created, "\(String(buffer: first.body))")
            OpenAPIConformance.expect(first, matches: "Refund")
            let refund = try first.decode(Policy.Refund.self)
            #expect(refund.lines.map(\.lineNo) == [1, 2] && refund.lines.map(\.amountFen) == [7_875, 2_126])
            #expect(refund.refundedOn == "2026-03-02" && refund.amountFen == 10_001)
            let replay = try await Self.refund(client, paid, token: cast.buyer, body, key: "refund-1")
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try replay.decode(Policy.Refund.self).id == refund.id)
            try Policy.expectProblem(
                try await Self.refund(client, paid, token: cast.buyer, ["amountFen": 1, "reason": "x"], key: "refund-1"),
                .unprocessableContent, "request.idempotency_key_reused")

            // 37 034 are left: one fen more is refused; the supplier may record the rest.
            try Policy.expectProblem(
                try await Self.refund(client, paid, token: cast.supplierB, ["amountFen": 37_035, "reason": "全部退款"]),
                .unprocessableContent, "refund.exceeds_paid")
            let rest = try await Self.refund(client, paid, token: cast.supplierB, ["amountFen": 37_034, "reason": "全部退款"])
            #expect(rest.status == .created)
            // Line 1 had 37 035 − 7 875 = 29 160 left and line 2 10 000 − 2 126 = 7 874: exactly those.
            #expect(try rest.decode(Policy.Refund.self).lines.map(\.amountFen) == [29_160, 7_874])
            try Policy.expectProblem(
                try await Self.refund(client, paid, token: cast.buyer, ["amountFen": 1, "reason": "再退"]),
                .unprocessableContent, "refund.exceeds_paid")

            // Validation: not in the future, not before the payment, a reason, a positive amount.
            let bad = try await Self.refund(
                client, paid, token: cast.buyer, ["amountFen": 0, "reason": " ", "refundedOn": "2026-03-09"])
            let problem = try Policy.expectProblem(bad, .unprocessableContent, "request.validation_failed")
            #expect(Set(problem.errors?.map(\.field) ?? []) == ["amountFen", "reason", "refundedOn"])

            // Other tenants: 404; roles without refunds: 403.
            try Policy.expectProblem(
                try await Self.refund(
                    client, paid, token: try await client.login("buyer-b"), ["amountFen": 1, "reason": "x"]),
                .notFound, "resource.not_found")
            try Policy.expectProblem(
                try await Self.refund(client, paid, token: cast.supplierA, ["amountFen": 1, "reason": "x"]), .notFound,
                "resource.not_found")
            try Policy.expectProblem(
                try await Self.refund(client, paid, token: try await client.login("reg-bj"), ["amountFen": 1, "reason": "x"]),
                .forbidden, "auth.forbidden")

            // The list: whoever may see the order.
            let list = try await client.get("/api/v1/orders/\(paid.id)/refunds", token: try await client.login("reg-bj"))
            OpenAPIConformance.expect(list, matches: "RefundList")
            struct List: Decodable {
                var items: [Policy.Refund]
                var refundedFen: Int64
            }
            let listed = try list.decode(List.self)
            #expect(listed.items.count == 2 && listed.refundedFen == 47_035)
            try Policy.expectProblem(
                try await client.get("/api/v1/orders/\(paid.id)/refunds", token: try await client.login("reg-yn")),
                .notFound, "resource.not_found")

            // Everything was refunded: the 832 figures are back to zero; the audit names each refund.
            let report = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026", token: cast.ops, as: Policy.PovertyReport.self)
            #expect(report.total.paidFen == 0)
            #expect(
                try await Orders.int(fixtures, "SELECT count(*)::int FROM audit_log WHERE action = 'order.refunded'") == 2)
        }
    }
}
