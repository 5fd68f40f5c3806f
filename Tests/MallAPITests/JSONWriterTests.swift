import Foundation
import MallAPI
import MallCore
import NIOCore
@testable import MallStore
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
