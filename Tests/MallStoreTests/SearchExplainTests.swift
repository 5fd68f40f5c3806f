import Foundation
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import PostgresNIO
import Testing

/// Issue 3 point 6: search uses indexes, never a sequential scan of `listings`. The plans are those of the
/// exact SQL and binds the store sends, on a table large enough that the planner prefers indexes.
@Suite("Catalog search plans and counting")
struct SearchExplainTests {
    /// Supplier `n` (1…37) of the generated data; those with `n % 3 == 0` are in an 832 county.
    static func supplier(_ n: Int) -> UUID {
        let hex = String(n, radix: 16)
        let padded = String(repeating: "0", count: 12 - hex.count) + hex
        return UUID(uuidString: "00000000-0000-7000-8000-" + padded) ?? UUID()
    }

    /// 37 suppliers, then `count` listings in one `INSERT … SELECT generate_series`: realistic Chinese titles
    /// (half from 30 common office products, half from every leaf goods category of the real catalogue), 22
    /// brands, models like `I396dn`, prices around each product's level, five delivery patterns, every fifth
    /// listing green. Listing `i` belongs to supplier `1 + i % 37`. Every 11th listing is not approved
    /// (draft, pending, rejected, delisted in turn). Listing `i` was approved `i` minutes before 2026-03-02,
    /// and rows are inserted in that order, as an append-only table would hold them.
    static func generate(_ database: Database, count: Int) async throws {
        try await database.query(
            """
            INSERT INTO organisations (id, kind, name, region_code, enterprise_size, created_at)
            SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'supplier', '供应商' || n,
                   CASE WHEN n % 3 = 0 THEN '130125' ELSE '110108' END, 'small', '2026-01-01T00:00:00Z'
            FROM generate_series(1, 37) AS n
            """, logger: TestDatabase.logger)
        try await database.query(
            """
            WITH p AS (
              SELECT ARRAY['A02010105','A02010108','A02010104','A02010201','A02021004','A02021003','A02021006',
                           'A02021118','A02021104','A02021301','A02020200','A02020400','A02061801','A02061804',
                           'A02061504','A02020501','A05040101','A05010301','A05010303','A05010201','A05010202',
                           'A05010502','A05010504','A05010401','A02010601','A05010501','A05010101','A02021109',
                           'A02021110','A02021117'] AS code,
                     ARRAY['台式计算机','笔记本电脑','机架式服务器','企业级路由器','彩色激光打印机','黑白激光打印机',
                           '票据打印机','高速扫描仪','液晶显示器','碎纸机','投影仪','多功能一体机','双门电冰箱','壁挂式空调',
                           '不间断电源','数码相机','复印纸','人体工学办公椅','会议椅','钢木办公桌','会议桌','钢制文件柜',
                           '保密柜','三人沙发','网络机柜','实木书柜','钢木床','无线键盘','光电鼠标','触摸屏'] AS noun,
                     ARRAY['台','台','台','台','台','台','台','台','台','台','台','台','台','台','台','台','箱','把','把',
                           '张','张','个','个','套','台','个','张','个','个','台'] AS unit,
                     ARRAY[450000,600000,3000000,300000,300000,150000,120000,250000,100000,80000,400000,350000,
                           250000,320000,200000,500000,15000,90000,40000,150000,300000,120000,250000,350000,180000,
                           200000,120000,15000,8000,300000] AS base,
                     (SELECT array_agg(code ORDER BY code) FROM categories
                      WHERE is_leaf AND code LIKE 'A%') AS leaf_code,
                     (SELECT array_agg(name ORDER BY code) FROM categories
                      WHERE is_leaf AND code LIKE 'A%') AS leaf_name,
                     ARRAY['联想','惠普','戴尔','华为','得力','佳能','爱普生','兄弟','海尔','格力','美的','小米','齐心','晨光',
                           '震旦','圣奥','西门子','奔图','华硕','长虹','Lenovo','HP'] AS brand,
                     ARRAY['商用','高性能','节能','国产','静音','家用','经济型','豪华','智能','便携','工业级','环保'] AS word
            )
            INSERT INTO listings (id, supplier_id, region_code, category_code, status, title, brand, model, unit,
                                  price_fen, delivery_regions, green, poverty_county, duplicate_key, lead_time_days,
                                  created_at, updated_at, approved_at)
            SELECT gen_random_uuid(),
                   ('00000000-0000-7000-8000-' || lpad(to_hex(1 + i % 37), 12, '0'))::uuid,
                   CASE WHEN (1 + i % 37) % 3 = 0 THEN '130125' ELSE '110108' END,
                   CASE WHEN i % 2 = 0 THEN p.code[1 + (i / 2) % 30]
                        ELSE p.leaf_code[1 + (i * 31) % cardinality(p.leaf_code)] END,
                   CASE WHEN i % 11 = 0 THEN (ARRAY['draft','pending','rejected','delisted'])[1 + (i / 11) % 4]
                        ELSE 'approved' END,
                   p.word[1 + i % 12]
                     || CASE WHEN i % 2 = 0 THEN p.noun[1 + (i / 2) % 30]
                             ELSE p.leaf_name[1 + (i * 31) % cardinality(p.leaf_code)] END
                     || ' ' || (2020 + i % 6) || '款',
                   p.brand[1 + (i / 7) % 22],
                   chr(65 + i % 26) || (100 + (i * 37) % 900) || CASE WHEN i % 4 = 0 THEN 'dn' ELSE '' END,
                   CASE WHEN i % 2 = 0 THEN p.unit[1 + (i / 2) % 30] ELSE '件' END,
                   (CASE WHEN i % 2 = 0 THEN p.base[1 + (i / 2) % 30] ELSE 50000 END) * (60 + (i * 13) % 90) / 100
                     + i % 100,
                   CASE i % 5 WHEN 0 THEN '{}'::text[] WHEN 1 THEN '{}'::text[] WHEN 2 THEN ARRAY['110000']
                              WHEN 3 THEN ARRAY['130000', '110000'] ELSE ARRAY['530000', '532601'] END,
                   i % 5 = 0, (1 + i % 37) % 3 = 0, 'k' || i, i % 30,
                   timestamptz '2026-03-02T00:00:00Z' - make_interval(mins => i),
                   timestamptz '2026-03-02T00:00:00Z' - make_interval(mins => i),
                   CASE WHEN i % 11 = 0 THEN NULL ELSE timestamptz '2026-03-02T00:00:00Z' - make_interval(mins => i) END
            FROM p, generate_series(1, \(count)::integer) AS i
            ORDER BY i
            """, logger: TestDatabase.logger)
        try await database.query("ANALYZE listings", logger: TestDatabase.logger)
    }

