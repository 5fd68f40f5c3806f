import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

@Suite("Reports read roll-ups kept current in the payment's and the refund's transaction (issue 6 point 5)")
struct PolicyRollupTests {
    /// The unit roll-up straight from the raw rows: paid lines in the month of payment, refunded parts in the
    /// month of the refund, grouped the way `policy_unit_months` is keyed.
    static let rawUnitMonths = """
        SELECT unit_id::text || '|' || month || '|' || sum(paid) || '|' || sum(sme) || '|' || sum(sm) || '|'
               || sum(poverty) || '|' || sum(scope) || '|' || sum(green) || '|' || sum(mandatory) || '|' || sum(bad)
        FROM (
            SELECT o.unit_id, date_trunc('month', o.paid_on)::date AS month, l.total_fen AS paid,
                   CASE WHEN o.supplier_size <> 'large' THEN l.total_fen ELSE 0 END AS sme,
                   CASE WHEN o.supplier_size IN ('small', 'micro') THEN l.total_fen ELSE 0 END AS sm,
                   CASE WHEN l.poverty_county IS NOT NULL THEN l.total_fen ELSE 0 END AS poverty,
                   CASE WHEN l.green_list <> 'none' THEN l.total_fen ELSE 0 END AS scope,
                   CASE WHEN l.green_list <> 'none' AND l.green THEN l.total_fen ELSE 0 END AS green,
                   CASE WHEN l.green_list = 'mandatory' THEN l.total_fen ELSE 0 END AS mandatory,
                   CASE WHEN l.green_list = 'mandatory' AND NOT l.energy_certified THEN l.total_fen ELSE 0 END AS bad
            FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.state = 'paid'
            UNION ALL
            SELECT o.unit_id, date_trunc('month', r.refunded_on)::date, -rl.amount_fen,
                   CASE WHEN o.supplier_size <> 'large' THEN -rl.amount_fen ELSE 0 END,
                   CASE WHEN o.supplier_size IN ('small', 'micro') THEN -rl.amount_fen ELSE 0 END,
                   CASE WHEN l.poverty_county IS NOT NULL THEN -rl.amount_fen ELSE 0 END,
                   CASE WHEN l.green_list <> 'none' THEN -rl.amount_fen ELSE 0 END,
                   CASE WHEN l.green_list <> 'none' AND l.green THEN -rl.amount_fen ELSE 0 END,
                   CASE WHEN l.green_list = 'mandatory' THEN -rl.amount_fen ELSE 0 END,
                   CASE WHEN l.green_list = 'mandatory' AND NOT l.energy_certified THEN -rl.amount_fen ELSE 0 END
            FROM refunds r JOIN refund_lines rl ON rl.refund_id = r.id JOIN orders o ON o.id = r.order_id
            JOIN order_lines l ON l.order_id = rl.order_id AND l.line_no = rl.line_no
        ) f
        GROUP BY unit_id, month ORDER BY 1
        """

    static let unitMonths = """
        SELECT unit_id::text || '|' || month || '|' || paid_fen || '|' || sme_fen || '|' || small_micro_fen || '|'
               || poverty_fen || '|' || green_scope_fen || '|' || green_fen || '|' || mandatory_fen || '|'
               || mandatory_uncertified_fen
        FROM policy_unit_months ORDER BY 1
        """

    static let regionMonths = """
        SELECT region_code || '|' || month || '|' || paid_fen || '|' || sme_fen || '|' || small_micro_fen || '|'
               || poverty_fen || '|' || green_scope_fen || '|' || green_fen
        FROM policy_region_months ORDER BY 1
        """

    static let regionFromUnits = """
        SELECT region_code || '|' || month || '|' || sum(paid_fen) || '|' || sum(sme_fen) || '|'
               || sum(small_micro_fen) || '|' || sum(poverty_fen) || '|' || sum(green_scope_fen) || '|' || sum(green_fen)
        FROM policy_unit_months GROUP BY region_code, month ORDER BY 1
        """

    @Test("after payments and refunds over two months the roll-ups equal a GROUP BY over the raw rows, and a rebuild")
    func rollupsMatchRawRows() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            _ = try await PolicyWorld.build(client, fixtures)
            let raw = try await Policy.rows(fixtures, Self.rawUnitMonths)
            let kept = try await Policy.rows(fixtures, Self.unitMonths)
            // Units A, C1, C2, Y in March; C1 (payment) and C2 (refund) in April.
            #expect(kept.count == 6)
            #expect(kept == raw)
            let regions = try await Policy.rows(fixtures, Self.regionMonths)
            #expect(regions == (try await Policy.rows(fixtures, Self.regionFromUnits)))
            #expect(regions.count == 5)
            // The unpaid order is in no roll-up: the rows sum to the paid totals less refunds.
            #expect(
                try await Orders.int(fixtures, "SELECT sum(paid_fen)::int FROM policy_region_months")
                    == (try await Orders.int(
                        fixtures,
                        "SELECT ((SELECT sum(total_fen) FROM orders WHERE state = 'paid') - (SELECT sum(amount_fen) FROM refunds))::int"
                    )))
            // The repair path recomputes exactly what the triggers kept.
            _ = try await Policy.rows(fixtures, "SELECT policy_rollup_rebuild()::text")
            #expect(try await Policy.rows(fixtures, Self.unitMonths) == kept)
            #expect(try await Policy.rows(fixtures, Self.regionMonths) == regions)
        }
    }

    @Test("only a payment that succeeds is rolled up, and a replayed payment only once")
    func onlyThePaymentThatHappened() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let vegetables = try await Policy.listing(
                client, supplier: cast.supplierB, ops: cast.ops, title: "有机蔬菜", model: "V-1", category: "A07031201",
                priceFen: 12_345, unit: "千克")
            let budget = try await Orders.budget(client, approver: cast.approver)
            let order = try await Policy.buy(client, token: cast.buyer, budget: budget, lines: [(vegetables, 2)])[0]
            let confirmed = try await Orders.step(client, "confirm", order, token: cast.supplierB)
            let shipped = try await Orders.step(client, "ship", confirmed, token: cast.supplierB)
            let delivered = try await Orders.step(client, "deliver", shipped, token: cast.buyer, body: [String: Any]())
            let accepted = try await Orders.step(
                client, "accept", delivered, token: cast.approver, body: ["acceptorName": "王老师", "result": "passed"])
            // A wrong amount is refused: nothing is rolled up.
            let wrong = try await Orders.act(client, "pay", accepted, token: cast.buyer, body: ["amountFen": 1])
            #expect(wrong.status == .unprocessableContent)
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM policy_unit_months") == 0)
            for _ in 0..<2 {
                let paid = try await Orders.act(
                    client, "pay", accepted, token: cast.buyer, body: ["amountFen": 24_690], key: "pay-once")
                #expect(paid.status == .ok)
            }
            #expect(
                try await Policy.rows(fixtures, "SELECT paid_fen || '|' || poverty_fen FROM policy_unit_months")
                    == ["24690|24690"])
            #expect(
                try await Policy.rows(fixtures, "SELECT region_code || '|' || paid_fen FROM policy_region_months")
                    == ["110101|24690"])
        }
    }
}
