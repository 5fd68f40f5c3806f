import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small world of units and purchases for the 832 and share reports. The clock starts on Mon 2026-03-02.
///
/// Units: A (fixture 东城一中, 110101, no parent department), D (北京市教育委员会, 110000) with children C1 (东城二中,
/// 110101) and C2 (朝阳三中, 110105), Y (文山市第一中学, 532601, no parent). Suppliers: sup-b (micro, 行唐县 130125, an
/// 832 county), sup-a (large, 海淀 110108), sup-m (medium, 110108, created here).
///
/// Approved filings for 2026 (reserved = budget × ratio, half up): A 2 000 000 × 15 % = 300 000; C1 1 234 567 ×
/// 12.5 % = 154 321; C2 500 000 × 10 % = 50 000; Y 100 000 × 20 % = 20 000. D files 1 000 000 × 10 % and is never
/// approved (not counted).
///
/// Paid in March: A buys 3 kg vegetables from sup-b (37 035), a printer from sup-a (329 900, certified, mandatory
/// energy-saving category) and 2 beds from sup-m (200 000, eco-label priority category, no certificate); C1 10 kg
/// (123 450); C2 4 kg (49 380); Y 1 kg (12 345). A also places 2 kg (24 690) that is never paid. In April (the clock
/// at 2026-04-02): C1 5 kg (61 725) paid; C2's March order refunded 10 000.
struct PolicyWorld {
    var cast: Orders.Cast
    var dept: ID<Organisation>
    var c1: ID<Organisation>
    var c2: ID<Organisation>
    var y: ID<Organisation>
    var supplierM: ID<Organisation>
    var tokens: [String: String]
    var c2Order: Orders.Order
    var unpaid: Orders.Order

