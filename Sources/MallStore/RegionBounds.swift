import MallCore

/// The codes of a region and everything inside it, as a range of 6-digit codes (`530000`…`539999` for 云南):
/// an index can serve it, unlike a `LIKE` under a non-C collation.
package struct RegionBounds: Sendable, Equatable {
    package var low: String
    package var high: String

    package init(_ region: RegionCode) {
        let prefix = OrderStore.prefix(of: region)
        low = prefix + String(repeating: "0", count: 6 - prefix.count)
        high = prefix + String(repeating: "9", count: 6 - prefix.count)
    }
}