    /// The plan nodes of a statement, as `Node Type` plus `on relation` and `using index` where present.
    static func plan(_ query: PostgresQuery, on database: Database) async throws -> [String] {
        let explain = PostgresQuery(unsafeSQL: "EXPLAIN (FORMAT JSON) " + query.sql, binds: query.binds)
        var text = ""
        for try await row in try await database.query(explain, logger: TestDatabase.logger) {
            for cell in row { if let bytes = cell.bytes { text += String(buffer: bytes) } }
        }
        let roots = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
        var nodes: [String] = []
        func walk(_ node: [String: Any]) {
            var label = node["Node Type"] as? String ?? "?"
            if let relation = node["Relation Name"] as? String { label += " on \(relation)" }
            if let index = node["Index Name"] as? String { label += " using \(index)" }
            nodes.append(label)
            for child in node["Plans"] as? [[String: Any]] ?? [] { walk(child) }
        }
        for root in roots { if let top = root["Plan"] as? [String: Any] { walk(top) } }
        return nodes
    }

    /// The parameter mixes of the issue, and a few more.
    static let mixes: [(name: String, criteria: SearchStore.Criteria)] = [
        ("2-character query", .init(terms: SearchStore.terms(of: "打印"))),
        ("4-character query", .init(terms: SearchStore.terms(of: "激光打印"))),
        ("mixed Chinese and model", .init(terms: SearchStore.terms(of: "惠普 I396DN"))),
        ("query sorted by price", .init(terms: SearchStore.terms(of: "办公椅"), sort: .priceAsc)),
        ("category only", .init(categoryPrefix: SearchStore.categoryPrefix(of: "A02021000"))),
        // Price order in a subtree: merged from each leaf's price order.
        ("category, price_asc", .init(categoryPrefix: SearchStore.categoryPrefix(of: "A02021000"), sort: .priceAsc)),
        ("category, price_desc", .init(categoryPrefix: "A0201", sort: .priceDesc)),
        ("query within a category", .init(terms: SearchStore.terms(of: "激光"), categoryPrefix: "A020210")),
        ("price range, price_asc", .init(minPriceFen: Fen(100_000), maxPriceFen: Fen(300_000), sort: .priceAsc)),
        ("price_desc", .init(sort: .priceDesc)),
        ("deliversTo", .init(deliversTo: RegionCode("532601"))),
        ("green, 832 county, supplier", .init(green: true, povertyCounty: true, supplierID: ID(supplier(3)))),
        ("no filters, newest", .init(sort: .newest)),
    ]

