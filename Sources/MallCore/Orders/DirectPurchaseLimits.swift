/// The direct purchase max per order (DOMAIN.md §O3): above it a direct-purchase order is refused and the unit
/// runs a competition instead. The national default is 200 000 yuan (configuration, "(default; local)");
/// regions and categories override it.
///
/// **Precedence (most specific wins).** An override applies when its region prefix is a prefix of the order's
/// region code and its category prefix a prefix of the category code (a `nil` prefix matches everything).
/// Among the applicable overrides the one with the **longest region prefix** wins, and among those the one with
/// the **longest category prefix**: the most local authority's rules apply as a whole (a county's general rule
/// beats its province's category rule), and within one authority the most specific category wins. Two
/// overrides with the same prefixes are a configuration error (`validate()`); should they reach `limit`
/// anyway, the lower max applies. With no applicable override, `defaultMax` applies.
package struct DirectPurchaseLimits: Sendable, Hashable {
    /// One configured override.
    package struct Override: Sendable, Hashable, Codable {
        /// Leading digits of the region code, e.g. `33` (浙江), `3301` (杭州), `330106`; `nil` for every region.
        package var regionPrefix: String?
        /// Leading characters of the category code, e.g. `A02` or `A0201`; `nil` for every category.
        package var categoryPrefix: String?
        /// The max order total where the override applies.
        package var max: Fen

        /// Creates an override.
        package init(regionPrefix: String? = nil, categoryPrefix: String? = nil, max: Fen) {
            self.regionPrefix = regionPrefix
            self.categoryPrefix = categoryPrefix
            self.max = max
        }

        /// Whether the override applies to an order in `region` for `category`.
        package func applies(region: RegionCode, category: String) -> Bool {
            region.rawValue.hasPrefix(regionPrefix ?? "") && category.hasPrefix(categoryPrefix ?? "")
        }
    }

    /// The limit that applies to one (region, category), and where it comes from.
    package struct Resolved: Sendable, Hashable {
        /// The max order total.
        package var max: Fen
        /// The override that set it, or `nil` for the default.
        package var override: Override?
    }

    /// The limit where no override applies (default 200 000 yuan = 20 000 000 fen).
    package var defaultMax: Fen
    /// The overrides, in any order (precedence does not depend on it).
    package var overrides: [Override]

    /// Creates the settings.
    package init(defaultMax: Fen = .yuan(200_000), overrides: [Override] = []) {
        self.defaultMax = defaultMax
        self.overrides = overrides
    }

    /// Throws `config.invalid` for a negative max or two overrides with the same prefixes.
    package func validate() throws(DomainError) {
        if defaultMax < .zero { throw DomainError(.configInvalid, "the direct purchase max cannot be negative") }
        var seen = Set<[String?]>()
        for override in overrides {
            if override.max < .zero {
                throw DomainError(.configInvalid, "a direct purchase max cannot be negative")
            }
            guard seen.insert([override.regionPrefix, override.categoryPrefix]).inserted else {
                throw DomainError(
                    .configInvalid,
                    "two direct purchase overrides for region \(override.regionPrefix ?? "*") and category "
                        + "\(override.categoryPrefix ?? "*")")
            }
        }
    }

    /// The limit for an order in `region` for `category` (precedence above).
    package func limit(region: RegionCode, category: String) -> Resolved {
        let best = overrides.filter { $0.applies(region: region, category: category) }.min { a, b in
            let ka = (a.regionPrefix?.count ?? 0, a.categoryPrefix?.count ?? 0)
            let kb = (b.regionPrefix?.count ?? 0, b.categoryPrefix?.count ?? 0)
            if ka != kb { return ka > kb }  // more specific first
            return a.max < b.max
        }
        return Resolved(max: best?.max ?? defaultMax, override: best)
    }

    /// Refuses a direct-purchase order whose `total` is above the limit for (`region`, `category`) with
    /// `order.direct_purchase_limit_exceeded`, whose message points the unit to a competition (DOMAIN.md §O3).
    /// A total equal to the limit is allowed.
    package func check(total: Fen, region: RegionCode, category: String) throws(DomainError) {
        try check(total: total, region: region, categories: [category])
    }

    /// Like `check(total:region:category:)` for an order whose lines span several categories: the lowest of their
    /// limits applies.
    package func check(total: Fen, region: RegionCode, categories: [String]) throws(DomainError) {
        let binding = categories.map { ($0, limit(region: region, category: $0)) }.min { $0.1.max < $1.1.max }
        let max = binding?.1.max ?? defaultMax
        guard total > max else { return }
        let scope = binding.map { " for category \($0.0) in region \(region)" } ?? ""
        throw DomainError(
            .directPurchaseLimitExceeded,
            "the order total of \(total) yuan is above the direct purchase max of \(max) yuan\(scope): "
                + "buy it through a competition (竞价) instead (DOMAIN.md §O3)",
            fields: [
                .init(field: "totalFen", code: "above_direct_purchase_max", message: "at most \(max.rawValue) fen")
            ])
    }
}
