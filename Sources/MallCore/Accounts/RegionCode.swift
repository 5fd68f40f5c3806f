/// A 6-digit administrative division code (GB/T 2260), e.g. `110101` 东城区.
package struct RegionCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    package let rawValue: String

    /// Accepts exactly six ASCII digits.
    package init?(_ rawValue: String) {
        guard rawValue.utf8.count == 6, rawValue.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        self.rawValue = rawValue
    }

    /// The province code (`XX0000`).
    package var province: RegionCode { RegionCode(unchecked: String(rawValue.prefix(2)) + "0000") }
    /// The prefecture code (`XXYY00`); for a province this is the province itself.
    package var prefecture: RegionCode { RegionCode(unchecked: String(rawValue.prefix(4)) + "00") }
    /// Whether `self` is `other` or lies inside it (province ⊃ prefecture ⊃ county, by code prefix).
    package func isWithin(_ other: RegionCode) -> Bool {
        if other.rawValue.hasSuffix("0000") { return rawValue.prefix(2) == other.rawValue.prefix(2) }
        if other.rawValue.hasSuffix("00") { return rawValue.prefix(4) == other.rawValue.prefix(4) }
        return rawValue == other.rawValue
    }

    private init(unchecked: String) { self.rawValue = unchecked }

    package var description: String { rawValue }
    package static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.rawValue < rhs.rawValue }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let code = RegionCode(raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a region code has 6 digits")
        }
        self = code
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
