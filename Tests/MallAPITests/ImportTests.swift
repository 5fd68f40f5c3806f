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

private let header = "categoryCode,title,brand,model,unit,priceFen,specs,tiers,stock,leadTimeDays,deliveryRegions"

extension TestClientProtocol {
    /// `POST /api/v1/listings/imports` with a body as bytes.
    fileprivate func importListings(
        _ body: [UInt8], token: String, contentType: String = "text/csv", query: String = "", key: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: contentType]
        if let key { headers[.idempotencyKey] = key }
        return try await execute(
            uri: "/api/v1/listings/imports" + query, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// The same with a UTF-8 text body.
    fileprivate func importListings(
        _ text: String, token: String, contentType: String = "text/csv", query: String = "", key: String? = nil
    ) async throws -> TestResponse {
        try await importListings(Array(text.utf8), token: token, contentType: contentType, query: query, key: key)
    }
}

private func count(_ sql: PostgresQuery, _ fixtures: Fixtures) async throws -> Int {
    let rows = try await fixtures.database.query(sql, logger: TestDatabase.logger)
    return try await rows.decode(Int.self).first(where: { _ in true }) ?? -1
}

@Suite("Bulk import of listings: POST /api/v1/listings/imports (issue 3 point 5)")
struct ImportTests {
    @Test(
        "CSV with a BOM: valid rows become drafts of the supplier; invalid rows are reported by row and column"
    )
    func csvImport() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            let csv =
                "\u{FEFF}" + header + "\r\n"
                + "A02010108,联想 ThinkPad E14,联想,E14,台,459900,内存=16GB,10:450000;50:440000,100,3,110000;310000\r\n"
                + ",,,,,,,,,,\r\n"
                + "A02010100,计算机（非末级）,联想,X1,台,0,,,,,\r\n"
                + "\"A02010108\",\"惠普 \"\"战66\"\" 笔记本\",惠普,战66,台,399900,,10:500000,,,\r\n"
            let response = try await client.importListings(csv, token: token)
            #expect(response.status == .created)
            let report = try response.decode(ImportResultResponse.self)
            #expect(!report.dryRun && report.format == "csv" && report.encoding == "UTF-8")
            #expect((report.total, report.valid, report.created, report.failed) == (3, 1, 1, 2))
            #expect(report.rows.map(\.row) == [2, 4, 5])
            #expect(report.rows.map(\.status) == ["created", "failed", "failed"])
            let nonLeaf = try #require(report.rows[1].errors)
            #expect(nonLeaf.contains { $0.column == "categoryCode" && $0.code == "not_leaf" })
            #expect(nonLeaf.contains { $0.column == "priceFen" && $0.code == "out_of_range" })
            let tiers = try #require(report.rows[2].errors)
            #expect(tiers.map(\.column) == ["tiers"])
            #expect(tiers.first?.code == "not_decreasing")
            #expect(tiers.first?.message.hasPrefix("item 1: ") == true)

