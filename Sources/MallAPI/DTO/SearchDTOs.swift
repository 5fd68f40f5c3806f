import Foundation
import MallCore
import MallStore

/// One approved listing in the results of `GET /api/v1/catalog/search`.
package struct SearchItemResponse: Encodable, Sendable {
    package var id: ID<Listing>
    package var title: String
    package var brand: String
    package var model: String
    package var categoryCode: String
    package var unit: String
    package var priceFen: Fen
    package var green: Bool
    package var povertyCounty: Bool
    package var supplierId: ID<Organisation>
    package var supplierName: String
    package var leadTimeDays: Int
    package var approvedAt: Date

    package init(_ hit: SearchStore.Hit) {
        self.id = hit.id
        self.title = hit.title
        self.brand = hit.brand
        self.model = hit.model
        self.categoryCode = hit.categoryCode
        self.unit = hit.unit
        self.priceFen = hit.priceFen
        self.green = hit.green
        self.povertyCounty = hit.povertyCounty
        self.supplierId = hit.supplierID
        self.supplierName = hit.supplierName
        self.leadTimeDays = hit.leadTimeDays
        self.approvedAt = hit.approvedAt
    }
}

/// Counts over the matches of a search: `{ "categories": [...], "brands": [...], "green": {...}, ... }`.
package struct SearchFacetsResponse: Encodable, Sendable {
    package struct CategoryCount: Encodable, Sendable {
        package var code: String
        package var name: String
        package var count: Int
    }

    package struct BrandCount: Encodable, Sendable {
        package var brand: String
        package var count: Int
    }

    /// `{ "true": n, "false": m }`: matches with the flag and without it.
    package struct FlagCounts: Encodable, Sendable {
        package var withFlag: Int
        package var withoutFlag: Int

        enum CodingKeys: String, CodingKey {
            case withFlag = "true"
            case withoutFlag = "false"
        }
    }

    package var categories: [CategoryCount]
    package var brands: [BrandCount]
    package var green: FlagCounts
    package var povertyCounty: FlagCounts

    package init(_ facets: SearchStore.Facets) {
        self.categories = facets.categories.map { CategoryCount(code: $0.code, name: $0.name, count: $0.count) }
        self.brands = facets.brands.map { BrandCount(brand: $0.brand, count: $0.count) }
        self.green = FlagCounts(withFlag: facets.green.yes, withoutFlag: facets.green.no)
        self.povertyCounty = FlagCounts(withFlag: facets.povertyCounty.yes, withoutFlag: facets.povertyCounty.no)
    }
}

/// A page of search results: `{ "items", "nextCursor", "facets", "total", "totalIsCapped" }`.
package struct SearchResponse: Encodable, Sendable {
    package var items: [SearchItemResponse]
    package var nextCursor: String?
    package var facets: SearchFacetsResponse
    /// The number of matches, at most the count cap.
    package var total: Int
    /// More listings match than `total`; the facets then count the newest `total` of them.
    package var totalIsCapped: Bool

    package init(hits: [SearchStore.Hit], next: SearchStore.After?, facets: SearchStore.Facets) {
        self.items = hits.map(SearchItemResponse.init)
        self.nextCursor = next?.cursor.encoded
        self.facets = SearchFacetsResponse(facets)
        self.total = facets.total
        self.totalIsCapped = facets.isCapped
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor, facets, total, totalIsCapped }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)  // explicit null, as documented
        try container.encode(facets, forKey: .facets)
        try container.encode(total, forKey: .total)
        try container.encode(totalIsCapped, forKey: .totalIsCapped)
    }
}

extension SearchResponse {
    /// The same document as `Response.json(self)`, written by ``JSONWriter`` (the search endpoint's hot path).
    package func written() -> JSONWriter {
        var json = JSONWriter(capacity: 1_024 + items.count * 512)
        json.object { json in
            json.key("items")
            json.array(items) { json, item in
                json.object { json in
                    json.key("id"); json.string(item.id.description)
                    json.key("title"); json.string(item.title)
                    json.key("brand"); json.string(item.brand)
                    json.key("model"); json.string(item.model)
                    json.key("categoryCode"); json.string(item.categoryCode)
                    json.key("unit"); json.string(item.unit)
                    json.key("priceFen"); json.int(item.priceFen.rawValue)
                    json.key("green"); json.bool(item.green)
                    json.key("povertyCounty"); json.bool(item.povertyCounty)
                    json.key("supplierId"); json.string(item.supplierId.description)
                    json.key("supplierName"); json.string(item.supplierName)
                    json.key("leadTimeDays"); json.int(item.leadTimeDays)
                    json.key("approvedAt"); json.date(item.approvedAt)
                }
            }
            json.key("nextCursor"); json.string(nextCursor)
            json.key("facets")
            json.object { json in
                json.key("categories")
                json.array(facets.categories) { json, category in
                    json.object { json in
                        json.key("code"); json.string(category.code)
                        json.key("name"); json.string(category.name)
                        json.key("count"); json.int(category.count)
                    }
                }
                json.key("brands")
                json.array(facets.brands) { json, brand in
                    json.object { json in
                        json.key("brand"); json.string(brand.brand)
                        json.key("count"); json.int(brand.count)
                    }
                }
                json.key("green")
                json.object { json in
                    json.key("true"); json.int(facets.green.withFlag)
                    json.key("false"); json.int(facets.green.withoutFlag)
                }
                json.key("povertyCounty")
                json.object { json in
                    json.key("true"); json.int(facets.povertyCounty.withFlag)
                    json.key("false"); json.int(facets.povertyCounty.withoutFlag)
                }
            }
            json.key("total"); json.int(total)
            json.key("totalIsCapped"); json.bool(totalIsCapped)
        }
        return json
    }
}
