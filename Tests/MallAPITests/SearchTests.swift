import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import PostgresNIO
import Testing

/// A listing to insert for a test: approved and from supplier A unless said otherwise.
private struct Row {
    var title: String
    var brand = "联想"
    var model = "X1"
    var category = "A02021004"
    var priceFen: Int64 = 100_000
    var status = "approved"
    var green = false
    /// Supplier B (行唐合作社, 130125, an 832 county) instead of supplier A (京华科技, 110108).
    var fromSupplierB = false
    var deliveryRegions: [String] = []
    /// Approved this many minutes before the test clock's now.
    var minutesAgo = 0
}

extension Fixtures {
    /// Inserts listings with SQL (approved_at is set whatever the status, so only the status can hide one);
    /// returns their ids by title.
    fileprivate func insert(_ rows: [Row]) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for row in rows {
            let id = UUID()
            let supplier = row.fromSupplierB ? supplierB : supplierA
            let approvedAt = clock.now.addingTimeInterval(-60 * Double(row.minutesAgo))
            try await database.query(
                """
                INSERT INTO listings (id, supplier_id, region_code, category_code, status, title, brand, model, unit,
                                      price_fen, delivery_regions, green, poverty_county, duplicate_key, lead_time_days,
                                      created_at, updated_at, approved_at)
                VALUES (\(id), \(supplier), \(row.fromSupplierB ? "130125" : "110108"), \(row.category), \(row.status),
                        \(row.title), \(row.brand), \(row.model), '台', \(row.priceFen), \(row.deliveryRegions)::text[],
                        \(row.green), \(row.fromSupplierB), \(row.brand + "|" + row.model + "|" + row.title), 3,
                        \(clock.now), \(clock.now), \(approvedAt))
                """, logger: TestDatabase.logger)
            ids[row.title] = id.uuidString.lowercased()
        }
        return ids
    }
}

@Suite("Catalog search: Chinese matching, filters, sorts, paging, facets, who sees what")
struct SearchTests {
    struct SearchBody: Decodable {
        var items: [Item]
        var nextCursor: String?
        var facets: Facets
        var total: Int
        var totalIsCapped: Bool
    }

    struct Item: Decodable {
        var id: String
        var title: String
        var brand: String
        var model: String
        var categoryCode: String
        var unit: String
        var priceFen: Int64
        var green: Bool
        var povertyCounty: Bool
        var supplierId: String
        var supplierName: String
        var leadTimeDays: Int
        var approvedAt: Date
    }

    struct Facets: Decodable {
        struct Category: Decodable, Equatable {
            var code: String
            var name: String
            var count: Int
        }
        struct Brand: Decodable, Equatable {
            var brand: String
            var count: Int
        }
        struct Flags: Decodable, Equatable {
            var yes: Int
            var no: Int
            enum CodingKeys: String, CodingKey {
                case yes = "true"
                case no = "false"
            }
        }
        var categories: [Category]
        var brands: [Brand]
        var green: Flags
        var povertyCounty: Flags
    }

    /// Every character but the unreserved ASCII ones percent-encoded (so `+` is sent as `%2B`).
    static func encode(_ text: String) -> String {
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    static func uri(_ parameters: [(String, String)]) -> String {
        "/api/v1/catalog/search?" + parameters.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
    }

    /// The titles found for `q` (all on one page), in order.
    static func titles(
        _ client: some TestClientProtocol, _ token: String, _ parameters: [(String, String)]
    ) async throws -> [String] {
        let response = try await client.get(uri(parameters + [("limit", "200")]), token: token)
        #expect(response.status == .ok, "\(parameters)")
        return try response.decode(SearchBody.self).items.map(\.title)
    }

    /// Every page of a search, `limit` at a time, following `nextCursor`.
    static func allPages(
        _ client: some TestClientProtocol, _ token: String, _ parameters: [(String, String)], limit: Int
    ) async throws -> [Item] {
        var items: [Item] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await client.get(
                uri(parameters + [("limit", "\(limit)")] + (cursor.map { [("cursor", $0)] } ?? [])), token: token)
            #expect(page.status == .ok)
            let body = try page.decode(SearchBody.self)
            #expect(body.items.count <= limit)
            items += body.items
            cursor = body.nextCursor
            pages += 1
        } while cursor != nil && pages < 50
        return items
    }

