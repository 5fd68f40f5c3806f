import Foundation
import MallCore
@testable import MallStore
import MallTestSupport
import PostgresNIO
import Synchronization
import Testing

/// The in-process search index (issue 3 points 6 and 7) answers exactly what the SQL search answers: the same
/// pages, cursors, scores and facets, and it stays exact through listing changes made by any session.
@Suite("Catalog search index")
struct SearchIndexTests {
    static let logger = TestDatabase.logger

    /// Every mix of the SQL plan tests, and a few more that exercise scoring, folding and cursors.
    static let mixes: [(name: String, criteria: SearchStore.Criteria)] =
        SearchExplainTests.mixes + [
            ("relevance, two terms", .init(terms: SearchStore.terms(of: "节能 打印机"))),
            ("full-width model", .init(terms: SearchStore.terms(of: "Ｉ３９６ＤＮ"))),
            ("brand only", .init(terms: SearchStore.terms(of: "联想"))),
            ("one character", .init(terms: SearchStore.terms(of: "椅"))),
            ("no match", .init(terms: SearchStore.terms(of: "不存在的东西"))),
            ("newest in a category", .init(categoryPrefix: "A05", sort: .newest)),
            ("query, price_desc, deliversTo", .init(terms: SearchStore.terms(of: "办公"), deliversTo: RegionCode("110105"), sort: .priceDesc)),
            ("unknown supplier", .init(supplierID: ID(UUID()))),
            ("poverty county, newest", .init(povertyCounty: false, sort: .newest)),
            ("price floor only", .init(minPriceFen: Fen(400_000))),
            ("price ceiling, price_desc", .init(maxPriceFen: Fen(200_000), sort: .priceDesc)),
            ("price range, price_desc", .init(minPriceFen: Fen(90_000), maxPriceFen: Fen(250_000), sort: .priceDesc)),
            ("price floor, price_asc, green", .init(minPriceFen: Fen(300_000), green: true, sort: .priceAsc)),
            ("exact price, price_asc", .init(minPriceFen: Fen(150_000), maxPriceFen: Fen(150_000), sort: .priceAsc)),
        ]

    /// Pages 1–4 of every mix and the facets, from both, compared field by field.
    static func expectSameAnswers(
        index: SearchIndex, store: SearchStore, limit: Int = 13, _ context: String = ""
    ) async throws {
        for mix in mixes {
            var afterIndex: SearchStore.After? = nil
            var afterStore: SearchStore.After? = nil
            for page in 1...4 {
                let found = try await index.search(mix.criteria, after: afterIndex, limit: limit, logger: logger)
                let expected = try await store.search(mix.criteria, after: afterStore, limit: limit, logger: logger)
                #expect(found?.hits == expected.hits, "\(context) \(mix.name), page \(page)")
                #expect(found?.next == expected.next, "\(context) \(mix.name), page \(page): cursor")
                if page == 1 {
                    let facets = try await store.facets(mix.criteria, logger: logger)
                    #expect(found?.facets == facets, "\(context) \(mix.name): facets")
                }
                (afterIndex, afterStore) = (found?.next, expected.next)
                if expected.next == nil { break }
            }
        }
    }

    /// `count` generated listings, an index loaded over them and the SQL search, both with caps of 60 and 50.
    static func loaded(_ database: Database, count: Int) async throws -> (SearchIndex, SearchStore) {
        try await SearchExplainTests.generate(database, count: count)
        let index = SearchIndex(database: database, countCap: 60, relevanceWindow: 50)
        try await index.sync(logger: logger)
        return (index, SearchStore(database: database, countCap: 60, relevanceWindow: 50))
    }

    @Test("every mix of parameters gives the SQL search's pages, cursors, scores and facets")
    func sameAnswersAsSQL() async throws {
        try await TestDatabase.withDatabase { database in
            try await SearchExplainTests.generate(database, count: 3_000)
            // Caps below the match counts, so that capped totals and the relevance window are compared too.
            let index = SearchIndex(database: database, countCap: 120, relevanceWindow: 90)
            let store = SearchStore(database: database, countCap: 120, relevanceWindow: 90)
            try await Self.expectSameAnswers(index: index, store: store)
            #expect(index.statistics.live == 3_000 - 3_000 / 11)
        }
    }

