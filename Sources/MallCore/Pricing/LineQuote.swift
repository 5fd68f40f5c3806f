/// The price of one order line (DOMAIN.md §P1, §P2), stored with the order line at placement (§O1).
///
/// `lineAmountFen = unitPriceFen × quantity × (100 % − percentOff)`, rounded half-up to the fen once;
/// `totalFen = lineAmountFen + feesFen`. DOMAIN.md §P5: the SME price deduction never appears here — it only
/// produces an evaluated price in competitions (§K2), never a price paid.
package struct LineQuote: Sendable, Hashable, Codable {
    /// Units ordered.
    package var quantity: Int64
    /// The integer unit price after every tier, promotion and cap, before `percentOff`.
    package var unitPriceFen: Fen
    /// The percent off applied to the line (from a percent-off promotion that no cap overrode); zero when none.
    package var percentOff: BasisPoints
    /// The goods amount of the line, after the single rounding.
    package var lineAmountFen: Fen
    /// The sum of the line's fees.
    package var feesFen: Fen
    /// `lineAmountFen + feesFen`.
    package var totalFen: Fen
    /// The ordered breakdown, every step with its reason code (see `PricingStep`).
    package var steps: [PricingStep]

    /// Creates a line quote.
    package init(
        quantity: Int64, unitPriceFen: Fen, percentOff: BasisPoints, lineAmountFen: Fen, feesFen: Fen, totalFen: Fen,
        steps: [PricingStep]
    ) {
        self.quantity = quantity
        self.unitPriceFen = unitPriceFen
        self.percentOff = percentOff
        self.lineAmountFen = lineAmountFen
        self.feesFen = feesFen
        self.totalFen = totalFen
        self.steps = steps
    }

    /// The caps that bound the price, in order (DOMAIN.md §P1: every cap that bound the price is named).
    package var boundCaps: [PricingStep] { steps.filter { $0.reason.isCap && $0.bound } }

    /// The fees charged, in declaration order of their rules.
    package var feeSteps: [PricingStep] { steps.filter { $0.reason.isFee } }
}