            let id = try #require(report.rows[0].listingId)
            let listing = try await client.get("/api/v1/listings/\(id)", token: token)
            #expect(listing.status == .ok)
            struct Body: Decodable {
                var status: String
                var supplierId: String
                var title: String
                var stock: Int64
                var deliveryRegions: [String]
            }
            let body = try listing.decode(Body.self)
            #expect(body.status == "draft" && body.supplierId == fixtures.supplierA.description)
            #expect(
                body.title == "联想 ThinkPad E14" && body.stock == 100 && body.deliveryRegions == ["110000", "310000"])
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 1)
            #expect(
                try await count("SELECT count(*)::int FROM audit_log WHERE action = 'listing.created'", fixtures) == 1)
            #expect(try await count("SELECT count(*)::int FROM listing_price_history", fixtures) == 1)
        }
    }

    @Test("a GB18030 file as Excel on Chinese Windows saves it is read; required spec attributes map to their column")
    func gb18030() async throws {
        try await withApp { client, fixtures in
            try await fixtures.database.query(
                """
                INSERT INTO category_settings (category_code, required_attributes, updated_at)
                VALUES ('A02010105', ARRAY['CPU型号', '内存'], now())
                ON CONFLICT (category_code) DO UPDATE SET required_attributes = EXCLUDED.required_attributes
                """, logger: TestDatabase.logger)
            let token = try await client.login("sup-a")
            let csv =
                "categoryCode,title,brand,model,unit,priceFen,specs.CPU型号,specs.内存\r\n"
                + "A02010105,联想 启天M450 台式计算机,联想,启天M450,台,529900,i5-12500,16GB\r\n"
                + "A02010105,联想 启天M455 台式计算机,联想,启天M455,台,569900,i7-12700,\r\n"
            let bytes = try #require(csv.data(using: TextDecoding.gb18030))
            #expect(String(data: bytes, encoding: .utf8) == nil)
            let response = try await client.importListings(Array(bytes), token: token)
            #expect(response.status == .created)
            let report = try response.decode(ImportResultResponse.self)
            #expect(report.encoding == "GB18030")
            #expect(report.rows.map(\.status) == ["created", "failed"])
            #expect(report.rows[1].errors?.map(\.column) == ["specs.内存"])
            #expect(report.rows[1].errors?.map(\.code) == ["required"])
            let rows = try await fixtures.database.query("SELECT title FROM listings", logger: TestDatabase.logger)
            #expect(try await rows.decode(String.self).first(where: { _ in true }) == "联想 启天M450 台式计算机")
        }
    }

    @Test(
        "JSON lines (application/x-ndjson and application/jsonl): one listing body per line, errors by line and field")
    func jsonLines() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            let base = #""categoryCode":"A02010108","title":"t","brand":"b","unit":"台""#
            let lines = [
                #"{"categoryCode":"A02010108","title":"华为 MateBook 14","brand":"华为","model":"MateBook 14","#
                    + #""unit":"台","priceFen":569900,"deliveryRegions":["110000"]}"#,
                "",
                "{\(base),\"priceFen\":1}",
                "{\(base),\"model\":\"m\",\"priceFen\":100,\"tiers\":[{\"minQuantity\":1,\"unitPriceFen\":90}]}",
                "not json",
                "{\(base),\"model\":\"m2\",\"priceFen\":100,\"deliveryRegions\":[\"1100\"]}",
            ]
            let response = try await client.importListings(
                lines.joined(separator: "\n") + "\n", token: token, contentType: "application/x-ndjson")
            #expect(response.status == .created)
            let report = try response.decode(ImportResultResponse.self)
            #expect(report.format == "jsonl")
            #expect(report.rows.map(\.row) == [1, 3, 4, 5, 6])
            #expect(report.rows.map(\.status) == ["created", "failed", "failed", "failed", "failed"])
            #expect(report.rows[1].errors?.map(\.column) == ["model"])
            #expect(report.rows[1].errors?.map(\.code) == ["required"])
            #expect(report.rows[2].errors?.map(\.column) == ["tiers[0].minQuantity"])
            #expect(report.rows[3].errors?.first?.column == nil)
            #expect(report.rows[4].errors?.map(\.column) == ["deliveryRegions[0]"])

            // CRLF line ends, as Windows tools write them.
            let fixed = lines[5].replacingOccurrences(of: "1100", with: "110000")
            let jsonl = try await client.importListings(
                fixed + "\r\n" + fixed.replacingOccurrences(of: "m2", with: "m3") + "\r\n", token: token,
                contentType: "application/jsonl; charset=utf-8")
            #expect(jsonl.status == .created)
            let crlf = try jsonl.decode(ImportResultResponse.self)
            #expect(crlf.rows.map(\.row) == [1, 2])
            #expect(crlf.created == 2)
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 3)
        }
    }

    @Test("?dryRun=true checks every row the same way, answers 200 and writes nothing")
    func dryRun() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            let csv =
                header + "\n"
                + "A02010108,联想 E14,联想,E14,台,459900,,,,,\n"
                + "A02010108,联想 E14 again,联想,E 14,台,459900,,,,,\n"
                + "A02010108,联想 E16,联想,E16,台,-1,,,,,\n"
            let response = try await client.importListings(csv, token: token, query: "?dryRun=true", key: "dry-1")
            #expect(response.status == .ok)
            let report = try response.decode(ImportResultResponse.self)
            #expect(report.dryRun)
            #expect((report.total, report.valid, report.created, report.failed) == (3, 1, 0, 2))
            #expect(report.rows.map(\.status) == ["valid", "failed", "failed"])
            #expect(report.rows[1].errors?.map(\.code) == ["listing.duplicate"])
            #expect(report.rows.allSatisfy { $0.listingId == nil })
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 0)
            #expect(try await count("SELECT count(*)::int FROM audit_log WHERE entity_type = 'listing'", fixtures) == 0)
            #expect(try await count("SELECT count(*)::int FROM listing_price_history", fixtures) == 0)
            // The real import of the same file creates what the dry run said.
            let real = try await client.importListings(csv, token: token)
            #expect(try real.decode(ImportResultResponse.self).rows.map(\.status) == ["created", "failed", "failed"])
        }
    }

    @Test("the same Idempotency-Key returns the first report; another body with it answers 422")
    func idempotency() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            let csv = header + "\nA02010108,联想 E14,联想,E14,台,459900,,,,,\nA02010108,联想 E15,联想,E15,台,0,,,,,\n"
            let first = try await client.importListings(csv, token: token, key: "import-1")
            #expect(first.status == .created)
            let replay = try await client.importListings(csv, token: token, key: "import-1")
            #expect(replay.status == .created)
            #expect(replay.headers[.idempotentReplayed] == "true")
            #expect(String(buffer: replay.body) == String(buffer: first.body))
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 1)

            let other = try await client.importListings(
                csv + "A02010108,联想 E16,联想,E16,台,1,,,,,\n", token: token, key: "import-1")
            #expect(other.status == .unprocessableContent)
            #expect(try other.problem().code == "request.idempotency_key_reused")
            // Without a key, importing the same file again refuses the rows as duplicates of the drafts.
            let again = try await client.importListings(csv, token: token)
            #expect(
                try again.decode(ImportResultResponse.self).rows.map { $0.errors?.first?.code } == [
                    "listing.duplicate", "out_of_range",
                ])
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 1)

            // Once the first import has committed, a replay answers from the stored report before the file is
            // read; a key sent with another request (here the same file as a dry run) is still refused.
            let third = try await client.importListings(csv, token: token, key: "import-1")
            #expect(third.headers[.idempotentReplayed] == "true")
            #expect(String(buffer: third.body) == String(buffer: first.body))
            let reusedDryRun = try await client.importListings(csv, token: token, query: "?dryRun=true", key: "import-1")
            #expect(try reusedDryRun.problem().code == "request.idempotency_key_reused")

            // The key is the caller's own: another supplier sending the same key and file gets its own import.
            let theirs = try await client.importListings(csv, token: try await client.login("sup-b"), key: "import-1")
            #expect(theirs.status == .created)
            #expect(theirs.headers[.idempotentReplayed] == nil)
            #expect(try theirs.decode(ImportResultResponse.self).created == 1)
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 2)
        }
    }

    @Test("a row the database refuses after validation is rolled back alone; its neighbours are created")
    func rowRolledBackAlone() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            // 150 user-perceived characters pass validation, but 750 code points break the column's CHECK.
            let family = String(repeating: "👨‍👩‍👧", count: 150)
            let csv =
                header + "\n"
                + "A02010108,联想 E14,联想,E14,台,459900,,,,,\n"
                + "A02010108,\(family),联想,E15,台,459900,,,,,\n"
                + "A02010108,联想 E16,联想,E16,台,459900,,,,,\n"
            let response = try await client.importListings(csv, token: token)
            #expect(response.status == .created)
            let report = try response.decode(ImportResultResponse.self)
            #expect(report.rows.map(\.status) == ["created", "failed", "created"])
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 2)
            #expect(
                try await count("SELECT count(*)::int FROM audit_log WHERE action = 'listing.created'", fixtures) == 2)
            #expect(try await count("SELECT count(*)::int FROM listing_price_history", fixtures) == 2)
            let ids = Set(report.rows.compactMap(\.listingId))
            let stored = try await fixtures.database.query("SELECT id::text FROM listings", logger: TestDatabase.logger)
            var storedIDs: Set<String> = []
            for try await id in stored.decode(String.self) { storedIDs.insert(id) }
            #expect(storedIDs == ids)
        }
    }

    @Test("whole-file problems: malformed CSV 400 naming the line, bad header and empty files 422, other types 415")
    func wholeFileProblems() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            let malformed = try await client.importListings(
                header + "\nA02010108,\"联想 E14,联想,E14,台,459900,,,,,\n", token: token)
            #expect(malformed.status == .badRequest)
            let problem = try malformed.problem()
            #expect(problem.code == "import.malformed")
            #expect(problem.detail.hasPrefix("line 2:"))

            let badHeader = try await client.importListings(
                "title,品牌,brand,model,unit,price\nx,y,z,m,u,1\n", token: token)
            #expect(badHeader.status == .unprocessableContent)
            let headerProblem = try badHeader.problem()
            #expect(headerProblem.code == "import.bad_header")
            #expect(
                Set((headerProblem.errors ?? []).map { "\($0.code) \($0.field)" }) == [
                    "unknown 品牌", "unknown price", "missing categoryCode", "missing priceFen",
                ])

            for body in ["", "\u{FEFF}", header + "\r\n", header + "\n,,,,,,,,,,\n"] {
                let empty = try await client.importListings(body, token: token)
                #expect(empty.status == .unprocessableContent)
                #expect(try empty.problem().code == "import.empty")
            }

            let binary = try await client.importListings([0x41, 0xFF, 0xFF, 0x0A], token: token)
            #expect(binary.status == .badRequest)
            #expect(try binary.problem().code == "import.bad_encoding")

            let json = try await client.importListings("[]", token: token, contentType: "application/json")
            #expect(json.status == .unsupportedMediaType)
            #expect(try json.problem().code == "request.unsupported_media_type")
            let dry = try await client.importListings(header, token: token, query: "?dryRun=maybe")
            #expect(dry.status == .badRequest)
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 0)
        }
    }

    @Test("only suppliers import: a buyer and an operator get 403")
    func suppliersOnly() async throws {
        try await withApp { client, _ in
            for user in ["buyer-a", "ops"] {
                let token = try await client.login(user)
                let response = try await client.importListings(header + "\n", token: token)
                #expect(response.status == .forbidden)
                #expect(try response.problem().code == "auth.forbidden")
            }
        }
    }

    @Test("more than 50 000 rows answers 422 import.too_many_rows before anything is checked")
    func tooManyRows() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            var csv = header + "\n"
            csv.reserveCapacity(50_001 * 40)
            for n in 0...ImportController.maxRows { csv += "A02010108,t\(n),b,m\(n),台,1,,,,,\n" }
            let response = try await client.importListings(csv, token: token)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().code == "import.too_many_rows")
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 0)
        }
    }

    @Test("the import route takes files above the server-wide body limit; other routes still answer 413")
    func ownBodyLimit() async throws {
        let limit = testConfig().bodyLimitBytes
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            var csv = header + "\n"
            var n = 0
            while csv.utf8.count <= 2 * limit {
                csv += "A02010108,大文件导入 \(n),联想,BIG\(n),台,100000,\"内存=16GB;硬盘=512GB SSD\",,5,3,110000\n"
                n += 1
            }
            let response = try await client.importListings(csv, token: token, key: "big-file")
            #expect(response.status == .created)
            let report = try response.decode(ImportResultResponse.self)
            #expect((report.total, report.created, report.failed) == (n, n, 0))
            let body = "{\"title\":\"" + String(repeating: "长", count: limit) + "\"}"
            let other = try await client.execute(
                uri: "/api/v1/listings", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: ByteBuffer(string: body))
            #expect(other.status == .contentTooLarge)
            #expect(try other.problem().code == "request.too_large")
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == n)
        }
    }

    @Test("imports 10 000 rows (benchmark: prints IMPORT_10000_ROWS_SECONDS)")
    func tenThousandRows() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            let categories = ["A02010108", "A02010105", "A02010104", "A02021001", "A02010109"]
            let brands = ["联想", "华为", "惠普", "戴尔", "华硕", "宏碁", "同方", "浪潮"]
            var csv = header + ",imageUrls,fees\n"
            for n in 0..<10_000 {
                let brand = brands[n % brands.count]
                let price = 100_000 + (n * 7919) % 900_000
                csv +=
                    "\(categories[n % categories.count]),\(brand) 商用办公设备 型号\(n) 黑色,\(brand),M\(n),台,\(price),"
                    + "\"内存=16GB;硬盘=512GB SSD;颜色=黑色\",10:\(price - 1000);50:\(price - 5000),\(n % 500),\(n % 30),"
                    + "110000;310000;440300,https://img.example.cn/\(n).jpg,delivery:0:per_line:送货上门\n"
            }
            let start = ContinuousClock.now
            let response = try await client.importListings(csv, token: token, key: "bench-10000")
            let elapsed = ContinuousClock.now - start
            #expect(response.status == .created)
            let report = try response.decode(ImportResultResponse.self)
            #expect((report.total, report.created, report.failed) == (10_000, 10_000, 0))
            #expect(try await count("SELECT count(*)::int FROM listings", fixtures) == 10_000)
            // Each chunk's first prices and audit rows are written in one statement each: one of each per listing,
            // matching it, and the audit rows in the order of the file.
            #expect(
                try await count(
                    """
                    SELECT count(*)::int FROM listing_price_history h JOIN listings l ON l.id = h.listing_id
                    WHERE h.reason = 'created' AND h.old_price_fen IS NULL AND h.new_price_fen = l.price_fen
                    """, fixtures) == 10_000)
            #expect(
                try await count(
                    """
                    SELECT count(DISTINCT a.entity_id)::int FROM audit_log a JOIN listings l ON l.id = a.entity_id
                    WHERE a.action = 'listing.created' AND a.after->>'status' = 'draft'
                    """, fixtures) == 10_000)
            #expect(
                try await count(
                    """
                    SELECT count(*)::int FROM (
                        SELECT l.model, lag(l.model) OVER (ORDER BY a.seq) AS previous
                        FROM audit_log a JOIN listings l ON l.id = a.entity_id WHERE a.action = 'listing.created') x
                    WHERE substr(x.model, 2)::int < substr(x.previous, 2)::int
                    """, fixtures) == 0)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("IMPORT_10000_ROWS_SECONDS=\(String(format: "%.2f", seconds)) (\(csv.utf8.count) bytes of CSV)")
        }
    }
}
