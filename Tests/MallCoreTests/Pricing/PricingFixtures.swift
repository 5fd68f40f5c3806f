import MallCore

/// Shared inputs of the pricing tests (DOMAIN.md §P).
enum PricingFixtures {
    static let engine = PricingEngine()
    /// The order date of every table test.
    static let orderDate = LocalDate("2026-03-15")!  // literal
    /// 东城区, Beijing.
    static let dongcheng = RegionCode("110101")!  // literal
    /// 和平区, Tianjin.
    static let heping = RegionCode("120101")!  // literal
    /// 长安区, 石家庄, Hebei.
    static let changan = RegionCode("130102")!  // literal

    /// A region code from a literal.
    static func region(_ literal: StaticString) -> RegionCode {
        RegionCode("\(literal)")!  // literal: every caller passes a six-digit constant
    }

    /// A date from a literal.
    static func date(_ literal: StaticString) -> LocalDate {
        LocalDate("\(literal)")!  // literal: every caller passes a YYYY-MM-DD constant
    }

    /// A tier.
    static func tier(_ minQuantity: Int64, _ fen: Int64) -> PriceTier {
        PriceTier(minQuantity: minQuantity, unitPriceFen: Fen(fen))
    }

    /// A one-line input.
    static func line(
        price: Int64, quantity: Int64, tiers: [PriceTier] = [], fees: [FeeRule] = [], delivery: [RegionCode] = [],
        agreement: AgreementTerms? = nil, reference: Int64? = nil, promotions: [Promotion] = []
    ) -> LineInput {
        LineInput(
            listing: ListingPrice(priceFen: Fen(price), tiers: tiers, fees: fees, deliveryRegions: delivery),
            quantity: quantity, agreement: agreement, referencePriceFen: reference.map(Fen.init),
            promotions: promotions)
    }

    /// A promotion active on `orderDate` unless a window is given.
    static func promotion(
        _ id: String, _ offer: Promotion.Offer, from start: LocalDate = date("2026-03-01"),
        to end: LocalDate = date("2026-03-31")
    ) -> Promotion {
        Promotion(id: id, startsOn: start, endsOn: end, offer: offer)
    }

    /// Quotes one line for a buyer in 东城区 on `orderDate`.
    static func quote(_ line: LineInput, buyer: RegionCode = dongcheng) throws(DomainError) -> LineQuote {
        try engine.quote(line: line, buyerRegion: buyer, on: orderDate)
    }

    /// The exact unit price in ten-thousandths of a fen: `unitPriceFen × (100 % − percentOff)`.
    static func exactUnitE4(_ quote: LineQuote) -> Int64 {
        quote.unitPriceFen.rawValue * Int64(10_000 - quote.percentOff.rawValue)
    }
}
