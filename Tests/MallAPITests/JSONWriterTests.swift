import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import NIOCore
import PostgresNIO
@testable import MallStore
import MallTestSupport
import Testing

/// The hand-written JSON of the hot read paths is the document `JSONEncoder` writes for the same values.
@Suite("JSON writer")
struct JSONWriterTests {
    static func parsed(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    static func encoded(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    @Test("a search page: escaping, instants, null and non-null cursors, facets")
    func searchResponse() throws {
        let awkward = ["彩色激光打印机 \"专业版\"", "back\\slash / slash", "tab\tnew\nline\r\u{01}\u{1F}", "emoji 🖨️", ""]
        let instants = [
            Date(timeIntervalSince1970: 1_772_413_200.999_9), Date(timeIntervalSince1970: -0.5),
            Date(timeIntervalSince1970: 951_782_400), Date(timeIntervalSince1970: 4_102_444_799),
        ]
        let hits = awkward.enumerated().map { index, text in
            SearchStore.Hit(
                id: ID(UUID()), title: text, brand: awkward[(index + 1) % awkward.count], model: "M454dn",
                categoryCode: "A02021004", unit: "台", priceFen: Fen(Int64(index) * 123_456), green: index % 2 == 0,
                povertyCounty: index % 3 == 0, supplierID: ID(UUID()), supplierName: text, leadTimeDays: index,
                approvedAt: instants[index % instants.count], approvedAtKey: "", score: index)
        }
        let facets = SearchStore.Facets(
            total: 500, isCapped: true,
            categories: [.init(code: "A02021004", name: "彩色激光打印机", count: 7), .init(code: "A02010105", name: "", count: 1)],
            brands: [.init(brand: "惠普", count: 5), .init(brand: "a\"b", count: 2)],
            green: .init(yes: 3, no: 4), povertyCounty: .init(yes: 0, no: 7))
        for next in [nil, SearchStore.After.newest(approvedAt: "2026-03-02T01:00:00.000000Z", id: UUID())] {
            for page in [hits, []] {
                let response = SearchResponse(hits: page, next: next, facets: facets)
                let written = response.written().buffer
                let mine = try Self.parsed(Data(written.readableBytesView))
                let theirs = try Self.parsed(try Self.encoded(response))
                #expect(mine == theirs)
            }
        }
    }
}

@Suite("JSON writer: listings")
struct ListingJSONWriterTests {
    @Test("GET /api/v1/listings/{id} writes what JSONEncoder writes for the same listing, with every optional part")
    func listingResponse() async throws {
        try await withApp { client, fixtures in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            let body = Catalog.listingBody(
                title: "彩色激光打印机 \"商用\"/A4", extra: ["specs": ["幅面": "A4", "颜色": "彩色", "备注": "含\\n换行\t与引号\""]])
            let listing = try await Catalog.approved(client, supplier: supplier, operatorToken: op, body: body)
            let reference: [String: Any] = [
                "kind": "manufacturer", "source": "惠普官网", "url": "https://item.jd.com/1.html", "priceFen": 309_900,
                "capturedAt": "2026-03-01T08:30:15Z",
            ]
            let added = try await Catalog.send(
                client, .post, "/api/v1/listings/\(listing.id)/reference-prices", token: op, body: reference)
            #expect(added.status == .created, "\(String(buffer: added.body))")
            let buyer = try await client.login("buyer-a")
            let response = try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)", token: buyer)
            #expect(response.status == .ok)
            #expect(response.headers[.eTag] == "\"\(listing.version)\"")
            let store = ListingStore(database: fixtures.database, ids: IDGenerator { UUID() }, priceControl: PriceControl())
            let found = try await store.listingWithReferences(
                id: try #require(ID<Listing>(listing.id)), logger: TestDatabase.logger)
            let (record, references) = try #require(found)
            #expect(record.priceFlaggedAt != nil && !references.isEmpty)
            let expected = ListingResponse(record, references: references)
            #expect(expected.written() != nil)
            let mine = try JSONWriterTests.parsed(Data(response.body.readableBytesView))
            let theirs = try JSONWriterTests.parsed(try JSONWriterTests.encoded(expected))
            #expect(mine == theirs)
        }
    }

    @Test("price tiers as stored read the same through the fast path and through JSONDecoder")
    func tiersReadLikeJSONDecoder() async throws {
        try await withApp { client, fixtures in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            let listing = try await Catalog.approved(client, supplier: supplier, operatorToken: op, body: Catalog.listingBody())
            let id = try #require(ID<Listing>(listing.id))
            let store = ListingStore(database: fixtures.database, ids: IDGenerator { UUID() }, priceControl: PriceControl())
            for stored in [
                "[]", #"[{"minQuantity": 10, "unitPriceFen": 33368}, {"minQuantity": 50, "unitPriceFen": 31992}]"#,
                #"[{"unitPriceFen": 900, "minQuantity": 5}]"#,
                #"[{"minQuantity": 5, "unitPriceFen": 900, "note": "旧数据"}, {"minQuantity": 9, "unitPriceFen": 800}]"#,
                #"[{"minQuantity": 9007199254740993, "unitPriceFen": -1}]"#,
            ] {
                try await fixtures.database.query(
                    "UPDATE listings SET tiers = \(stored)::jsonb WHERE id = \(id.uuid)", logger: TestDatabase.logger)
                let record = try #require(try await store.listing(id: id, logger: TestDatabase.logger))
                let expected = try JSONDecoder().decode([PriceTier].self, from: Data(stored.utf8))
                #expect(record.content.tiers == expected, "\(stored)")
            }
        }
    }
}