    static func build(_ client: some TestClientProtocol, _ fixtures: Fixtures) async throws -> PolicyWorld {
        let cast = try await Orders.Cast.login(client)
        let dept = try await Policy.unit(fixtures, name: "北京市教育委员会", region: "110000", parent: nil, username: "unit-dept")
        let c1 = try await Policy.unit(fixtures, name: "东城二中", region: "110101", parent: dept, username: "unit-c1")
        let c2 = try await Policy.unit(fixtures, name: "朝阳三中", region: "110105", parent: dept, username: "unit-c2")
        let y = try await Policy.unit(fixtures, name: "文山市第一中学", region: "532601", parent: nil, username: "unit-y1")
        let supplierM = try await Policy.supplier(
            fixtures, name: "燕京家具", region: "110108", size: .medium, username: "sup-m")
        var tokens: [String: String] = [:]
        for name in ["dept", "c1", "c2", "y1"] { tokens[name] = try await client.login("unit-\(name)") }
        for name in ["sup-m", "reg-bj", "reg-yn"] { tokens[name] = try await client.login(name) }
        let t = { (name: String) in tokens[name] ?? "" }

        // Filings: the departments (or the operators) approve.
        func file(_ token: String, _ budget: Int, _ ratio: Int) async throws -> Policy.Filing {
            let response = try await Catalog.send(
                client, .post, "/api/v1/canteen-filings", token: token,
                body: ["fiscalYear": 2026, "kind": "canteen", "foodBudgetFen": budget, "reservedRatioBp": ratio],
                idempotencyKey: UUID().uuidString)
            #expect(response.status == .created, "\(String(buffer: response.body))")
            return try response.decode(Policy.Filing.self)
        }
        func approve(_ filing: Policy.Filing, by token: String) async throws {
            let response = try await Catalog.send(
                client, .post, "/api/v1/canteen-filings/\(filing.id)/approve", token: token, ifMatch: "\"1\"")
            #expect(response.status == .ok, "\(String(buffer: response.body))")
        }
        try await approve(try await file(cast.buyer, 2_000_000, 1_500), by: cast.ops)
        try await approve(try await file(t("c1"), 1_234_567, 1_250), by: t("dept"))
        try await approve(try await file(t("c2"), 500_000, 1_000), by: t("dept"))
        try await approve(try await file(t("y1"), 100_000, 2_000), by: cast.ops)
        _ = try await file(t("dept"), 1_000_000, 1_000)

        let vegetables = try await Policy.listing(
            client, supplier: cast.supplierB, ops: cast.ops, title: "有机蔬菜", model: "行唐-蔬菜-5kg",
            category: "A07031201", priceFen: 12_345, unit: "千克")
        let printer = try await Policy.listing(
            client, supplier: cast.supplierA, ops: cast.ops, title: "彩色激光打印机", model: "M454dn-P",
            category: "A02021004", priceFen: 329_900, certificates: [("energy_saving", "2028-12-31")])
        let bed = try await Policy.listing(
            client, supplier: t("sup-m"), ops: cast.ops, title: "钢木双层床", model: "YJ-200", category: "A05010101",
            priceFen: 100_000, unit: "张")
        func budget(_ token: String) async throws -> Orders.BudgetLine {
            try await Orders.budget(client, approver: token, amountFen: 100_000_000)
        }
        let budgetA = try await budget(cast.approver)
        let budgetC1 = try await budget(t("c1"))
        let budgetC2 = try await budget(t("c2"))
        let budgetY = try await budget(t("y1"))

        // March.
        let a = try await Policy.buy(client, token: cast.buyer, budget: budgetA, lines: [(vegetables, 3), (printer, 1), (bed, 2)])
        #expect(a.map(\.totalFen) == [37_035, 329_900, 200_000])
        _ = try await Policy.pay(client, a[0], cast: cast, supplier: cast.supplierB)
        _ = try await Policy.pay(client, a[1], cast: cast, supplier: cast.supplierA)
        _ = try await Policy.pay(client, a[2], cast: cast, supplier: t("sup-m"))
        let unpaid = try await Policy.buy(client, token: cast.buyer, budget: budgetA, lines: [(vegetables, 2)])[0]
        let confirmed = try await Orders.step(client, "confirm", unpaid, token: cast.supplierB)
        let c1March = try await Policy.buy(client, token: t("c1"), budget: budgetC1, lines: [(vegetables, 10)])[0]
        _ = try await Policy.pay(client, c1March, cast: cast, supplier: cast.supplierB, unit: t("c1"))
        let c2March = try await Policy.buy(client, token: t("c2"), budget: budgetC2, lines: [(vegetables, 4)])[0]
        let c2Paid = try await Policy.pay(client, c2March, cast: cast, supplier: cast.supplierB, unit: t("c2"))
        let yMarch = try await Policy.buy(client, token: t("y1"), budget: budgetY, lines: [(vegetables, 1)])[0]
        _ = try await Policy.pay(client, yMarch, cast: cast, supplier: cast.supplierB, unit: t("y1"))

        // April.
        fixtures.clock.advance(by: 31 * Policy.day)
        let c1April = try await Policy.buy(client, token: t("c1"), budget: budgetC1, lines: [(vegetables, 5)])[0]
        _ = try await Policy.pay(client, c1April, cast: cast, supplier: cast.supplierB, unit: t("c1"))
        let refund = try await Catalog.send(
            client, .post, "/api/v1/orders/\(c2Paid.id)/refunds", token: t("c2"),
            body: ["amountFen": 10_000, "reason": "部分蔬菜不新鲜"], idempotencyKey: UUID().uuidString)
        #expect(refund.status == .created, "\(String(buffer: refund.body))")

        return PolicyWorld(
            cast: cast, dept: dept, c1: c1, c2: c2, y: y, supplierM: supplierM, tokens: tokens, c2Order: c2Paid,
            unpaid: confirmed)
    }

    func token(_ name: String) -> String { tokens[name] ?? "" }
}

@Suite("832 progress: paid orders of poverty-county products against approved filings (issue 6 point 1, §V)")
struct PolicyPovertyTests {
    static func rows(_ report: Policy.PovertyReport) -> [String: Policy.PovertyRow] {
        Dictionary(uniqueKeysWithValues: report.rows.map { ($0.key, $0) })
    }

    static func expect(
        _ row: Policy.PovertyRow?, reserved: Int64, paid: Int64, shortfall: Int64, progress: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(row?.reservedFen == reserved, "reserved", sourceLocation: sourceLocation)
        #expect(row?.paidFen == paid, "paid", sourceLocation: sourceLocation)
        #expect(row?.shortfallFen == shortfall, "shortfall", sourceLocation: sourceLocation)
        #expect(row?.progressBp == progress, "progress", sourceLocation: sourceLocation)
    }

    @Test("§V3 by unit, department and region: paid 832 products net of refunds against approved filings; scopes")
    func progress() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let world = try await PolicyWorld.build(client, fixtures)
            let unitA = fixtures.unitA.description

