import MallCore
import Testing

/// One table per rule of DOMAIN.md §P (and §C3, §C4 as they enter a price), each quoting its rule.
@Suite("Pricing engine rules (DOMAIN.md §P)")
struct PricingRuleTests {
    typealias F = PricingFixtures

    // MARK: - §P1

    /// A named scenario with the reason codes it must produce and the caps that must be named as bound.
    struct BreakdownCase: Sendable, CustomTestStringConvertible {
        var name: String
        var line: LineInput
        var reasons: [PricingReason]
        var boundCaps: [PricingReason]
        var unitPriceFen: Int64
        var lineAmountFen: Int64
        var totalFen: Int64
        var testDescription: String { name }
    }

    static let fullTiers = [F.tier(10, 9_500), F.tier(50, 9_000)]
    static let delivery = FeeRule(kind: .delivery, amountFen: Fen(2_000), perUnit: false, label: "送货")

    static let breakdownCases: [BreakdownCase] = [
        BreakdownCase(
            name: "a bare listing: base price, line amount and rounding only",
            line: F.line(price: 10_000, quantity: 3), reasons: [.basePrice, .lineAmount, .rounding], boundCaps: [],
            unitPriceFen: 10_000, lineAmountFen: 30_000, totalFen: 30_000),
        BreakdownCase(
            name: "every step in order; no cap binds under a 5 % promotion",
            line: F.line(
                price: 10_000, quantity: 10, tiers: fullTiers, fees: [delivery],
                agreement: AgreementTerms(reference: "FA-1", agreedPriceFen: Fen(9_200)), reference: 9_300,
                promotions: [F.promotion("SPRING", .percentOff(.percent(5)))]),
            reasons: [
                .basePrice, .quantityTier, .promotion, .agreementCap, .referenceCap, .lineAmount, .rounding,
                .deliveryFee,
            ],
            boundCaps: [], unitPriceFen: 9_500, lineAmountFen: 90_250, totalFen: 92_250),
        BreakdownCase(
            name: "the agreed price binds over a 2 % promotion and is named",
            line: F.line(
                price: 10_000, quantity: 10, tiers: fullTiers,
                agreement: AgreementTerms(reference: "FA-1", agreedPriceFen: Fen(9_200)), reference: 9_300,
                promotions: [F.promotion("SPRING", .percentOff(.percent(2)))]),
            reasons: [.basePrice, .quantityTier, .promotion, .agreementCap, .referenceCap, .lineAmount, .rounding],
            boundCaps: [.agreementCap], unitPriceFen: 9_200, lineAmountFen: 92_000, totalFen: 92_000),
        BreakdownCase(
            name: "both caps bind and both are named",
            line: F.line(
                price: 10_000, quantity: 10,
                agreement: AgreementTerms(reference: "FA-1", agreedPriceFen: Fen(9_200)), reference: 9_000),
            reasons: [.basePrice, .agreementCap, .referenceCap, .lineAmount, .rounding],
            boundCaps: [.agreementCap, .referenceCap], unitPriceFen: 9_000, lineAmountFen: 90_000, totalFen: 90_000),
        BreakdownCase(
            name: "a promotion outside its window is not a step",
            line: F.line(
                price: 10_000, quantity: 1,
                promotions: [
                    F.promotion(
                        "WINTER", .percentOff(.percent(50)), from: F.date("2026-01-01"), to: F.date("2026-03-14"))
                ]),
            reasons: [.basePrice, .lineAmount, .rounding], boundCaps: [], unitPriceFen: 10_000, lineAmountFen: 10_000,
            totalFen: 10_000),
    ]

    @Test(
        "§P1 'an ordered breakdown naming every step … Every cap that bound the price is named'",
        arguments: breakdownCases)
    func breakdown(_ example: BreakdownCase) throws {
        let quote = try F.quote(example.line)
        #expect(quote.steps.map(\.reason) == example.reasons)
        #expect(quote.boundCaps.map(\.reason) == example.boundCaps)
        #expect(quote.unitPriceFen == Fen(example.unitPriceFen))
        #expect(quote.lineAmountFen == Fen(example.lineAmountFen))
        #expect(quote.totalFen == Fen(example.totalFen))
    }

