import Foundation
import MallCore
import MallStore

/// A category with its settings.
package struct CategoryResponse: Encodable, Sendable {
    package struct Settings: Encodable, Sendable {
        package var energySaving: String
        package var ecoLabelPriority: Bool
        package var requiredAttributes: [String]
        package var unitHints: [String]
        package var directPurchaseAllowed: Bool
        package var source: String
        /// The category the settings are inherited from (itself or an ancestor), absent when none has any.
        package var inheritedFrom: String?
    }

    package struct PathItem: Encodable, Sendable {
        package var code: String
        package var name: String
    }

    package var code: String
    package var name: String
    package var parentCode: String?
    package var level: Int
    package var isLeaf: Bool
    package var settings: Settings
    package var path: [PathItem]?

    package init(_ record: CatalogStore.CategoryRecord, path: [(code: String, name: String)]? = nil) {
        self.code = record.info.code
        self.name = record.info.name
        self.parentCode = record.parentCode
        self.level = record.level
        self.isLeaf = record.info.isLeaf
        self.settings = Settings(
            energySaving: record.info.energySaving.rawValue, ecoLabelPriority: record.info.ecoLabelPriority,
            requiredAttributes: record.info.requiredAttributes, unitHints: record.info.unitHints,
            directPurchaseAllowed: record.info.directPurchaseAllowed, source: record.greenSource,
            inheritedFrom: record.settingsFrom)
        self.path = path?.map { PathItem(code: $0.code, name: $0.name) }
    }
}

/// `PUT /api/v1/categories/{code}/settings`.
package struct CategorySettingsRequest: Decodable, Sendable {
    package var energySaving: String
    package var ecoLabelPriority: Bool
    package var requiredAttributes: [String]
    package var unitHints: [String]
    package var directPurchaseAllowed: Bool
}

/// A declared reference price (DOMAIN.md §C3).
package struct ReferencePriceBody: Codable, Sendable {
    package var kind: String
    package var source: String
    package var url: String?
    package var priceFen: Fen
    package var capturedAt: Date
}

/// `POST /api/v1/listings`: a new draft listing.
package struct CreateListingRequest: Decodable, Sendable {
    package var categoryCode: String
    package var title: String
    package var brand: String
    package var model: String
    package var specs: [String: JSONValue]?
    package var unit: String
    package var priceFen: Fen
    package var tiers: [PriceTier]?
    package var fees: [DeclaredFee]?
    package var stock: Int64?
    package var leadTimeDays: Int?
    package var deliveryRegions: [String]?
    package var imageUrls: [String]?
    package var greenCertificates: [GreenCertificate]?
    package var governmentOnly: Bool?
    package var referencePrices: [ReferencePriceBody]?
    /// DOMAIN.md §V1: the product's county of origin, when not the supplier's.
    package var originCounty: String?
}

/// `PATCH /api/v1/listings/{id}`: any subset of the fields; absent fields keep their value.
package struct UpdateListingRequest: Decodable, Sendable {
    package var categoryCode: String?
    package var title: String?
    package var brand: String?
    package var model: String?
    package var specs: [String: JSONValue]?
    package var unit: String?
    package var priceFen: Fen?
    package var tiers: [PriceTier]?
    package var fees: [DeclaredFee]?
    package var stock: Int64?
    package var leadTimeDays: Int?
    package var deliveryRegions: [String]?
    package var imageUrls: [String]?
    package var greenCertificates: [GreenCertificate]?
    package var governmentOnly: Bool?
    package var originCounty: String?
}

/// A reason, for reject and delist.
package struct ReasonRequest: Decodable, Sendable {
    package var reason: String
}

/// A listing as the API shows it. `pendingRevision` and `reviewChecks` only for its supplier and operators.
package struct ListingResponse: Encodable, Sendable {
    package struct ReferencePriceResponse: Encodable, Sendable {
        package var id: String
        package var kind: String
        package var source: String
        package var url: String?
        package var priceFen: Fen
        package var capturedAt: Date
    }

    package struct RevisionResponse: Encodable, Sendable {
        package var id: String
        package var status: String
        package var createdAt: Date
        package var reviewedAt: Date?
        package var reason: String?
        package var content: ListingContent
    }

    package var id: String
    package var supplierId: String
    package var supplierName: String
    package var regionCode: String
    package var status: String
    package var version: Int
    package var categoryCode: String
    package var title: String
    package var brand: String
    package var model: String
    package var specs: [String: JSONValue]
    package var unit: String
    package var priceFen: Fen
    package var tiers: [PriceTier]
    package var fees: [DeclaredFee]
    package var stock: Int64
    package var leadTimeDays: Int
    package var deliveryRegions: [String]
    package var imageUrls: [String]
    package var greenCertificates: [GreenCertificate]
    package var governmentOnly: Bool
    package var green: Bool
    package var povertyCounty: Bool
    package var originCounty: String?
    package var rejectReason: String?
    package var delistReason: String?
    package var priceFlaggedAt: Date?
    package var createdAt: Date
    package var updatedAt: Date
    package var approvedAt: Date?
    package var referencePrices: [ReferencePriceResponse]?
    package var pendingRevision: RevisionResponse?
    package var reviewChecks: [ListingRules.ReviewCheck]?

    package init(
        _ record: ListingStore.Record, references: [ListingStore.ReferenceRecord]? = nil,
        pendingRevision: ListingStore.RevisionRecord? = nil, reviewChecks: [ListingRules.ReviewCheck]? = nil
    ) {
        self.id = record.id.description
        self.supplierId = record.supplierID.description
        self.supplierName = record.supplierName
        self.regionCode = record.regionCode
        self.status = record.status.rawValue
        self.version = record.version
        self.categoryCode = record.content.categoryCode
        self.title = record.content.title
        self.brand = record.content.brand
        self.model = record.content.model
        self.specs = record.content.specs
        self.unit = record.content.unit
        self.priceFen = record.content.priceFen
        self.tiers = record.content.tiers
        self.fees = record.content.fees
        self.stock = record.stock
        self.leadTimeDays = record.leadTimeDays
        self.deliveryRegions = record.content.deliveryRegions.map(\.rawValue)
        self.imageUrls = record.content.imageUrls
        self.greenCertificates = record.content.greenCertificates
        self.governmentOnly = record.content.governmentOnly
        self.green = record.green
        self.povertyCounty = record.povertyCounty
        self.originCounty = record.content.originCounty?.rawValue
        self.rejectReason = record.rejectReason
        self.delistReason = record.delistReason
        self.priceFlaggedAt = record.priceFlaggedAt
        self.createdAt = record.createdAt
        self.updatedAt = record.updatedAt
        self.approvedAt = record.approvedAt
        self.referencePrices = references?.map {
            ReferencePriceResponse(
                id: $0.id.description, kind: $0.kind, source: $0.source, url: $0.url, priceFen: $0.priceFen,
                capturedAt: $0.capturedAt)
        }
        self.pendingRevision = pendingRevision.map(RevisionResponse.init)
        self.reviewChecks = reviewChecks
    }
}

