/// The small/micro price deduction of evaluation (DOMAIN.md §K2, §P5; 财库〔2020〕46号, 〔2022〕19号).
///
/// `evaluated = quoted × (10 000 − deduction) / 10 000`, rounded half-up to the fen once (§P2), and only
/// when the quote qualifies. The deduction never changes a price paid: the contract is at the quoted price.
/// Reusable by FA stage 1 price-priority evaluation (§F2).
package enum SMEPriceDeduction {
    /// The named rounding of evaluated prices: half-up to the fen (四舍五入, DOMAIN.md §P2).
    package static let rounding: Rounding = .halfUp

    /// Whether a quote gets the deduction (DOMAIN.md §K2, §G1): the supplier declared itself small or micro
    /// (medium, large and undeclared suppliers get none), and, for goods, the quote has at least one line and
    /// **every** line's manufacturer is declared small or micro. For services manufacturers are not checked.
    package static func qualifies(
        supplierSize: EnterpriseSize?, manufacturerSizes: [EnterpriseSize?], subject: CompetitionNeed.Subject
    ) -> Bool {
        guard supplierSize?.isSmallOrMicro == true else { return false }
        switch subject {
        case .services:
            return true
        case .goods:
            return !manufacturerSizes.isEmpty && manufacturerSizes.allSatisfy { $0?.isSmallOrMicro == true }
        }
    }

    /// The evaluated price of `quoted` with `deduction` applied, half-up to the fen (DOMAIN.md §K2, §P2).
    package static func evaluatedPrice(quoted: Fen, deduction: BasisPoints) -> Fen {
        quoted.applying(deduction.complement, rounding: rounding)
    }
}