    @Test("§P1 'the engine is a pure function': the breakdown chains and the same input gives the same quote")
    func pureAndChained() throws {
        let line = Self.breakdownCases[1].line
        let first = try F.quote(line)
        #expect(try F.quote(line) == first)
        // Unit steps chain: each step starts where the previous one ended.
        let unitSteps = first.steps.prefix { $0.reason != .lineAmount }
        for (previous, next) in zip(unitSteps, unitSteps.dropFirst()) { #expect(next.beforeFen == previous.afterFen) }
        // From the line amount on, the running amounts chain up to the line total.
        let lineSteps = first.steps.drop { $0.reason != .lineAmount }.dropFirst()
        for (previous, next) in zip(lineSteps, lineSteps.dropFirst()) { #expect(next.beforeFen == previous.afterFen) }
        #expect(first.steps.last?.afterFen == first.totalFen)
        #expect(first.steps.first { $0.reason == .promotion }?.source == "SPRING")
        #expect(first.steps.first { $0.reason == .rounding }?.source == "halfUp")
    }

    @Test("§P1 promotions: the best one active on the date (inclusive window) applies and is named")
    func promotions() throws {
        let promotions = [
            F.promotion("TEN", .percentOff(.percent(10))),  // 9 000
            F.promotion("FIXED", .fixedUnitPrice(Fen(8_800))),  // best
            F.promotion("LATER", .fixedUnitPrice(Fen(5_000)), from: F.date("2026-03-16"), to: F.date("2026-04-30")),
            F.promotion(
                "ENDS-TODAY", .fixedUnitPrice(Fen(8_900)), from: F.date("2026-03-01"), to: F.date("2026-03-15")),
        ]
        let quote = try F.quote(F.line(price: 10_000, quantity: 2, promotions: promotions))
        let step = try #require(quote.steps.first { $0.reason == .promotion })
        #expect(step.source == "FIXED" && step.bound && step.afterFen == Fen(8_800))
        #expect(quote.lineAmountFen == Fen(17_600))
        // Inclusive window: a promotion that starts on the order date applies.
        let starting = F.promotion("TODAY", .fixedUnitPrice(Fen(7_000)), from: F.orderDate, to: F.orderDate)
        #expect(try F.quote(F.line(price: 10_000, quantity: 1, promotions: [starting])).unitPriceFen == Fen(7_000))
        // A fixed promotional price above the price in force is checked but does not bind.
        let dear = try F.quote(
            F.line(price: 10_000, quantity: 1, promotions: [F.promotion("DEAR", .fixedUnitPrice(Fen(12_000)))]))
        #expect(dear.steps.first { $0.reason == .promotion }?.bound == false)
        #expect(dear.unitPriceFen == Fen(10_000))
    }

    @Test(
        "§P1 quantity tiers: the lowest price among tiers reached, whatever their order, never above the base",
        arguments: [
            (Int64(1), Int64(10_000), nil as Int64?),
            (9, 10_000, nil),
            (10, 9_500, 10),
            (49, 9_500, 10),
            (50, 9_000, 50),
            (100, 8_800, 100),
        ])
    func quantityTiers(quantity: Int64, unitPrice: Int64, tierMin: Int64?) throws {
        // Deliberately unordered, with a tier dearer than the base price.
        let tiers = [F.tier(100, 8_800), F.tier(10, 9_500), F.tier(50, 9_000), F.tier(5, 10_500)]
        let quote = try F.quote(F.line(price: 10_000, quantity: quantity, tiers: tiers))
        #expect(quote.unitPriceFen == Fen(unitPrice))
        let step = quote.steps.first { $0.reason == .quantityTier }
        if let tierMin {
            #expect(step?.minQuantity == tierMin && step?.bound == true)
        } else if quantity >= 5 {
            #expect(step?.bound == false)  // only the dearer tier is reached
        } else {
            #expect(step == nil)
        }
    }

    // MARK: - §P2

    @Test(
        "§P2 'percentages are basis points applied with a named rounding (half-up to the fen, once per line)'",
        arguments: [
            // (unit fen, quantity, percent off in bp, line amount)
            (Int64(15), Int64(1), Int32(5_000), Int64(8)),  // 7.5 → 8
            (15, 3, 5_000, 23),  // 22.5 → 23, not 3 × 8 = 24
            (333, 3, 1_000, 899),  // 899.1 → 899, not 3 × 300 = 900
            (101, 1, 500, 96),  // 95.95 → 96
            (12_345, 7, 333, 83_537),  // 86 415 × 0.9667 = 83 537.38
            (10_000, 10_000, 1, 99_990_000),
        ])
    func percentOnceAndHalfUp(unit: Int64, quantity: Int64, bp: Int32, amount: Int64) throws {
        let quote = try F.quote(
            F.line(price: unit, quantity: quantity, promotions: [F.promotion("P", .percentOff(BasisPoints(bp)))]))
        #expect(quote.lineAmountFen == Fen(amount))
        #expect(quote.unitPriceFen == Fen(unit) && quote.percentOff == BasisPoints(bp))
        let rounding = try #require(quote.steps.first { $0.reason == .rounding })
        #expect(rounding.beforeFen == Fen(unit * quantity) && rounding.afterFen == Fen(amount))
    }

    @Test("§P2 'order total = Σ line totals + Σ fees', all in integer fen")
    func orderTotal() throws {
        let lines = [
            F.line(price: 129_900, quantity: 2, fees: [Self.delivery]),
            F.line(
                price: 333, quantity: 3, fees: [FeeRule(kind: .installation, amountFen: Fen(500), perUnit: true)],
                promotions: [F.promotion("P", .percentOff(.percent(10)))]),
            F.line(price: 5_000, quantity: 1),
        ]
        let order = try F.engine.quote(lines: lines, buyerRegion: F.dongcheng, on: F.orderDate)
        #expect(order.lines.map(\.lineAmountFen) == [Fen(259_800), Fen(899), Fen(5_000)])
        #expect(order.lines.map(\.feesFen) == [Fen(2_000), Fen(1_500), .zero])
        #expect(order.amountFen == Fen(265_699))
        #expect(order.feesFen == Fen(3_500))
        #expect(order.totalFen == Fen(269_199))
    }

    // MARK: - §P3

    @Test(
        "§P3 'the unit price can never exceed the agreed price; volume-discount tiers … must apply once the quantity is reached'",
        arguments: [
            // (listing price, quantity, unit price, bound caps)
            (Int64(10_000), Int64(1), Int64(9_000), [PricingReason.agreementCap]),
            (8_000, 1, 8_000, []),  // below the agreed price: the cap is checked, does not bind
            (10_000, 9, 9_000, [.agreementCap]),
            (10_000, 10, 8_500, [.agreementCap, .agreementVolumeTier]),
            (10_000, 50, 8_000, [.agreementCap, .agreementVolumeTier]),
            (10_000, 100, 8_000, [.agreementCap, .agreementVolumeTier]),  // tier 100 @ 8 200 is dearer than 50 @ 8 000
            (7_000, 100, 7_000, []),  // already below every tier
        ])
    func agreement(listingPrice: Int64, quantity: Int64, unitPrice: Int64, boundCaps: [PricingReason]) throws {
        let terms = AgreementTerms(
            reference: "FA-2026-003/2", agreedPriceFen: Fen(9_000),
            volumeTiers: [F.tier(50, 8_000), F.tier(10, 8_500), F.tier(100, 8_200)])
        let quote = try F.quote(F.line(price: listingPrice, quantity: quantity, agreement: terms))
        #expect(quote.unitPriceFen == Fen(unitPrice))
        #expect(quote.boundCaps.map(\.reason) == boundCaps)
        #expect(quote.boundCaps.allSatisfy { $0.source == "FA-2026-003/2" })
        #expect(quote.steps.contains { $0.reason == .agreementCap })
        #expect(quote.steps.contains { $0.reason == .agreementVolumeTier } == (quantity >= 10))
    }

    @Test("§P3 a percent-off promotion stays when its exact price is under the agreed price, else the cap replaces it")
    func agreementAndPercent() throws {
        let terms = AgreementTerms(reference: "FA", agreedPriceFen: Fen(9_000))
        let under = try F.quote(
            F.line(
                price: 10_000, quantity: 3, agreement: terms, promotions: [F.promotion("P", .percentOff(.percent(11)))])
        )
        #expect(under.percentOff == .percent(11) && under.unitPriceFen == Fen(10_000) && under.boundCaps.isEmpty)
        #expect(under.lineAmountFen == Fen(26_700))
        let over = try F.quote(
            F.line(
                price: 10_000, quantity: 3, agreement: terms, promotions: [F.promotion("P", .percentOff(.percent(9)))]))
        #expect(over.percentOff == .zero && over.unitPriceFen == Fen(9_000) && over.lineAmountFen == Fen(27_000))
        #expect(over.boundCaps.map(\.reason) == [.agreementCap])
    }

    // MARK: - §P4

    @Test(
        "§P4 'supplier price decreases apply at once; increases above an agreed price are impossible'",
        arguments: [
            // (new listing price, unit price quoted, agreement cap bound)
            (Int64(9_000), Int64(9_000), false),  // at the agreed price
            (8_800, 8_800, false),  // a decrease applies at once
            (9_001, 9_000, true),  // an increase stops at the agreed price
            (12_000, 9_000, true),
        ])
    func priceChanges(newPrice: Int64, unitPrice: Int64, capBound: Bool) throws {
        let terms = AgreementTerms(reference: "FA", agreedPriceFen: Fen(9_000))
        let quote = try F.quote(F.line(price: newPrice, quantity: 4, agreement: terms))
        #expect(quote.unitPriceFen == Fen(unitPrice))
        #expect(quote.lineAmountFen == Fen(unitPrice * 4))
        #expect(quote.steps.first { $0.reason == .agreementCap }?.bound == capBound)
    }

    // MARK: - §C3

    @Test(
        "§C3 'a listing's price must not exceed the lowest valid reference price': the reference caps the quote",
        arguments: [(Int64(9_999), Int64(9_999), true), (10_000, 10_000, false), (12_000, 10_000, false)])
    func referenceCap(reference: Int64, unitPrice: Int64, bound: Bool) throws {
        let quote = try F.quote(F.line(price: 10_000, quantity: 2, reference: reference))
        #expect(quote.unitPriceFen == Fen(unitPrice))
        #expect(quote.steps.first { $0.reason == .referenceCap }?.bound == bound)
    }
}