    @Test("changes from other sessions are seen by the next search: inserts, edits, delisting, out-of-order commits")
    func followsChanges() async throws {
        try await TestDatabase.withDatabase { database in
            let (index, store) = try await Self.loaded(database, count: 800)
            let live = index.statistics.live

            // A transaction that starts writing first but commits last: a sequence would skip it, a snapshot
            // does not.
            try await database.withConnection { slow in
                try await slow.query("BEGIN", logger: Self.logger)
                try await slow.query(
                    """
                    UPDATE listings SET title = '迟到的碎纸机 ' || title
                    WHERE id = (SELECT id FROM listings WHERE status = 'approved' ORDER BY approved_at DESC LIMIT 1)
                    """, logger: Self.logger)
                // Meanwhile, other sessions: a price cut, a delisting, a new approval, and a rolled-back edit.
                try await database.query(
                    """
                    UPDATE listings SET price_fen = 1 WHERE id IN (
                        SELECT id FROM listings WHERE status = 'approved' ORDER BY approved_at DESC OFFSET 3 LIMIT 2)
                    """, logger: Self.logger)
                try await database.query(
                    """
                    UPDATE listings SET status = 'delisted', delist_reason = '测试' WHERE id IN (
                        SELECT id FROM listings WHERE status = 'approved' AND title LIKE '%打印%' ORDER BY approved_at LIMIT 5)
                    """, logger: Self.logger)
                try await database.query(
                    """
                    UPDATE listings SET status = 'approved', approved_at = '2026-03-05T00:00:00Z'
                    WHERE id IN (SELECT id FROM listings WHERE status = 'pending' LIMIT 3)
                    """, logger: Self.logger)
                await #expect(throws: CancellationError.self) {
                    try await database.transaction(logger: Self.logger) { connection in
                        try await connection.query(
                            """
                            UPDATE listings SET title = '回滚的标题' WHERE id IN (
                                SELECT id FROM listings WHERE status = 'approved' ORDER BY approved_at OFFSET 20 LIMIT 9)
                            """, logger: Self.logger)
                        throw CancellationError()
                    }
                }
                try await index.sync(logger: Self.logger)
                #expect(index.statistics.live == live - 5 + 3)
                try await Self.expectSameAnswers(index: index, store: store, "before the slow commit:")
                try await slow.query("COMMIT", logger: Self.logger)
            }
            let late = try await index.search(
                .init(terms: SearchStore.terms(of: "迟到")), after: nil, limit: 5, logger: Self.logger)
            #expect(late?.hits.count == 1)
            try await Self.expectSameAnswers(index: index, store: store, "after it:")

            // A listing inserted already approved, then a rebuild gives the same answers from a compact index.
            try await database.query(
                """
                INSERT INTO listings (id, supplier_id, region_code, category_code, status, title, brand, model, unit,
                                      price_fen, duplicate_key, created_at, updated_at, approved_at)
                SELECT gen_random_uuid(), supplier_id, region_code, category_code, 'approved', '全新彩色激光打印机',
                       '奔图', 'CP9999', unit, 123456, 'new', now(), now(), '2026-03-06T00:00:00Z'
                FROM listings LIMIT 1
                """, logger: Self.logger)
            let fresh = try await index.search(
                .init(terms: SearchStore.terms(of: "cp9999")), after: nil, limit: 5, logger: Self.logger)
            #expect(fresh?.hits.map(\.title) == ["全新彩色激光打印机"])
            try await index.rebuild(logger: Self.logger)
            #expect(index.statistics.documents == index.statistics.live)
            // Pruning keeps what is younger than the age given, and drops the rest.
            try await index.prune(logger: Self.logger)
            var kept = 0
            for try await count in try await database.query(
                "SELECT count(*)::int8 FROM listing_search_changes", logger: Self.logger
            ).decode(Int64.self) {
                kept = Int(count)
            }
            #expect(kept > 0)
            try await index.prune(olderThan: .zero, logger: Self.logger)
            for try await count in try await database.query(
                "SELECT count(*)::int8 FROM listing_search_changes WHERE changed_at < now()", logger: Self.logger
            ).decode(Int64.self) {
                #expect(count == 0)
            }
            try await Self.expectSameAnswers(index: index, store: store, "after a rebuild:")
        }
    }

    @Test("concurrent searches share catch-ups and each sees what was committed before it started")
    func concurrentSearches() async throws {
        try await TestDatabase.withDatabase { database in
            try await SearchExplainTests.generate(database, count: 300)
            let index = SearchIndex(database: database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        let title = "并发测试商品\(n)号"
                        try await database.query(
                            """
                            UPDATE listings SET title = \(title)
                            WHERE id = (SELECT id FROM listings WHERE status = 'approved' ORDER BY approved_at DESC
                                        OFFSET \(n) LIMIT 1)
                            """, logger: Self.logger)
                        let found = try await index.search(
                            .init(terms: SearchStore.terms(of: "商品\(n)号")), after: nil, limit: 5, logger: Self.logger)
                        #expect(found?.hits.map(\.title) == [title])
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("what a hit shows follows edits the search does not match on: model, unit, lead time, supplier renames")
    func hitFieldsFollowChanges() async throws {
        try await TestDatabase.withDatabase { database in
            let (index, store) = try await Self.loaded(database, count: 600)
            try await database.query(
                """
                UPDATE listings SET unit = '套', lead_time_days = lead_time_days + 7 WHERE id IN (
                    SELECT id FROM listings WHERE status = 'approved' ORDER BY approved_at DESC LIMIT 9)
                """, logger: Self.logger)
            try await database.query(
                """
                UPDATE listings SET model = model || '-改' WHERE id IN (
                    SELECT id FROM listings WHERE status = 'approved' AND title LIKE '%打印%' ORDER BY approved_at LIMIT 4)
                """, logger: Self.logger)
            // A supplier renamed: every hit of it shows the new name, with no listing touched.
            try await database.query(
                """
                UPDATE organisations SET name = name || '（更名）' WHERE id = (
                    SELECT supplier_id FROM listings WHERE status = 'approved' ORDER BY approved_at DESC LIMIT 1)
                """, logger: Self.logger)
            let newest = try await index.search(.init(sort: .newest), after: nil, limit: 9, logger: Self.logger)
            #expect(newest?.hits.allSatisfy { $0.unit == "套" } == true)
            #expect(newest?.hits.first?.supplierName.hasSuffix("（更名）") == true)
            try await Self.expectSameAnswers(index: index, store: store, "after the edits:")
        }
    }

    @Test("a catch-up re-reads changed listings by primary key, never by a scan of listings")
    func changedRowsUseThePrimaryKey() async throws {
        try await TestDatabase.withDatabase { database in
            try await SearchExplainTests.generate(database, count: 5_000)
            var ids: [UUID] = []
            for try await id in try await database.query(
                "SELECT id FROM listings WHERE status = 'approved' LIMIT 21", logger: Self.logger
            ).decode(UUID.self) {
                ids.append(id)
            }
            let nodes = try await SearchExplainTests.plan(SearchIndex.changedRowsQuery(ids: ids), on: database)
            #expect(nodes.contains { $0.hasSuffix("using listings_pkey") }, "\(nodes)")
            #expect(!nodes.contains { $0.hasPrefix("Seq Scan on listings") }, "\(nodes)")
        }
    }

    @Test("the lazy newest-first intersection reads what a full intersection holds, greatest first")
    func newestStreamIntersects() {
        var seed: UInt64 = 20_261_124
        func random(_ n: Int) -> Int {  // SplitMix64
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        let storage = SearchIndexStorage()
        for round in 0..<300 {
            let lists = (0...random(4)).map { _ -> [UInt32] in
                let density = 1 + random(60)
                return (0..<2_000).filter { _ in random(100) < density }.map(UInt32.init)
            }
            let expected = lists.dropFirst().reduce(Set(lists[0])) { $0.intersection($1) }.sorted(by: >)
            #expect(SearchIndexStorage.intersect(lists) == expected.reversed(), "round \(round)")
            let ordered = lists.sorted { $0.count < $1.count }.map { $0[...] }
            var stream = NewestStream(lead: ordered[0], others: Array(ordered.dropFirst()), tail: [])
            var read: [UInt32] = []
            while let d = stream.next(storage) { read.append(d) }
            #expect(read == expected, "round \(round)")
        }
    }

    @Test("cancelling a background load stops it, even when its database client has stopped (no hung shutdown)")
    func cancelledLoadStops() async throws {
        // A client that is never run: leasing a connection from it waits until cancelled.
        let client = PostgresClient(
            configuration: .init(host: "127.0.0.1", port: 9, username: "nobody", password: nil, database: nil, tls: .disable))
        let index = SearchIndex(database: Database(client: client))
        let load = Task { try await index.loadInBackground(logger: Self.logger) }
        try await Task.sleep(for: .milliseconds(200))
        load.cancel()
        // Liveness, not speed: the load must end at all (before the fix it waited forever).
        // (Unstructured waiters: a task group would wait for the load even after the timer won.)
        let ended = await withCheckedContinuation { (answer: CheckedContinuation<Bool, Never>) in
            let answered = Mutex(false)
            let reply = { @Sendable (value: Bool) in
                if answered.withLock({ done in defer { done = true }; return !done }) { answer.resume(returning: value) }
            }
            Task { _ = await load.result; reply(true) }
            Task { try? await Task.sleep(for: .seconds(60)); reply(false) }
        }
        #expect(ended)
        #expect(!index.isLoaded)
    }

    @Test("the eight-at-a-time substring test answers what a byte-by-byte one answers")
    func containsMatchesNaive() {
        func naive(_ haystack: [UInt8], _ from: Int, _ to: Int, _ needle: [UInt8]) -> Bool {
            if needle.isEmpty { return true }
            guard to - from >= needle.count else { return false }
            return (from...(to - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
        }
        let pieces = ["打印", "激光", "打印机", "印", "机", "惠普", "m454dn", "m", "4", "a4", " ", "彩色", "打", "节能", "xx"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            let haystack = Array(text.joined().utf8)
            let from = haystack.isEmpty ? 0 : Int.random(in: 0...haystack.count, using: &generator)
            let to = from == haystack.count ? from : Int.random(in: from...haystack.count, using: &generator)
            let needle: [UInt8]
            if to > from, Bool.random(using: &generator) {
                let start = Int.random(in: from..<to, using: &generator)
                needle = Array(haystack[start..<Int.random(in: (start + 1)...to, using: &generator)])
            } else {
                needle = Array((pieces.randomElement(using: &generator)! + pieces.randomElement(using: &generator)!).utf8)
            }
            let fast = haystack.withUnsafeBufferPointer { buffer in
                SearchIndexStorage.contains(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, from: from, to: to, needle)
            }
            #expect(fast == naive(haystack, from, to, needle), "\(text) [\(from), \(to)) \(needle)")
        }
    }

    @Test("instant keys convert both ways exactly as PostgreSQL writes them")
    func instantKeys() {
        for key in ["2026-03-02T01:00:00.000000Z", "1970-01-01T00:00:00.000001Z", "2024-02-29T23:59:59.999999Z",
                    "1969-12-31T23:59:59.500000Z", "2000-03-01T12:34:56.789012Z"] {
            let micros = SearchIndex.micros(fromKey: key)
            #expect(micros.map(SearchIndex.key(fromMicros:)) == key)
        }
        #expect(SearchIndex.micros(fromKey: "2026-03-02T01:00:00.000000Z") == 1_772_413_200_000_000)
        #expect(SearchIndex.micros(fromKey: "2026-02-30T01:00:00.000000Z") == nil)
    }
}