extension ListingResponse.RevisionResponse {
    init(_ record: ListingStore.RevisionRecord) {
        self.init(
            id: record.id.description, status: record.status, createdAt: record.createdAt, reviewedAt: record.reviewedAt,
            reason: record.reason, content: record.content)
    }
}

/// One price change.
package struct PriceChangeResponse: Encodable, Sendable {
    package var oldPriceFen: Fen?
    package var newPriceFen: Fen
    package var changedBy: String
    package var changedAt: Date
    package var reason: String
}

/// A listing flagged for a price above a fresh reference.
package struct PriceViolationResponse: Encodable, Sendable {
    package var listing: ListingResponse
    package var lowestReferenceFen: Fen?
    package var flaggedAt: Date?
    package var delistAt: Date
}

extension ListingResponse {
    /// The same document as `Response.json(self)`, written by ``JSONWriter`` (`GET /api/v1/listings/{id}` is the
    /// catalog's hottest read); `nil` for the owner's and operators' view with a pending revision or review
    /// checks, which `Response.json` writes.
    package func written() -> JSONWriter? {
        guard pendingRevision == nil, reviewChecks == nil else { return nil }
        var json = JSONWriter(capacity: 2_048)
        json.object { json in
            json.key("id"); json.string(id)
            json.key("supplierId"); json.string(supplierId)
            json.key("supplierName"); json.string(supplierName)
            json.key("regionCode"); json.string(regionCode)
            json.key("status"); json.string(status)
            json.key("version"); json.int(version)
            json.key("categoryCode"); json.string(categoryCode)
            json.key("title"); json.string(title)
            json.key("brand"); json.string(brand)
            json.key("model"); json.string(model)
            json.key("specs"); json.value(.object(specs))
            json.key("unit"); json.string(unit)
            json.key("priceFen"); json.int(priceFen.rawValue)
            json.key("tiers")
            json.array(tiers) { json, tier in
                json.object { json in
                    json.key("minQuantity"); json.int(tier.minQuantity)
                    json.key("unitPriceFen"); json.int(tier.unitPriceFen.rawValue)
                }
            }
            json.key("fees")
            json.array(fees) { json, fee in
                json.object { json in
                    json.key("kind"); json.string(fee.kind.rawValue)
                    json.key("amountFen"); json.int(fee.amountFen.rawValue)
                    json.key("perUnit"); json.bool(fee.perUnit)
                    json.key("description"); json.string(fee.description)
                }
            }
            json.key("stock"); json.int(stock)
            json.key("leadTimeDays"); json.int(leadTimeDays)
            json.key("deliveryRegions"); json.array(deliveryRegions) { json, code in json.string(code) }
            json.key("imageUrls"); json.array(imageUrls) { json, url in json.string(url) }
            json.key("greenCertificates")
            json.array(greenCertificates) { json, certificate in
                json.object { json in
                    json.key("kind"); json.string(certificate.kind.rawValue)
                    json.key("certifier"); json.string(certificate.certifier)
                    json.key("number"); json.string(certificate.number)
                    json.key("validUntil"); json.string(certificate.validUntil.description)
                }
            }
            json.key("governmentOnly"); json.bool(governmentOnly)
            json.key("green"); json.bool(green)
            json.key("povertyCounty"); json.bool(povertyCounty)
            if let originCounty { json.key("originCounty"); json.string(originCounty) }
            if let rejectReason { json.key("rejectReason"); json.string(rejectReason) }
            if let delistReason { json.key("delistReason"); json.string(delistReason) }
            if let priceFlaggedAt { json.key("priceFlaggedAt"); json.date(priceFlaggedAt) }
            json.key("createdAt"); json.date(createdAt)
            json.key("updatedAt"); json.date(updatedAt)
            if let approvedAt { json.key("approvedAt"); json.date(approvedAt) }
            if let referencePrices {
                json.key("referencePrices")
                json.array(referencePrices) { json, reference in
                    json.object { json in
                        json.key("id"); json.string(reference.id)
                        json.key("kind"); json.string(reference.kind)
                        json.key("source"); json.string(reference.source)
                        if let url = reference.url { json.key("url"); json.string(url) }
                        json.key("priceFen"); json.int(reference.priceFen.rawValue)
                        json.key("capturedAt"); json.date(reference.capturedAt)
                    }
                }
            }
        }
        return json
    }
}