    @Test("no mix of search parameters reads listings with a sequential scan: page 1, page 2 and the counts")
    func noSequentialScan() async throws {
        try await TestDatabase.withDatabase { database in
            try await Self.generate(database, count: 22_000)
            // A cap well below the match counts, so the capped plans are the ones checked.
            let store = SearchStore(database: database, countCap: 200)
            for mix in Self.mixes {
                let first = try await store.search(mix.criteria, after: nil, limit: 20, logger: TestDatabase.logger)
                #expect(!first.hits.isEmpty, "\(mix.name) finds something")
                var queries = [
                    ("page 1", SearchStore.pageQuery(mix.criteria, after: nil, limit: 21)),
                    ("counts", SearchStore.facetQuery(mix.criteria, cap: store.countCap)),
                    ("page 1, bounded walk", SearchStore.pageQuery(mix.criteria, after: nil, limit: 21, walk: 10_000)),
                    ("counts, bounded walk", SearchStore.facetQuery(mix.criteria, cap: store.countCap, walk: 10_000)),
                ]
                if let next = first.next {
                    // Through the opaque cursor and back, as a client would send it.
                    let after = try SearchStore.After(
                        cursor: Cursor(encoded: next.cursor.encoded), sort: mix.criteria.sort)
                    #expect(after == next)
                    queries.append(("page 2", SearchStore.pageQuery(mix.criteria, after: after, limit: 21)))
                }
                for (part, query) in queries {
                    let nodes = try await Self.plan(query, on: database)
                    let scans = nodes.filter { $0.hasPrefix("Seq Scan on listings") }
                    #expect(scans.isEmpty, "\(mix.name), \(part): \(nodes.joined(separator: " > "))")
                }
            }
            // With the default cap, the whole approved set (20 000) is counted as 500, capped.
            let all = try await SearchStore(database: database).facets(.init(), logger: TestDatabase.logger)
            #expect(all.total == 500 && all.isCapped)
            #expect(all.green.yes + all.green.no == 500)
        }
    }

    @Test("the bounded walk gives exactly what the plain queries give, for every mix: pages and counts")
    func walkAgreesWithPlainQueries() async throws {
        try await TestDatabase.withDatabase { database in
            try await Self.generate(database, count: 6_000)
            // A walk of 300 listings fills some of these searches and falls back for the others: both paths run.
            let walking = SearchStore(database: database, countCap: 50, relevanceWindow: 40, walkLimit: 300)
            let plain = SearchStore(database: database, countCap: 50, relevanceWindow: 40, walkLimit: 0)
            for mix in Self.mixes {
                var afterWalk: SearchStore.After? = nil
                var afterPlain: SearchStore.After? = nil
                for page in 1...3 {
                    let a = try await walking.search(mix.criteria, after: afterWalk, limit: 15, logger: TestDatabase.logger)
                    let b = try await plain.search(mix.criteria, after: afterPlain, limit: 15, logger: TestDatabase.logger)
                    #expect(a.hits.map(\.id) == b.hits.map(\.id), "\(mix.name), page \(page)")
                    #expect(a.next == b.next, "\(mix.name), page \(page)")
                    (afterWalk, afterPlain) = (a.next, b.next)
                    if a.next == nil { break }
                }
                let counted = try await walking.facets(mix.criteria, logger: TestDatabase.logger)
                let expected = try await plain.facets(mix.criteria, logger: TestDatabase.logger)
                #expect(counted == expected, "\(mix.name), counts")
            }
        }
    }

    @Test("price order within a subtree, merged from each leaf, pages through exactly the plain ORDER BY")
    func perLeafPriceMerge() async throws {
        try await TestDatabase.withDatabase { database in
            try await Self.generate(database, count: 400)
            let store = SearchStore(database: database)
            for (prefix, sort) in [("A0201", SearchStore.Sort.priceAsc), ("A0201", .priceDesc), ("A020210", .priceAsc)] {
                var seen: [UUID] = []
                var after: SearchStore.After? = nil
                repeat {
                    let page = try await store.search(
                        .init(categoryPrefix: prefix, sort: sort), after: after, limit: 7, logger: TestDatabase.logger)
                    seen += page.hits.map(\.id.uuid)
                    after = page.next
                } while after != nil
                let order: PostgresQuery =
                    sort == .priceAsc
                    ? "ORDER BY price_fen, id" : "ORDER BY price_fen DESC, id DESC"
                var expected: [UUID] = []
                let rows = try await database.query(
                    """
                    SELECT id FROM listings WHERE status = 'approved' AND approved_at IS NOT NULL
                      AND category_code LIKE \(prefix + "%") \(unescaped: order.sql)
                    """, logger: TestDatabase.logger)
                for try await id in rows.decode(UUID.self) { expected.append(id) }
                #expect(!expected.isEmpty)
                #expect(seen == expected, "\(prefix) \(sort)")
            }
        }
    }

    @Test("the total and the facets count the whole match set up to the cap, then the newest matches only")
    func countingCap() async throws {
        try await TestDatabase.withDatabase { database in
            try await Self.generate(database, count: 12)  // listing 11 is a draft: 11 approved
            let everything = try await SearchStore(database: database, countCap: 11)
                .facets(.init(), logger: TestDatabase.logger)
            #expect(everything.total == 11 && !everything.isCapped)
            #expect(everything.povertyCounty.yes == 3 && everything.povertyCounty.no == 8)  // suppliers 3, 6, 9
            #expect(everything.green.yes == 2)  // 5, 10
            #expect(everything.brands.map(\.count).reduce(0, +) == 11)
            let capped = try await SearchStore(database: database, countCap: 5)
                .facets(.init(), logger: TestDatabase.logger)
            #expect(capped.total == 5 && capped.isCapped)
            // The newest five are listings 1–5: listings 2 and 5 come from 832 counties, listing 5 is green.
            #expect(capped.povertyCounty.yes == 2 && capped.povertyCounty.no == 3)
            #expect(capped.green.yes == 1 && capped.green.no == 4)
            #expect(capped.categories.map(\.count).reduce(0, +) == 5)
        }
    }
}
