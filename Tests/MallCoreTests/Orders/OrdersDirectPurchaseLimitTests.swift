import MallCore
import PropertyBased
import Testing

@Suite("Direct purchase max per order (DOMAIN.md §O3)")
struct OrdersDirectPurchaseLimitTests {
    static func region(_ code: String) -> RegionCode {
        guard let region = RegionCode(code) else { preconditionFailure("not a region literal: \(code)") }
        return region
    }

    /// 浙江 raises the limit, 杭州西湖区 lowers it again; computers have their own limit nationally and in 浙江.
    let limits = DirectPurchaseLimits(overrides: [
        .init(regionPrefix: "33", max: .yuan(400_000)),
        .init(regionPrefix: "330106", max: .yuan(100_000)),
        .init(categoryPrefix: "A0201", max: .yuan(300_000)),
        .init(regionPrefix: "33", categoryPrefix: "A0201", max: .yuan(500_000)),
        .init(regionPrefix: "3301", categoryPrefix: "A020101", max: .yuan(600_000)),
    ])

    @Test("§O3 the default max is 200 000 yuan = 20 000 000 fen; the total may equal it but not exceed it")
    func defaultMax() throws {
        let limits = DirectPurchaseLimits()
        #expect(limits.defaultMax == Fen(20_000_000))
        let beijing = Self.region("110101")
        try limits.check(total: Fen(20_000_000), region: beijing, category: "A02010105")
        do {
            try limits.check(total: Fen(20_000_001), region: beijing, category: "A02010105")
            Issue.record("expected order.direct_purchase_limit_exceeded")
        } catch {
            #expect(error.code == .directPurchaseLimitExceeded)
            #expect(error.message.contains("competition"))
            #expect(error.fields.map(\.field) == ["totalFen"])
        }
    }

    @Test(
        "§O3 the most specific override wins: longest region prefix first, then longest category prefix",
        arguments: [
            // (region, category, expected max in yuan)
            ("110101", "A02010105", Int64(300_000)),  // national category rule
            ("110101", "A05010101", 200_000),  // nothing applies: default
            ("330302", "A05010101", 400_000),  // 浙江 general
            ("330302", "A02010105", 500_000),  // 浙江 computers beat 浙江 general and the national computer rule
            ("330102", "A02010105", 600_000),  // 杭州 desktop computers (region 4 beats region 2)
            ("330102", "A02010201", 500_000),  // 杭州, other A0201: the 浙江 computer rule
            ("330106", "A02010105", 100_000),  // 西湖区 general (region 6) beats 杭州 and 浙江 category rules
            ("330106", "A05010101", 100_000),
        ])
    func precedence(region: String, category: String, yuan: Int64) {
        #expect(limits.limit(region: Self.region(region), category: category).max == .yuan(yuan))
    }

    @Test("§O3 the resolved limit names the override that set it, or none for the default")
    func resolvedSource() {
        let resolved = limits.limit(region: Self.region("330302"), category: "A02010105")
        #expect(resolved.override == .init(regionPrefix: "33", categoryPrefix: "A0201", max: .yuan(500_000)))
        #expect(limits.limit(region: Self.region("110101"), category: "A05010101").override == nil)
    }

    @Test("§O3 an order spanning several categories is held to the lowest of their limits")
    func severalCategories() throws {
        let beijing = Self.region("110101")
        try limits.check(total: .yuan(250_000), region: beijing, categories: ["A02010105"])
        #expect(throws: DomainError.self) {
            try limits.check(total: .yuan(250_000), region: beijing, categories: ["A02010105", "A05010101"])
        }
    }

    @Test("§O3 configuration with duplicate prefixes or a negative max is refused")
    func validation() throws {
        try limits.validate()
        let duplicate = DirectPurchaseLimits(overrides: [
            .init(regionPrefix: "33", max: .yuan(1)), .init(regionPrefix: "33", max: .yuan(2)),
        ])
        #expect(throws: DomainError.self) { try duplicate.validate() }
        #expect(throws: DomainError.self) { try DirectPurchaseLimits(defaultMax: Fen(-1)).validate() }
    }

    @Test("§O3 check refuses exactly the totals above the resolved limit")
    func checkMatchesLimit() async {
        let regions = ["110101", "330302", "330102", "330106"]
        let categories = ["A02010105", "A02010201", "A05010101"]
        await propertyCheck(
            input: Gen.int(in: 0...3), Gen.int(in: 0...2), Gen.int64(in: 0...100_000_000)
        ) { r, c, total in
            let region = Self.region(regions[r])
            let max = limits.limit(region: region, category: categories[c]).max
            let code = Self.code { () throws(DomainError) in
                try limits.check(total: Fen(total), region: region, category: categories[c])
            }
            #expect(code == (Fen(total) > max ? .directPurchaseLimitExceeded : nil))
        }
    }

    /// The error code `body` throws, or `nil`.
    static func code(_ body: () throws(DomainError) -> Void) -> DomainError.Code? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }
}
