/// Marker type for listing ids.
package enum Listing {}
/// Marker type for listing revision ids.
package enum ListingRevision {}
/// Marker type for reference price ids.
package enum ReferencePrice {}

/// A quantity price tier: from `minQuantity` units on, each unit costs `unitPrice`.
package struct PriceTier: Codable, Sendable, Equatable, Hashable {
    package var minQuantity: Int64
    package var unitPriceFen: Fen

    package init(minQuantity: Int64, unitPriceFen: Fen) {
        self.minQuantity = minQuantity
        self.unitPriceFen = unitPriceFen
    }
}

/// An extra fee declared on the listing (DOMAIN.md §C4): only declared fees can ever appear on an order.
package struct DeclaredFee: Codable, Sendable, Equatable, Hashable {
    package enum Kind: String, Codable, Sendable, CaseIterable { case installation, delivery, parts, other }
    package var kind: Kind
    package var amountFen: Fen
    /// Charged per unit (`true`) or once per order line (`false`).
    package var perUnit: Bool
    package var description: String

    package init(kind: Kind, amountFen: Fen, perUnit: Bool, description: String) {
        self.kind = kind
        self.amountFen = amountFen
        self.perUnit = perUnit
        self.description = description
    }
}

/// A green certificate (DOMAIN.md §C5): energy-saving or eco-label, with certifier, number and expiry.
package struct GreenCertificate: Codable, Sendable, Equatable, Hashable {
    package enum Kind: String, Codable, Sendable, CaseIterable {
        case energySaving = "energy_saving"
        case ecoLabel = "eco_label"
    }
    package var kind: Kind
    package var certifier: String
    package var number: String
    package var validUntil: LocalDate

    package init(kind: Kind, certifier: String, number: String, validUntil: LocalDate) {
        self.kind = kind
        self.certifier = certifier
        self.number = number
        self.validUntil = validUntil
    }

    /// Valid on `date` (inclusive).
    package func isValid(on date: LocalDate) -> Bool { validUntil >= date }
}

/// What a supplier says about a product: everything a review looks at. Stock and lead time are kept
/// outside (they change daily and never need review).
package struct ListingContent: Codable, Sendable, Equatable {
    package var categoryCode: String
    package var title: String
    package var brand: String
    package var model: String
    package var specs: [String: JSONValue]
    package var unit: String
    package var priceFen: Fen
    package var tiers: [PriceTier]
    package var fees: [DeclaredFee]
    package var deliveryRegions: [RegionCode]
    package var imageUrls: [String]
    package var greenCertificates: [GreenCertificate]
    package var governmentOnly: Bool
    /// DOMAIN.md §V1: the county the product comes from (a farm product sold by an agent); `nil` means the
    /// supplier's registered county. A product is an 832 product when this county is on the list in force.
    package var originCounty: RegionCode?

    package init(
        categoryCode: String, title: String, brand: String, model: String, specs: [String: JSONValue] = [:],
        unit: String, priceFen: Fen, tiers: [PriceTier] = [], fees: [DeclaredFee] = [],
        deliveryRegions: [RegionCode] = [], imageUrls: [String] = [], greenCertificates: [GreenCertificate] = [],
        governmentOnly: Bool = false, originCounty: RegionCode? = nil
    ) {
        self.categoryCode = categoryCode
        self.title = title
        self.brand = brand
        self.model = model
        self.specs = specs
        self.unit = unit
        self.priceFen = priceFen
        self.tiers = tiers
        self.fees = fees
        self.deliveryRegions = deliveryRegions
        self.imageUrls = imageUrls
        self.greenCertificates = greenCertificates
        self.governmentOnly = governmentOnly
        self.originCounty = originCounty
    }

    /// Whether any certificate is valid on `date` (the search filter `green`).
    package func isGreen(on date: LocalDate) -> Bool { greenCertificates.contains { $0.isValid(on: date) } }

    /// Brand + model + specs after normalisation (DOMAIN.md §C2): two listings of one supplier with the same
    /// key are duplicates, whatever their spacing, width or letter case.
    package var duplicateKey: String {
        let specText = specs.keys.sorted().map { key in
            "\(TextFolding.compact(key))=\(TextFolding.compact(Self.text(of: specs[key] ?? .null)))"
        }.joined(separator: ";")
        return [TextFolding.compact(brand), TextFolding.compact(model), specText].joined(separator: "|")
    }

    private static func text(of value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .string(let s): s
        case .array(let items): items.map(text(of:)).joined(separator: ",")
        case .object(let object): object.keys.sorted().map { "\($0):\(text(of: object[$0] ?? .null))" }.joined(separator: ",")
        }
    }
}

/// Text folding shared by duplicate detection and search: full-width forms (U+FF01–U+FF5E, U+3000) to
/// their ASCII counterparts, then lower case; the SQL function `mall_normalize` does the same.
package enum TextFolding {
    package static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalars.append(ascii)
            } else if scalar.value == 0x3000 {
                scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars).lowercased()
    }

    /// Folded, with whitespace and common punctuation removed: for equality checks.
    package static func compact(_ text: String) -> String {
        String(fold(text).unicodeScalars.filter { !$0.properties.isWhitespace && !"-_/.,·、，。".unicodeScalars.contains($0) }
            .map(Character.init))
    }
}