            // Tags fixed on the lines: only sup-b's lines come from an 832 county (行唐县 130125).
            #expect(
                try await Policy.rows(
                    fixtures,
                    "SELECT DISTINCT coalesce(poverty_county, '-') || ':' || green_list || ':' || green::text FROM order_lines ORDER BY 1"
                ) == ["-:mandatory:true", "-:priority:false", "130125:none:false"])

            // Operators, whole year, by unit. Progress is paid ÷ reserved rounded down to the basis point.
            let response = try await client.get("/api/v1/reports/poverty?period=2026&by=unit", token: world.cast.ops)
            OpenAPIConformance.expect(response, matches: "PovertyReport")
            let byUnit = try response.decode(Policy.PovertyReport.self)
            #expect(byUnit.period == "2026" && byUnit.groupBy == "unit" && byUnit.povertyListVersion == "2014-832")
            let rows = Self.rows(byUnit)
            #expect(rows.count == 4, "D's filing is not approved and D bought nothing: no row")
            // A: 37 035 of 300 000 → 12.345 % → 1 234 bp; 262 965 short.
            Self.expect(rows[unitA], reserved: 300_000, paid: 37_035, shortfall: 262_965, progress: 1_234)
            // C1: 123 450 + 61 725 = 185 175 of 154 321 → 119.99 %.
            Self.expect(rows[world.c1.description], reserved: 154_321, paid: 185_175, shortfall: 0, progress: 11_999)
            // C2: 49 380 − 10 000 refunded = 39 380 of 50 000.
            Self.expect(rows[world.c2.description], reserved: 50_000, paid: 39_380, shortfall: 10_620, progress: 7_876)
            // Y: 12 345 of 20 000 = 61.725 % → 6 172 bp.
            Self.expect(rows[world.y.description], reserved: 20_000, paid: 12_345, shortfall: 7_655, progress: 6_172)
            // Total: 273 935 of 524 321.
            Self.expect(byUnit.total, reserved: 524_321, paid: 273_935, shortfall: 250_386, progress: 5_224)

            // By parent department: C1 and C2 roll up into D; units without a parent are their own department.
            let byDept = Self.rows(
                try await Policy.get(
                    client, "/api/v1/reports/poverty?period=2026&by=department", token: world.cast.ops,
                    as: Policy.PovertyReport.self))
            #expect(Set(byDept.keys) == [unitA, world.dept.description, world.y.description])
            Self.expect(byDept[world.dept.description], reserved: 204_321, paid: 224_555, shortfall: 0, progress: 10_990)

            // By region: the operators see provinces; Beijing's regulator its districts; Yunnan's its prefecture,
            // and a prefecture's counties on request.
            let provinces = Self.rows(
                try await Policy.get(
                    client, "/api/v1/reports/poverty?period=2026&by=region", token: world.cast.ops,
                    as: Policy.PovertyReport.self))
            Self.expect(provinces["110000"], reserved: 504_321, paid: 261_590, shortfall: 242_731, progress: 5_186)
            Self.expect(provinces["530000"], reserved: 20_000, paid: 12_345, shortfall: 7_655, progress: 6_172)
            #expect(provinces["110000"]?.name == "北京市")
            let beijing = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026", token: world.token("reg-bj"),
                as: Policy.PovertyReport.self)
            #expect(beijing.groupBy == "region" && Set(Self.rows(beijing).keys) == ["110101", "110105"])
            // 东城区 holds A and C1: 300 000 + 154 321 reserved, 37 035 + 185 175 paid.
            Self.expect(Self.rows(beijing)["110101"], reserved: 454_321, paid: 222_210, shortfall: 232_111, progress: 4_891)
            Self.expect(Self.rows(beijing)["110105"], reserved: 50_000, paid: 39_380, shortfall: 10_620, progress: 7_876)
            let yunnan = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026", token: world.token("reg-yn"),
                as: Policy.PovertyReport.self)
            #expect(yunnan.rows.map(\.key) == ["532600"])
            let wenshan = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026&region=532600", token: world.token("reg-yn"),
                as: Policy.PovertyReport.self)
            #expect(wenshan.rows.map(\.key) == ["532601"] && wenshan.rows.first?.name == "文山市")
            Self.expect(wenshan.total, reserved: 20_000, paid: 12_345, shortfall: 7_655, progress: 6_172)
            // A regulator never sees another region, even by asking.
            try Policy.expectProblem(
                try await client.get("/api/v1/reports/poverty?region=110000", token: world.token("reg-yn")), .notFound,
                "resource.not_found")

            // Units: their own purchases and those of the units they are parent department of.
            let deptView = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026", token: world.token("dept"),
                as: Policy.PovertyReport.self)
            #expect(Set(deptView.rows.map(\.key)) == [world.c1.description, world.c2.description])
            Self.expect(deptView.total, reserved: 204_321, paid: 224_555, shortfall: 0, progress: 10_990)
            let c1View = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026", token: world.token("c1"), as: Policy.PovertyReport.self)
            #expect(c1View.rows.map(\.key) == [world.c1.description])
            let aView = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026", token: world.cast.buyer, as: Policy.PovertyReport.self)
            #expect(aView.rows.map(\.key) == [unitA])
            try Policy.expectProblem(
                try await client.get("/api/v1/reports/poverty?region=110000", token: world.cast.buyer), .badRequest,
                "request.invalid_query")
            try Policy.expectProblem(
                try await client.get("/api/v1/reports/poverty", token: world.cast.supplierB), .forbidden,
                "auth.forbidden")
            try Policy.expectProblem(
                try await client.get("/api/v1/reports/poverty?period=2026-13", token: world.cast.ops), .badRequest,
                "request.invalid_query")
        }
    }

    @Test("§V3 month and quarter: paid in the period (refunds in the month they happen) against the year's reservation")
    func periods() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let world = try await PolicyWorld.build(client, fixtures)
            let march = Self.rows(
                try await Policy.get(
                    client, "/api/v1/reports/poverty?period=2026-03&by=unit", token: world.cast.ops,
                    as: Policy.PovertyReport.self))
            #expect(march[fixtures.unitA.description]?.paidFen == 37_035)
            #expect(march[world.c1.description]?.paidFen == 123_450)
            #expect(march[world.c2.description]?.paidFen == 49_380)
            // Q2: C1's April order; C2's refund alone makes its quarter negative (net of refunds, never hidden).
            let q2 = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026-Q2&by=unit", token: world.token("reg-bj"),
                as: Policy.PovertyReport.self)
            #expect(q2.period == "2026-Q2")
            let rows = Self.rows(q2)
            Self.expect(rows[world.c1.description], reserved: 154_321, paid: 61_725, shortfall: 92_596, progress: 3_999)
            Self.expect(rows[world.c2.description], reserved: 50_000, paid: -10_000, shortfall: 60_000, progress: -2_000)
            Self.expect(rows[fixtures.unitA.description], reserved: 300_000, paid: 0, shortfall: 300_000, progress: 0)
            #expect(rows[world.y.description] == nil, "Yunnan is outside Beijing's regulator's scope")
            let january = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026-01", token: world.token("reg-bj"),
                as: Policy.PovertyReport.self)
            #expect(january.total.paidFen == 0 && january.total.reservedFen == 504_321)
        }
    }

    @Test("§V3 the monthly trend: JSON, CSV (UTF-8 with BOM, Chinese headers, 元) and a standalone SVG chart")
    func trend() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let world = try await PolicyWorld.build(client, fixtures)
            let response = try await client.get("/api/v1/reports/poverty/trend?year=2026", token: world.token("reg-bj"))
            OpenAPIConformance.expect(response, matches: "PovertyTrend")
            let trend = try response.decode(Policy.Trend.self)
            // March: 37 035 + 123 450 + 49 380; April: 61 725 − 10 000.
            #expect(trend.months.map(\.paidFen) == [0, 0, 209_865, 51_725, 0, 0, 0, 0, 0, 0, 0, 0])
            #expect(trend.months.last?.cumulativeFen == 261_590 && trend.months[2].month == "2026-03")
            #expect(trend.reservedFen == 504_321 && trend.paidFen == 261_590 && trend.shortfallFen == 242_731)

            let csv = try await client.get("/api/v1/reports/poverty/trend?year=2026&format=csv", token: world.token("reg-bj"))
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.contains("poverty-trend-2026.csv") == true)
            let bytes = Array(csv.body.readableBytesView)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines[0] == "月份,当月支付金额（元）,累计支付金额（元）,年度预留金额（元）,累计完成率（%）")
            // 209 865 of 504 321 → 41.61 %; then 261 590 → 51.86 %.
            #expect(lines[3] == "2026-03,2098.65,2098.65,5043.21,41.61%")
            #expect(lines[4] == "2026-04,517.25,2615.90,5043.21,51.86%")
            #expect(lines.count == 14 && lines[13].isEmpty)

            let svg = try await client.get("/api/v1/reports/poverty/trend?year=2026&format=svg", token: world.token("reg-bj"))
            #expect(svg.headers[.contentType] == "image/svg+xml; charset=utf-8")
            let text = String(buffer: svg.body)
            #expect(XMLParser(data: Data(text.utf8)).parse(), "well-formed XML")
            #expect(text.hasPrefix("<svg") || text.hasPrefix("<?xml"))
            for needle in ["北京市 2026年 832 产品采购月度趋势", "元", "3月", "12月", "年度预留", "<title>"] {
                #expect(text.contains(needle), "\(needle)")
            }

            // One unit's trend: its department may ask; another region's regulator and other units get 404.
            let c1 = try await Policy.get(
                client, "/api/v1/reports/poverty/trend?year=2026&unit=\(world.c1)", token: world.token("dept"),
                as: Policy.Trend.self)
            #expect(c1.months[2].paidFen == 123_450 && c1.months[3].paidFen == 61_725 && c1.reservedFen == 154_321)
            for token in [world.token("reg-yn"), world.cast.buyer, world.token("c2")] {
                try Policy.expectProblem(
                    try await client.get("/api/v1/reports/poverty/trend?unit=\(world.c1)", token: token), .notFound,
                    "resource.not_found")
            }
            try Policy.expectProblem(
                try await client.get("/api/v1/reports/poverty/trend?format=pdf", token: world.cast.ops), .badRequest,
                "request.invalid_query")
        }
    }

    @Test("the 832 report as CSV has a row per group and the total; JSON is the default")
    func povertyCSV() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let world = try await PolicyWorld.build(client, fixtures)
            let csv = try await client.get("/api/v1/reports/poverty?period=2026&format=csv", token: world.token("reg-bj"))
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(decoding: Array(csv.body.readableBytesView).dropFirst(3), as: UTF8.self)
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines[0] == "行政区划代码,地区,预留金额（元）,已支付832产品金额（元）,差额（元）,完成率（%）")
            #expect(lines[1] == "110101,东城区,4543.21,2222.10,2321.11,48.91%")
            #expect(lines[2] == "110105,朝阳区,500.00,393.80,106.20,78.76%")
            #expect(lines[3] == "合计,,5043.21,2615.90,2427.31,51.86%")
            // The same numbers parse back with the project's CSV reader.
            #expect(try CSV.parse(text).count == 4)
        }
    }

    @Test("§V1 a product's origin county decides: an agent in Beijing selling 行唐 produce sells 832 products")
    func originCounty() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            // sup-a is registered in 海淀 (not an 832 county); its product comes from 行唐县 130125 (one).
            var body = Catalog.listingBody(
                title: "行唐大枣", model: "XT-1", priceFen: 5_000, category: "A07031201",
                extra: ["unit": "千克", "tiers": [Any](), "fees": [Any](), "greenCertificates": [Any](),
                        "originCounty": "130125"])
            let listing = try await Catalog.approved(client, supplier: cast.supplierA, operatorToken: cast.ops, body: body)
            #expect(listing.povertyCounty == true)
            let shown = try await client.get("/api/v1/listings/\(listing.id)", token: cast.buyer)
            OpenAPIConformance.expect(shown, matches: "Listing")
            #expect(try shown.decode(Origin.self).originCounty == "130125")
            for bad in ["130100", "1301", "999999"] {
                body["originCounty"] = bad
                body["model"] = "XT-\(bad)"
                let refused = try await Catalog.send(client, .post, "/api/v1/listings", token: cast.supplierA, body: body)
                let problem = try Policy.expectProblem(refused, .unprocessableContent, "request.validation_failed")
                #expect(problem.errors?.map(\.field) == ["originCounty"], "\(bad)")
            }
            let budget = try await Orders.budget(client, approver: cast.approver)
            let order = try await Policy.buy(client, token: cast.buyer, budget: budget, lines: [(listing, 4)])[0]
            _ = try await Policy.pay(client, order, cast: cast, supplier: cast.supplierA)
            #expect(try await Policy.rows(fixtures, "SELECT poverty_county::text FROM order_lines") == ["130125"])
            let report = try await Policy.get(
                client, "/api/v1/reports/poverty?period=2026", token: cast.buyer, as: Policy.PovertyReport.self)
            #expect(report.total.paidFen == 20_000)
            // Changing the origin of an approved listing is a change the operators review.
            let patched = try await Catalog.send(
                client, .patch, "/api/v1/listings/\(listing.id)", token: cast.supplierA,
                body: ["originCounty": "110108"], ifMatch: "\"\(listing.version)\"")
            #expect(patched.status == .accepted, "\(String(buffer: patched.body))")
        }
    }

    struct Origin: Decodable {
        var originCounty: String?
    }
}