    // MARK: - Chinese the way users type it

    @Test("a 2-character query finds 彩色激光打印机, so do 激光打印 and 光打; grams that are not adjacent do not match")
    func chineseBigrams() async throws {
        try await withApp { client, fixtures in
            _ = try await fixtures.insert([
                Row(title: "彩色激光打印机", brand: "惠普", model: "M454dn"),
                Row(title: "激光测距仪", brand: "博世", model: "GLM50", category: "A02021099"),
                Row(title: "针式打印纸", brand: "得力", model: "241-1", category: "A05040101"),
                Row(title: "台式计算机", brand: "联想", model: "M720", category: "A02010105"),
                Row(title: "标签打印机 打印标签", brand: "兄弟", model: "PT-18R", category: "A02021007"),
            ])
            let token = try await client.login("buyer-a")
            func found(_ q: String) async throws -> Set<String> {
                Set(try await Self.titles(client, token, [("q", q)]))
            }
            #expect(try await found("打印") == ["彩色激光打印机", "针式打印纸", "标签打印机 打印标签"])
            #expect(try await found("激光打印") == ["彩色激光打印机"])
            #expect(try await found("光打") == ["彩色激光打印机"])
            #expect(try await found("激光") == ["彩色激光打印机", "激光测距仪"])
            #expect(try await found("机") == ["彩色激光打印机", "台式计算机", "标签打印机 打印标签"])
            // 签打, 打印 and 印标 are all grams of the last title, but 签打印标 is not in it.
            #expect(try await found("签打印标") == [])
            #expect(try await found("打印标签") == ["标签打印机 打印标签"])
            #expect(try await found("打印 激光") == ["彩色激光打印机"])
            #expect(try await found("喷墨打印") == [])
            // LIKE's special characters are plain text in a query.
            #expect(try await found("%") == [])
            #expect(try await found("_") == [])
            #expect(try await found("241-1") == ["针式打印纸"])
        }
    }

    @Test("惠普 M454dn matches the title or brand + model; the whole phrase in the title ranks first")
    func mixedChineseAndModel() async throws {
        try await withApp { client, fixtures in
            _ = try await fixtures.insert([
                Row(title: "彩色激光打印机", brand: "惠普", model: "M454dn", minutesAgo: 1),
                Row(title: "惠普 M454dn 彩色激光打印机", brand: "惠普", model: "M454dn", minutesAgo: 5),
                Row(title: "黑白激光打印机", brand: "惠普", model: "M479fdw"),
                Row(title: "彩色激光打印机 A4", brand: "佳能", model: "M454dn"),
            ])
            let token = try await client.login("buyer-a")
            let expected = ["惠普 M454dn 彩色激光打印机", "彩色激光打印机"]
            #expect(try await Self.titles(client, token, [("q", "惠普 M454dn")]) == expected)
            #expect(try await Self.titles(client, token, [("q", "惠普 M454dn"), ("sort", "relevance")]) == expected)
            // Full-width space and letters, other letter case, repeated spaces.
            #expect(try await Self.titles(client, token, [("q", "惠普　ｍ４５４ＤＮ")]) == expected)
            #expect(try await Self.titles(client, token, [("q", "  m454DN   惠普 ")]) == expected)
            // The form encoding of a space (what browsers' URLSearchParams send).
            let plus = try await client.get("/api/v1/catalog/search?q=%E6%83%A0%E6%99%AE+M454dn", token: token)
            #expect(try plus.decode(SearchBody.self).items.map(\.title) == expected)
            // Newest first instead: the title-only match was approved later.
            let newest = try await Self.titles(client, token, [("q", "惠普 M454dn"), ("sort", "newest")])
            #expect(newest == expected.reversed())
            #expect(try await Self.titles(client, token, [("q", "M454")]).count == 3)
        }
    }

