import MallCore
import PropertyBased
import Testing

/// The invariants of the pricing engine (DOMAIN.md §P), checked with swift-property-based on random price
/// data: random tiers (unordered, some dearer than the base), promotions in and out of their windows,
/// agreements with volume tiers, reference prices, regional fee rules and delivery regions.
enum PricingGen {
    typealias F = PricingFixtures

    static let price = Gen.int64(in: 1...200_000)
    static let tier = zip(Gen.int64(in: 1...120), price).map { PriceTier(minQuantity: $0, unitPriceFen: Fen($1)) }
    static let scopes = ["110000", "110100", "110101", "120000", "120101", "440300"].compactMap(RegionCode.init)
    static let buyers = ["110101", "110105", "110229", "120101", "120221", "440305", "530102"].compactMap(
        RegionCode.init)

    static let promotion = zip(
        Gen.bool, Gen.int32(in: 1...9_999), price, Gen.int(in: -5...5), Gen.int(in: 0...5)
    ).map { isPercent, bp, fixed, startOffset, length in
        let start = F.orderDate.adding(days: startOffset)
        return Promotion(
            id: "P\(bp)", startsOn: start, endsOn: start.adding(days: length),
            offer: isPercent ? .percentOff(BasisPoints(bp)) : .fixedUnitPrice(Fen(fixed)))
    }

    static let fee = zip(
        Gen<DeclaredFee.Kind>.case, Gen.int64(in: 0...20_000), Gen.bool, Gen.element(of: scopes).array(of: 0...2)
    ).map { kind, amount, perUnit, regions in
        FeeRule(kind: kind, amountFen: Fen(amount), perUnit: perUnit, regions: regions.compactMap { $0 }, label: "fee")
    }

    static let agreement = zip(price, tier.array(of: 0...3)).map {
        AgreementTerms(reference: "FA", agreedPriceFen: Fen($0), volumeTiers: $1)
    }

    /// A line whose quantity the property chooses; about half of the lines deliver nationwide.
    static let line = zip(
        price, tier.array(of: 0...4), fee.array(of: 0...3), Gen.element(of: scopes).array(of: 0...2),
        agreement.optional, price.optional, promotion.array(of: 0...3), Gen.int64(in: 1...300)
    ).map { base, tiers, fees, delivery, agreement, reference, promotions, quantity in
        LineInput(
            listing: ListingPrice(
                priceFen: Fen(base), tiers: tiers, fees: fees, deliveryRegions: delivery.compactMap { $0 }),
            quantity: quantity, agreement: agreement, referencePriceFen: reference.map(Fen.init),
            promotions: promotions)
    }

    static let buyer = Gen.element(of: buyers).compactMap { $0 }
    static let scope = Gen.element(of: scopes).compactMap { $0 }
}

@Suite("Pricing engine properties (DOMAIN.md §P)")
struct PricingPropertyTests {
    typealias F = PricingFixtures

    /// Quotes, or `nil` when (and only when) the listing does not deliver to the buyer.
    static func quoteIfServed(_ line: LineInput, _ buyer: RegionCode) -> LineQuote? {
        do {
            return try F.engine.quote(line: line, buyerRegion: buyer, on: F.orderDate)
        } catch {
            #expect(error.code == .pricingRegionNotServed)
            #expect(!line.listing.delivers(to: buyer))
            return nil
        }
    }

    // MARK: - Properties

    @Test("never above an applicable cap: agreed price, reached agreement tier, reference price, base price")
    func neverAboveACap() async {
        await propertyCheck(count: 500, input: PricingGen.line, PricingGen.buyer) { line, buyer in
            guard let quote = Self.quoteIfServed(line, buyer) else { return }
            var caps = [line.listing.priceFen.rawValue]
            if let agreement = line.agreement {
                caps.append(agreement.agreedPriceFen.rawValue)
                caps += agreement.volumeTiers.filter { $0.minQuantity <= line.quantity }.map(\.unitPriceFen.rawValue)
            }
            if let reference = line.referencePriceFen { caps.append(reference.rawValue) }
            for cap in caps {
                #expect(F.exactUnitE4(quote) <= cap * 10_000)
                #expect(quote.lineAmountFen.rawValue <= cap * line.quantity)
            }
            // When a cap bound (and is named), the price is the lowest cap, exact, with no percent off left.
            if !quote.boundCaps.isEmpty {
                #expect(quote.percentOff == .zero)
                #expect(quote.unitPriceFen.rawValue == caps.dropFirst().min())
            }
        }
    }

    @Test("the unit price never rises with quantity")
    func unitPriceNonIncreasing() async {
        await propertyCheck(count: 500, input: PricingGen.line, PricingGen.buyer, Gen.int64(in: 0...150)) {
            line, buyer, extra in
            var more = line
            more.quantity = line.quantity + extra
            guard let small = Self.quoteIfServed(line, buyer), let large = Self.quoteIfServed(more, buyer) else {
                return
            }
            #expect(F.exactUnitE4(large) <= F.exactUnitE4(small))
        }
    }

    @Test("order total == Σ lines + Σ fees, and each line is within half a fen of its exact amount (§P2)")
    func totalsAddUp() async {
        await propertyCheck(count: 300, input: PricingGen.line.array(of: 1...4), PricingGen.buyer) { lines, buyer in
            let served = lines.filter { $0.listing.delivers(to: buyer) }
            guard !served.isEmpty else { return }
            let order: OrderQuote
            do {
                order = try F.engine.quote(lines: served, buyerRegion: buyer, on: F.orderDate)
            } catch {
                Issue.record(error)
                return
            }
            let fees = order.lines.flatMap(\.feeSteps).reduce(Int64(0)) { $0 + $1.amountFen.rawValue }
            let amounts = order.lines.reduce(Int64(0)) { $0 + $1.lineAmountFen.rawValue }
            #expect(order.totalFen.rawValue == amounts + fees)
            #expect(order.amountFen.rawValue == amounts && order.feesFen.rawValue == fees)
            #expect(order.totalFen.rawValue == order.lines.reduce(Int64(0)) { $0 + $1.totalFen.rawValue })
            for (line, quote) in zip(served, order.lines) {
                #expect(quote.totalFen == quote.lineAmountFen + quote.feesFen)
                #expect(quote.steps.last?.afterFen == quote.totalFen)
                let exact = Int128(F.exactUnitE4(quote)) * Int128(line.quantity)
                #expect((Int128(quote.lineAmountFen.rawValue) * 10_000 - exact).magnitude <= 5_000)
            }
        }
    }

    @Test("the same input gives the same quote, alone or inside an order")
    func deterministic() async {
        await propertyCheck(count: 300, input: PricingGen.line, PricingGen.buyer) { line, buyer in
            guard let first = Self.quoteIfServed(line, buyer) else { return }
            #expect(Self.quoteIfServed(line, buyer) == first)
            let order = try? F.engine.quote(lines: [line, line], buyerRegion: buyer, on: F.orderDate)
            #expect(order?.lines == [first, first])
        }
    }

    @Test("delivery regions cover a buyer exactly as RegionCode.isWithin says (§C4)")
    func deliveryMatchesIsWithin() async {
        await propertyCheck(input: PricingGen.scope, PricingGen.buyer) { scope, buyer in
            let listing = ListingPrice(priceFen: Fen(1), deliveryRegions: [scope])
            #expect(listing.delivers(to: buyer) == buyer.isWithin(scope))
        }
    }
}
