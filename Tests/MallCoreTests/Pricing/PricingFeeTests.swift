import MallCore
import Testing

/// DOMAIN.md §C4 as it enters a price: declared fees only, per unit or per line, regional delivery.
@Suite("Pricing engine fees and delivery regions (DOMAIN.md §C4)")
struct PricingFeeTests {
    typealias F = PricingFixtures

    /// Delivery: 50 yuan nationwide, free in Beijing (province), 10 yuan in Beijing's city districts
    /// (prefecture 110100), 5 yuan in 东城区 itself; installation 30 yuan per unit everywhere.
    static let fees = [
        FeeRule(kind: .delivery, amountFen: Fen(5_000), perUnit: false, label: "delivery, nationwide"),
        FeeRule(kind: .delivery, amountFen: .zero, perUnit: false, regions: [F.region("110000")], label: "Beijing"),
        FeeRule(kind: .delivery, amountFen: Fen(1_000), perUnit: false, regions: [F.region("110100")], label: "city"),
        FeeRule(kind: .delivery, amountFen: Fen(500), perUnit: false, regions: [F.region("110101")], label: "东城"),
        FeeRule(kind: .installation, amountFen: Fen(3_000), perUnit: true, label: "installation"),
    ]

    @Test(
        "§C4 regional delivery: the most specific rule for the buyer's region wins",
        arguments: [
            ("110101", "东城", Int64(500)),  // county rule
            ("110102", "city", 1_000),  // prefecture rule
            ("110229", "Beijing", 0),  // province rule (another prefecture)
            ("120101", "delivery, nationwide", 5_000),  // outside the province
        ])
    func regionalDelivery(buyer: String, label: String, deliveryFen: Int64) throws {
        let region = try #require(RegionCode(buyer))
        let quote = try F.quote(F.line(price: 10_000, quantity: 2, fees: Self.fees), buyer: region)
        let fees = quote.feeSteps
        #expect(fees.map(\.reason) == [.deliveryFee, .installationFee])
        #expect(fees.map(\.source) == [label, "installation"])
        #expect(fees.map(\.amountFen) == [Fen(deliveryFen), Fen(6_000)])
        #expect(quote.feesFen == Fen(deliveryFen + 6_000))
        #expect(quote.totalFen == Fen(20_000 + deliveryFen + 6_000))
    }

    @Test("§C4 'extra fees … must be declared on the listing; undeclared fees can never appear on an order'")
    func onlyDeclaredFees() throws {
        let bare = try F.quote(F.line(price: 10_000, quantity: 5))
        #expect(bare.feeSteps.isEmpty && bare.feesFen == .zero && bare.totalFen == bare.lineAmountFen)
        // A rule limited to Guangdong does not apply to a Beijing buyer: no step, no fee.
        let guangdong = FeeRule(kind: .delivery, amountFen: Fen(9_900), perUnit: false, regions: [F.region("440000")])
        let quote = try F.quote(F.line(price: 10_000, quantity: 5, fees: [guangdong]))
        #expect(quote.feeSteps.isEmpty && quote.feesFen == .zero)
        // Each fee kind is charged per unit or once per line, as declared.
        let perUnit = FeeRule(kind: .parts, amountFen: Fen(250), perUnit: true, label: "parts")
        let perLine = FeeRule(kind: .other, amountFen: Fen(1_800), perUnit: false, label: "packing")
        let both = try F.quote(F.line(price: 10_000, quantity: 4, fees: [perUnit, perLine]))
        #expect(both.feeSteps.map(\.reason) == [.partsFee, .otherFee])
        #expect(both.feeSteps.map(\.amountFen) == [Fen(1_000), Fen(1_800)])
    }

    @Test("§C4 a declared fee maps to a nationwide fee rule labelled with its description")
    func fromListingContent() throws {
        let content = ListingContent(
            categoryCode: "A02010105", title: "台式计算机", brand: "B", model: "M", unit: "台", priceFen: Fen(450_000),
            tiers: [F.tier(10, 430_000)],
            fees: [DeclaredFee(kind: .installation, amountFen: Fen(5_000), perUnit: true, description: "上门安装")],
            deliveryRegions: [F.region("110000")])
        let quote = try F.quote(LineInput(listing: ListingPrice(content), quantity: 10))
        #expect(quote.unitPriceFen == Fen(430_000))
        #expect(quote.feeSteps.map(\.source) == ["上门安装"])
        #expect(quote.totalFen == Fen(4_300_000 + 50_000))
    }

    @Test(
        "§C4 a listing that does not deliver to the buyer's region is refused with pricing.region_not_served",
        arguments: [
            ("110105", true),  // inside the province 110000
            ("120101", true),  // inside the prefecture 120100
            ("120221", false),  // Tianjin, another prefecture
            ("130102", true),  // the county itself
            ("130104", false),  // a neighbouring county
            ("440305", false),
        ])
    func deliveryRegions(buyer: String, served: Bool) throws {
        let region = try #require(RegionCode(buyer))
        let line = F.line(
            price: 10_000, quantity: 1, delivery: [F.region("110000"), F.region("120100"), F.region("130102")])
        #expect(line.listing.delivers(to: region) == served)
        if served {
            #expect(try F.quote(line, buyer: region).totalFen == Fen(10_000))
        } else {
            let error = #expect(throws: DomainError.self) { try F.quote(line, buyer: region) }
            #expect(error?.code == .pricingRegionNotServed)
            #expect(error?.fields.map(\.field) == ["listing.deliveryRegions"])
        }
        // Empty delivery regions: nationwide.
        #expect(try F.quote(F.line(price: 10_000, quantity: 1), buyer: region).totalFen == Fen(10_000))
    }
}