    @Test("full-width and half-width forms and letter case are folded on both sides")
    func folding() async throws {
        try await withApp { client, fixtures in
            _ = try await fixtures.insert([
                Row(title: "ＨＰ ＬａｓｅｒＪｅｔ Ｐｒｏ 打印机", brand: "ＨＰ", model: "Ｍ４０４ｄｎ"),
                Row(title: "办公打印机", brand: "hp", model: "m203dw"),
                Row(title: "联想打印机（Ａ４）", brand: "Lenovo", model: "LJ2405"),
            ])
            let token = try await client.login("buyer-a")
            func found(_ q: String) async throws -> Set<String> {
                Set(try await Self.titles(client, token, [("q", q)]))
            }
            let both: Set = ["ＨＰ ＬａｓｅｒＪｅｔ Ｐｒｏ 打印机", "办公打印机"]
            #expect(try await found("ＨＰ") == both)
            #expect(try await found("hp") == both)
            #expect(try await found("Hp") == both)
            #expect(try await found("laserjet") == ["ＨＰ ＬａｓｅｒＪｅｔ Ｐｒｏ 打印机"])
            #expect(try await found("ＬＡＳＥＲ") == ["ＨＰ ＬａｓｅｒＪｅｔ Ｐｒｏ 打印机"])
            #expect(try await found("m404DN") == ["ＨＰ ＬａｓｅｒＪｅｔ Ｐｒｏ 打印机"])
            #expect(try await found("(a4)") == ["联想打印机（Ａ４）"])
            #expect(try await found("lenovo") == ["联想打印机（Ａ４）"])
        }
    }

    // MARK: - Filters

    @Test("a category code matches its subtree: A02021000 printers, A02010000 computers, a leaf itself, A all goods")
    func categorySubtree() async throws {
        try await withApp { client, fixtures in
            _ = try await fixtures.insert([
                Row(title: "A4彩色打印机", category: "A02021004"),
                Row(title: "A4黑白打印机", category: "A02021003"),
                Row(title: "液晶显示器", category: "A02021104"),
                Row(title: "台式计算机", category: "A02010105"),
                Row(title: "办公椅", category: "A05010301"),
            ])
            let token = try await client.login("buyer-a")
            func found(_ code: String) async throws -> Set<String> {
                Set(try await Self.titles(client, token, [("category", code)]))
            }
            #expect(try await found("A02021000") == ["A4彩色打印机", "A4黑白打印机"])
            #expect(try await found("A02020000") == ["A4彩色打印机", "A4黑白打印机", "液晶显示器"])
            #expect(try await found("A02010000") == ["台式计算机"])
            #expect(try await found("A02021004") == ["A4彩色打印机"])
            #expect(try await found("A05010000") == ["办公椅"])
            #expect(try await found("A").count == 5)
            #expect(try await found("B") == [])
            #expect(try await Set(Self.titles(client, token, [("category", "A02021000"), ("q", "彩色")])) == ["A4彩色打印机"])
        }
    }

