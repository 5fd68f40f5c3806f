import MallCore
import Testing

/// Bad input is refused with a stable code, never a crash (DOMAIN.md §P2: amounts fit in integer fen).
@Suite("Pricing engine validation")
struct PricingValidationTests {
    typealias F = PricingFixtures

    static let bad: [(String, LineInput, DomainError.Code, String)] = [
        ("zero quantity", F.line(price: 100, quantity: 0), .pricingQuantityInvalid, "quantity"),
        ("negative quantity", F.line(price: 100, quantity: -3), .pricingQuantityInvalid, "quantity"),
        ("absurd quantity", F.line(price: 100, quantity: 10_000_001), .pricingQuantityTooLarge, "quantity"),
        ("free listing", F.line(price: 0, quantity: 1), .pricingPriceDataInvalid, "listing.priceFen"),
        (
            "tier below quantity 1", F.line(price: 100, quantity: 1, tiers: [F.tier(0, 90)]), .pricingPriceDataInvalid,
            "listing.tiers[0]"
        ),
        (
            "negative fee",
            F.line(price: 100, quantity: 1, fees: [FeeRule(kind: .delivery, amountFen: Fen(-1), perUnit: false)]),
            .pricingPriceDataInvalid, "listing.fees[0].amountFen"
        ),
        (
            "zero agreed price",
            F.line(price: 100, quantity: 1, agreement: AgreementTerms(reference: "FA", agreedPriceFen: .zero)),
            .pricingPriceDataInvalid, "agreement.agreedPriceFen"
        ),
        (
            "zero reference", F.line(price: 100, quantity: 1, reference: 0), .pricingPriceDataInvalid,
            "referencePriceFen"
        ),
        (
            "100 % off", F.line(price: 100, quantity: 1, promotions: [F.promotion("X", .percentOff(.whole))]),
            .pricingPriceDataInvalid, "promotions[0].offer"
        ),
        (
            "reversed window",
            F.line(
                price: 100, quantity: 1,
                promotions: [
                    F.promotion("X", .percentOff(.percent(5)), from: F.date("2026-03-20"), to: F.date("2026-03-10"))
                ]),
            .pricingPriceDataInvalid, "promotions[0].endsOn"
        ),
    ]

    @Test("invalid pricing input is refused with its code and field", arguments: bad)
    func refused(_ name: String, _ line: LineInput, _ code: DomainError.Code, _ field: String) {
        let error = #expect(throws: DomainError.self, "\(name)") { try F.quote(line) }
        #expect(error?.code == code)
        #expect(error?.fields.map(\.field) == [field])
    }

    @Test("every bad field of a line is reported at once, prefixed by its line inside an order")
    func allFieldsAtOnce() {
        let lines = [
            F.line(price: 100, quantity: 1),
            F.line(price: 0, quantity: 0, reference: -5),
        ]
        let error = #expect(throws: DomainError.self) {
            try F.engine.quote(lines: lines, buyerRegion: F.dongcheng, on: F.orderDate)
        }
        #expect(error?.code == .pricingQuantityInvalid)
        #expect(
            error?.fields.map(\.field) == [
                "lines[1].quantity", "lines[1].listing.priceFen", "lines[1].referencePriceFen",
            ])
    }

    @Test("an order with no lines is refused with pricing.no_lines")
    func noLines() {
        let error = #expect(throws: DomainError.self) {
            try F.engine.quote(lines: [], buyerRegion: F.dongcheng, on: F.orderDate)
        }
        #expect(error?.code == .pricingNoLines)
    }

    @Test("amounts beyond 64-bit fen are refused with pricing.amount_overflow, never a crash")
    func overflow() {
        let engine = PricingEngine(
            limits: PricingLimits(maxQuantity: .max, maxUnitPriceFen: Fen(.max), maxFeeFen: Fen(.max)))
        let huge = F.line(price: 900_000_000_000_000, quantity: 100_000)
        let error = #expect(throws: DomainError.self) {
            try engine.quote(line: huge, buyerRegion: F.dongcheng, on: F.orderDate)
        }
        #expect(error?.code == .pricingAmountOverflow)
        // Two lines that each fit but whose sum does not.
        let big = F.line(price: 900_000_000_000_000, quantity: 10_000)  // 9 × 10¹⁸ fen
        let sumError = #expect(throws: DomainError.self) {
            try engine.quote(lines: [big, big], buyerRegion: F.dongcheng, on: F.orderDate)
        }
        #expect(sumError?.code == .pricingAmountOverflow)
        // A per-unit fee times the quantity.
        let fee = FeeRule(kind: .installation, amountFen: Fen(.max / 2), perUnit: true)
        let feeError = #expect(throws: DomainError.self) {
            try engine.quote(
                line: F.line(price: 1, quantity: 3, fees: [fee]), buyerRegion: F.dongcheng, on: F.orderDate)
        }
        #expect(feeError?.code == .pricingAmountOverflow)
        // A unit price above Int64.max / 10 000 is refused whatever the limits say.
        let priceError = #expect(throws: DomainError.self) {
            try engine.quote(line: F.line(price: .max, quantity: 1), buyerRegion: F.dongcheng, on: F.orderDate)
        }
        #expect(priceError?.code == .pricingPriceDataInvalid)
    }
}
