/// The terms of a framework agreement that apply to a line (DOMAIN.md §P3, §F1): the agreed unit price and
/// the agreement's volume-discount tiers.
///
/// Under an FA the unit price can never exceed `agreedPriceFen` (`agreement_cap` step), and once the
/// quantity reaches a volume tier its price **must** apply (`agreement_volume_tier` step): the engine takes
/// the lowest price among the tiers whose `minQuantity` ≤ quantity, so badly ordered tiers can never make a
/// larger quantity dearer. DOMAIN.md §P4: because the cap is applied on every quote, a supplier's price
/// increase above the agreed price can never reach an order, while a decrease applies at once.
package struct AgreementTerms: Sendable, Hashable {
    /// The agreement (and lot) the terms come from, shown as the steps' `source`, e.g. `FA-2026-003/2`.
    package var reference: String
    /// The agreed unit price: a cap on the unit price (DOMAIN.md §P3).
    package var agreedPriceFen: Fen
    /// The agreement's volume-discount tiers, in any order.
    package var volumeTiers: [PriceTier]

    /// Creates agreement terms.
    package init(reference: String, agreedPriceFen: Fen, volumeTiers: [PriceTier] = []) {
        self.reference = reference
        self.agreedPriceFen = agreedPriceFen
        self.volumeTiers = volumeTiers
    }
}