    @Test("price range, green, 832 county, supplier and delivery region filters")
    func filters() async throws {
        try await withApp { client, fixtures in
            _ = try await fixtures.insert([
                Row(title: "全国配送", priceFen: 10_000, green: true),
                Row(title: "北京配送", priceFen: 20_000, deliveryRegions: ["110000"]),
                Row(title: "石家庄配送", priceFen: 30_000, fromSupplierB: true, deliveryRegions: ["130100"]),
                Row(title: "行唐配送", priceFen: 40_000, green: true, fromSupplierB: true, deliveryRegions: ["130125"]),
                Row(title: "云南配送", priceFen: 50_000, deliveryRegions: ["530000", "110101"]),
            ])
            let token = try await client.login("approver-a")
            func found(_ parameters: [(String, String)]) async throws -> Set<String> {
                Set(try await Self.titles(client, token, parameters))
            }
            #expect(try await found([("minPriceFen", "20000"), ("maxPriceFen", "40000")]) == ["北京配送", "石家庄配送", "行唐配送"])
            #expect(try await found([("minPriceFen", "40000")]) == ["行唐配送", "云南配送"])
            #expect(try await found([("maxPriceFen", "10000")]) == ["全国配送"])
            #expect(try await found([("minPriceFen", "30000"), ("maxPriceFen", "30000")]) == ["石家庄配送"])
            #expect(try await found([("green", "true")]) == ["全国配送", "行唐配送"])
            #expect(try await found([("green", "false")]).count == 3)
            #expect(try await found([("povertyCounty", "true")]) == ["石家庄配送", "行唐配送"])
            #expect(try await found([("povertyCounty", "false")]) == ["全国配送", "北京配送", "云南配送"])
            #expect(try await found([("supplier", fixtures.supplierB.description)]) == ["石家庄配送", "行唐配送"])
            #expect(try await found([("supplier", UUID().uuidString)]) == [])
            // Nationwide (no regions), or the county, its prefecture or its province.
            #expect(try await found([("deliversTo", "130125")]) == ["全国配送", "石家庄配送", "行唐配送"])
            #expect(try await found([("deliversTo", "130102")]) == ["全国配送", "石家庄配送"])
            #expect(try await found([("deliversTo", "110101")]) == ["全国配送", "北京配送", "云南配送"])
            #expect(try await found([("deliversTo", "532601")]) == ["全国配送", "云南配送"])
            #expect(try await found([("deliversTo", "130000")]) == ["全国配送"])
            #expect(
                try await found([
                    ("green", "true"), ("povertyCounty", "true"), ("deliversTo", "130125"), ("maxPriceFen", "40000"),
                ]) == ["行唐配送"])
        }
    }

    // MARK: - Sorts and paging

    @Test("every sort pages with its cursor: no duplicates, no gaps, in order, ties broken by id")
    func sortsAndPaging() async throws {
        try await withApp { client, fixtures in
            // Ties on every key: equal prices, equal approval times, equal scores.
            _ = try await fixtures.insert([
                Row(title: "人体工学办公椅", priceFen: 90_000, minutesAgo: 1),
                Row(title: "办公椅 网布", priceFen: 45_000, minutesAgo: 2),
                Row(title: "会议椅", brand: "办公椅坊", priceFen: 45_000, minutesAgo: 2),
                Row(title: "办公椅", priceFen: 45_000, minutesAgo: 3),
                Row(title: "皮质办公椅", priceFen: 120_000, minutesAgo: 3),
                Row(title: "办公椅 升降", priceFen: 60_000, minutesAgo: 3),
                Row(title: "办公椅 固定扶手", priceFen: 30_000, minutesAgo: 4),
                Row(title: "电脑椅", model: "办公椅-1", priceFen: 30_000, minutesAgo: 5),
                Row(title: "办公桌", priceFen: 30_000, minutesAgo: 0),
            ])
            let token = try await client.login("reg-bj")
            for sort in ["relevance", "price_asc", "price_desc", "newest"] {
                let parameters = [("q", "办公椅"), ("sort", sort)]
                let everything = try await Self.allPages(client, token, parameters, limit: 200)
                #expect(everything.count == 8, "\(sort)")
                for limit in [1, 2, 3] {
                    let paged = try await Self.allPages(client, token, parameters, limit: limit)
                    #expect(paged.map(\.id) == everything.map(\.id), "\(sort) by \(limit)")
                    #expect(Set(paged.map(\.id)).count == paged.count)
                }
                let prices = everything.map(\.priceFen)
                let times = everything.map(\.approvedAt)
                switch sort {
                case "price_asc": #expect(prices == prices.sorted())
                case "price_desc": #expect(prices == prices.sorted(by: >))
                case "newest": #expect(times == times.sorted(by: >))
                default:
                    // 3 + 1 for the whole query in the title; 1 for brand or model only; newest first within.
                    #expect(everything.first?.title == "人体工学办公椅")
                    #expect(Set(everything.suffix(2).map(\.title)) == ["会议椅", "电脑椅"])
                    #expect(everything.last?.title == "电脑椅")
                }
            }
            // The default with q is relevance; without q, newest (relevance without q is newest too).
            let byDefault = try await Self.allPages(client, token, [("q", "办公椅")], limit: 3)
            let byRelevance = try await Self.allPages(client, token, [("q", "办公椅"), ("sort", "relevance")], limit: 200)
            #expect(byDefault.map(\.id) == byRelevance.map(\.id))
            let newest = try await Self.allPages(client, token, [], limit: 2)
            #expect(newest.first?.title == "办公桌" && newest.count == 9)
            let relevanceWithoutQuery = try await Self.allPages(client, token, [("sort", "relevance")], limit: 4)
            #expect(relevanceWithoutQuery.map(\.id) == newest.map(\.id))
        }
    }

    // MARK: - Facets and the response

    @Test("facets count the whole match set, not just the page; items carry the supplier and listing fields")
    func facets() async throws {
        try await withApp { client, fixtures in
            _ = try await fixtures.insert([
                Row(title: "彩色打印机 1", brand: "惠普", category: "A02021004", green: true),
                Row(title: "彩色打印机 2", brand: "惠普", category: "A02021004", fromSupplierB: true),
                Row(title: "黑白打印机 1", brand: "奔图", category: "A02021003", green: true),
                Row(title: "黑白打印机 2", brand: "兄弟", category: "A02021003"),
                Row(title: "黑白打印机 3", brand: "惠普", category: "A02021003", fromSupplierB: true),
                Row(title: "票据打印机", brand: "奔图", category: "A02021006"),
                Row(title: "台式计算机", brand: "联想", category: "A02010105"),
            ])
            let token = try await client.login("sup-b")
            let response = try await client.get(Self.uri([("q", "打印机"), ("limit", "2")]), token: token)
            #expect(response.status == .ok)
            let body = try response.decode(SearchBody.self)
            #expect(body.items.count == 2 && body.nextCursor != nil)
            #expect(body.total == 6 && !body.totalIsCapped)
            #expect(
                body.facets.categories == [
                    .init(code: "A02021003", name: "A4黑白打印机", count: 3),
                    .init(code: "A02021004", name: "A4彩色打印机", count: 2),
                    .init(code: "A02021006", name: "票据打印机", count: 1),
                ])
            #expect(
                body.facets.brands == [
                    .init(brand: "惠普", count: 3), .init(brand: "奔图", count: 2), .init(brand: "兄弟", count: 1),
                ])
            #expect(body.facets.green == .init(yes: 2, no: 4))
            #expect(body.facets.povertyCounty == .init(yes: 2, no: 4))

            let one = try await client.get(Self.uri([("q", "彩色打印机 2")]), token: token).decode(SearchBody.self)
            let item = try #require(one.items.first)
            #expect(one.items.count == 1 && one.nextCursor == nil && one.total == 1)
            #expect(item.supplierId == fixtures.supplierB.description && item.supplierName == "行唐合作社")
            #expect(item.povertyCounty && !item.green)
            #expect(item.brand == "惠普" && item.model == "X1" && item.unit == "台" && item.categoryCode == "A02021004")
            #expect(item.priceFen == 100_000 && item.leadTimeDays == 3)
            #expect(abs(item.approvedAt.timeIntervalSince(fixtures.clock.now)) < 1)

            let none = try await client.get(Self.uri([("q", "不存在的商品")]), token: token).decode(SearchBody.self)
            #expect(none.items.isEmpty && none.total == 0 && none.nextCursor == nil)
            #expect(none.facets.categories.isEmpty && none.facets.green == .init(yes: 0, no: 0))
        }
    }

    // MARK: - Who sees what

    @Test("only approved listings are ever found: not draft, pending, rejected or delisted, by any role")
    func approvedOnly() async throws {
        try await withApp { client, fixtures in
            _ = try await fixtures.insert(
                ["draft", "pending", "rejected", "delisted"].map {
                    Row(title: "保密柜 \($0)", category: "A05010504", status: $0)
                }
                    + [Row(title: "保密柜 approved", category: "A05010504", fromSupplierB: true)]
                    + [Row(title: "保密柜 own draft", category: "A05010504", status: "draft", fromSupplierB: true)])
            for username in ["buyer-a", "approver-a", "sup-a", "sup-b", "ops", "reg-bj", "reg-yn"] {
                let token = try await client.login(username)
                let searches = [
                    [("q", "保密柜")], [], [("category", "A05010504")], [("supplier", fixtures.supplierA.description)],
                ]
                for parameters in searches {
                    let body = try await client.get(Self.uri(parameters), token: token).decode(SearchBody.self)
                    let expected = parameters.first?.0 == "supplier" ? [] : ["保密柜 approved"]
                    #expect(body.items.map(\.title) == expected, "\(username) \(parameters)")
                    #expect(body.total == expected.count)
                }
            }
        }
    }

    @Test("without a valid bearer token: 401")
    func unauthenticated() async throws {
        try await withApp { client, _ in
            let response = try await client.get("/api/v1/catalog/search?q=%E6%89%93%E5%8D%B0", token: nil)
            #expect(response.status == .unauthorized)
            #expect(try response.problem().code == "auth.unauthenticated")
            #expect(try await client.get("/api/v1/catalog/search", token: "not-a-token").status == .unauthorized)
        }
    }

    // MARK: - Bad parameters

    @Test(
        "a bad parameter answers 400 request.invalid_query naming it",
        arguments: [
            ("q", String(repeating: "打", count: 101)),
            ("q", "打印\u{0}"),
            ("category", "A0202"),
            ("category", "D02021000"),
            ("category", "a02021000"),
            ("minPriceFen", "-1"),
            ("minPriceFen", "1.5"),
            ("maxPriceFen", "abc"),
            ("maxPriceFen", "99999999999999999999"),
            ("green", "yes"),
            ("povertyCounty", "1"),
            ("supplier", "not-a-uuid"),
            ("deliversTo", "13012"),
            ("deliversTo", "13012x"),
            ("sort", "cheapest"),
            ("limit", "0"),
            ("limit", "201"),
        ])
    func badParameter(name: String, value: String) async throws {
        try await withApp { client, _ in
            let token = try await client.login("buyer-a")
            let response = try await client.get(Self.uri([(name, value)]), token: token)
            #expect(response.status == .badRequest)
            let problem = try response.problem()
            #expect(problem.code == "request.invalid_query")
            #expect(problem.errors?.map(\.field) == [name])
        }
    }

    @Test("every bad parameter is reported at once; min above max is refused; a 100-character query is fine")
    func severalBadParameters() async throws {
        try await withApp { client, _ in
            let token = try await client.login("buyer-a")
            let several = try await client.get(
                Self.uri([("green", "maybe"), ("limit", "-3"), ("sort", "x")]), token: token)
            #expect(several.status == .badRequest)
            #expect(try several.problem().errors?.map(\.field) == ["green", "sort", "limit"])
            let inverted = try await client.get(
                Self.uri([("minPriceFen", "500"), ("maxPriceFen", "100")]), token: token)
            #expect(try inverted.problem().errors?.map(\.field) == ["minPriceFen"])
            let longest = try await client.get(Self.uri([("q", String(repeating: "打", count: 100))]), token: token)
            #expect(longest.status == .ok)
            let blank = try await client.get(Self.uri([("q", "   ")]), token: token)
            #expect(blank.status == .ok)
        }
    }

    @Test("a cursor that is not ours, or was issued for another sort, answers 400 request.invalid_cursor")
    func badCursor() async throws {
        try await withApp { client, fixtures in
            _ = try await fixtures.insert([
                Row(title: "办公椅 1", priceFen: 100), Row(title: "办公椅 2", priceFen: 200),
                Row(title: "办公椅 3", priceFen: 300),
            ])
            let token = try await client.login("buyer-a")
            let first = try await client.get(Self.uri([("sort", "price_asc"), ("limit", "1")]), token: token)
                .decode(SearchBody.self)
            let cursor = try #require(first.nextCursor)
            let second = try await client.get(Self.uri([("sort", "price_asc"), ("cursor", cursor)]), token: token)
            #expect(second.status == .ok)
            let forged = [
                "Zm9v",  // "foo"
                "!!!",
                cursor,  // issued for price_asc, used with newest below
                Cursor(key: "n:2026-13-01T00:00:00.000000Z", id: UUID()).encoded,  // no such month
                Cursor(key: "n:2026-02-30T00:00:00.000000Z", id: UUID()).encoded,  // no such day
                Cursor(key: "n:2026-02-01T00:00:00.000000Z").encoded,  // no id
                Cursor(key: "r:x:2026-02-01T00:00:00.000000Z", id: UUID()).encoded,
            ]
            for raw in forged {
                let response = try await client.get(Self.uri([("sort", "newest"), ("cursor", raw)]), token: token)
                #expect(response.status == .badRequest, "\(raw)")
                #expect(try response.problem().code == "request.invalid_cursor", "\(raw)")
            }
            let priceDesc = try await client.get(Self.uri([("sort", "price_desc"), ("cursor", cursor)]), token: token)
            #expect(try priceDesc.problem().code == "request.invalid_cursor")
        }
    }
}
