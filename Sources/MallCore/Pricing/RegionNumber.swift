/// A region code as a number (`110101`), so that the hot path checks region containment with integer
/// arithmetic instead of string slicing. Same rule as `RegionCode.isWithin`: a code ending in `0000` covers
/// its province, one ending in `00` its prefecture, any other only itself.
struct RegionNumber: Sendable, Hashable {
    /// The six digits as a number.
    let value: Int32

    /// Converts a (valid, six-digit) region code.
    init(_ code: RegionCode) {
        var value: Int32 = 0
        var raw = code.rawValue  // six ASCII digits: always a small (inline) string, so this copy is free
        raw.withUTF8 { digits in
            for digit in digits { value = value &* 10 &+ Int32(truncatingIfNeeded: digit &- 48) }
        }
        self.value = value
    }

    /// How specifically this scope covers `region`: 1 as its province, 2 as its prefecture, 3 as the exact
    /// county; 0 when `region` is outside it.
    @inline(__always)
    func specificity(covering region: RegionNumber) -> Int {
        if value % 10_000 == 0 { return region.value / 10_000 == value / 10_000 ? 1 : 0 }
        if value % 100 == 0 { return region.value / 100 == value / 100 ? 2 : 0 }
        return region.value == value ? 3 : 0
    }

    /// The most specific match among `scopes` for `region`: 0 when no scope covers it.
    @inline(__always)
    static func bestSpecificity(of scopes: [RegionNumber], covering region: RegionNumber) -> Int {
        scopes.withUnsafeBufferPointer { scopes in
            var best = 0
            for index in scopes.indices { best = max(best, scopes[index].specificity(covering: region)) }
            return best
        }
    }
}
