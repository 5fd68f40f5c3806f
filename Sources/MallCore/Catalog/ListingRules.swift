import Foundation

/// Validation of listing content against its category (DOMAIN.md §C1, §C4, §C5), reporting every bad
/// field at once.
package enum ListingRules {
    /// Limits on free text and lists.
    package static let maxTiers = 10
    package static let maxFees = 10
    package static let maxImages = 20
    package static let maxCertificates = 10
    package static let maxSpecs = 50
    package static let maxDeliveryRegions = 500

    /// Validates `content` for `category` (nil when the code is unknown).
    package static func validate(_ content: ListingContent, category: CategoryInfo?) throws(DomainError) {
        var v = Validator()
        v.text(content.title, "title", maxLength: 200)
        v.text(content.brand, "brand", maxLength: 100)
        v.text(content.model, "model", maxLength: 100)
        v.text(content.unit, "unit", maxLength: 20)
        v.check(content.priceFen.rawValue > 0, "priceFen", "out_of_range", "priceFen must be a positive number of fen")
        v.check(
            content.priceFen.rawValue <= 100_000_000_000, "priceFen", "out_of_range",
            "priceFen is at most 100 000 000 000 (1 billion yuan)")

        if let category {
            v.check(
                category.isLeaf && !category.code.hasPrefix("B"), "categoryCode", "not_leaf",
                category.code.hasPrefix("B")
                    ? "works (B…) are not sold in the mall" : "\(category.code) \(category.name) is not a leaf category")
            for attribute in category.requiredAttributes {
                let value = content.specs[attribute]
                let present: Bool =
                    switch value {
                    case .none, .some(.null): false
                    case .some(.string(let s)): !s.trimmingCharacters(in: .whitespaces).isEmpty
                    default: true
                    }
                v.check(present, "specs.\(attribute)", "required", "\(category.name) listings state \(attribute)")
            }
        } else {
            v.check(false, "categoryCode", "unknown", "\(content.categoryCode) is not in the 2022 category catalogue")
        }

        v.check(content.specs.count <= maxSpecs, "specs", "too_many", "at most \(maxSpecs) spec attributes")
        for (key, _) in content.specs {
            v.check(!key.isEmpty && key.count <= 50, "specs", "invalid_key", "spec names have 1 to 50 characters")
        }

        // Tiers: strictly increasing quantities from 2 on, each price at most the previous one (DOMAIN.md §P4:
        // unit price never rises with quantity).
        v.check(content.tiers.count <= maxTiers, "tiers", "too_many", "at most \(maxTiers) tiers")
        var previousQuantity: Int64 = 1
        var previousPrice = content.priceFen
        for (index, tier) in content.tiers.enumerated() {
            v.check(
                tier.minQuantity > previousQuantity && tier.minQuantity <= 10_000_000, "tiers[\(index)].minQuantity",
                "not_increasing", "tier quantities increase from 2 on")
            v.check(
                tier.unitPriceFen.rawValue > 0 && tier.unitPriceFen <= previousPrice, "tiers[\(index)].unitPriceFen",
                "not_decreasing", "a tier's unit price is positive and at most the price before it")
            previousQuantity = max(previousQuantity, tier.minQuantity)
            previousPrice = min(previousPrice, tier.unitPriceFen)
        }

        v.check(content.fees.count <= maxFees, "fees", "too_many", "at most \(maxFees) fees")
        for (index, fee) in content.fees.enumerated() {
            v.check(
                fee.amountFen.rawValue >= 0 && fee.amountFen.rawValue <= 10_000_000_000, "fees[\(index)].amountFen",
                "out_of_range", "a fee is 0 to 100 000 000 yuan")
            v.text(fee.description, "fees[\(index)].description", maxLength: 200, required: false)
        }
        v.check(
            Set(content.fees.map { "\($0.kind.rawValue)|\($0.perUnit)" }).count == content.fees.count, "fees",
            "duplicate", "declare each kind of fee once")

        v.check(
            content.deliveryRegions.count <= maxDeliveryRegions, "deliveryRegions", "too_many",
            "at most \(maxDeliveryRegions) regions")
        v.check(content.imageUrls.count <= maxImages, "imageUrls", "too_many", "at most \(maxImages) images")
        for (index, url) in content.imageUrls.enumerated() {
            let ok = url.count <= 500 && (url.hasPrefix("https://") || url.hasPrefix("http://"))
                && URL(string: url)?.host?.isEmpty == false
            v.check(ok, "imageUrls[\(index)]", "invalid", "an image is an http(s) URL of at most 500 characters")
        }
        v.check(
            content.greenCertificates.count <= maxCertificates, "greenCertificates", "too_many",
            "at most \(maxCertificates) certificates")
        for (index, certificate) in content.greenCertificates.enumerated() {
            v.text(certificate.certifier, "greenCertificates[\(index)].certifier", maxLength: 100)
            v.text(certificate.number, "greenCertificates[\(index)].number", maxLength: 100)
        }
        try v.validate()
    }

    /// The review checks of DOMAIN.md §C2 an operator sees before approving: blocking ones refuse approval.
    package struct ReviewCheck: Sendable, Equatable, Codable {
        package var code: String
        package var message: String
        package var blocking: Bool

        package init(code: String, message: String, blocking: Bool) {
            self.code = code
            self.message = message
            self.blocking = blocking
        }
    }

    /// Checks a listing for review: government-only and duplicates block; an odd unit of measure and a
    /// missing certificate in a mandatory energy-saving category are shown.
    package static func reviewChecks(
        _ content: ListingContent, category: CategoryInfo?, hasDuplicate: Bool, today: LocalDate
    ) -> [ReviewCheck] {
        var checks: [ReviewCheck] = []
        if content.governmentOnly {
            checks.append(
                .init(
                    code: DomainError.Code.governmentOnly.rawValue,
                    message: "marked government-only (专供/特配): such products may not be listed", blocking: true))
        }
        if hasDuplicate {
            checks.append(
                .init(
                    code: DomainError.Code.duplicateListing.rawValue,
                    message: "this supplier already lists the same brand, model and specs", blocking: true))
        }
        if let category, !category.unitHints.isEmpty,
            !category.unitHints.contains(where: { TextFolding.compact($0) == TextFolding.compact(content.unit) })
        {
            checks.append(
                .init(
                    code: "listing.unusual_unit",
                    message: "unit \(content.unit) is not one of \(category.unitHints.joined(separator: ", ")) "
                        + "for \(category.name): check it does not make the price look lower",
                    blocking: false))
        }
        if let category, category.energySaving == .mandatory,
            !content.greenCertificates.contains(where: { $0.kind == .energySaving && $0.isValid(on: today) })
        {
            checks.append(
                .init(
                    code: "listing.certificate_missing",
                    message: "\(category.name) is on the mandatory energy-saving list: orders need a valid certificate",
                    blocking: false))
        }
        return checks
    }
}
