import Foundation

/// A supplier's sealed quote in a competition (DOMAIN.md §K1): one total for the whole need.
package struct CompetitionQuote: Sendable, Equatable, Hashable {
    /// The quote's id.
    package var id: ID<CompetitionQuote>
    /// The quoting supplier.
    package var supplierID: ID<Organisation>
    /// The supplier's size as declared (声明函) when quoting; `nil` = no declaration, no preference
    /// (DOMAIN.md §G1).
    package var supplierSize: EnterpriseSize?
    /// For goods, the declared size of the manufacturer of each line of the quote (`nil` = not declared).
    /// Ignored for services (DOMAIN.md §K2).
    package var manufacturerSizes: [EnterpriseSize?]
    /// The quoted total in fen: the price the contract is signed at if this quote wins (DOMAIN.md §P5).
    package var totalFen: Fen
    /// When the quote was submitted.
    package var submittedAt: Date

    /// Creates a quote.
    package init(
        id: ID<CompetitionQuote>, supplierID: ID<Organisation>, supplierSize: EnterpriseSize?,
        manufacturerSizes: [EnterpriseSize?] = [], totalFen: Fen, submittedAt: Date
    ) {
        self.id = id
        self.supplierID = supplierID
        self.supplierSize = supplierSize
        self.manufacturerSizes = manufacturerSizes
        self.totalFen = totalFen
        self.submittedAt = submittedAt
    }
}

/// Why a quote is refused on submission, and excluded if it somehow reaches evaluation (DOMAIN.md §K1).
package enum QuoteRefusal: Sendable, Hashable {
    /// Submitted at or after the deadline (§K1): quotes are accepted while `submittedAt < deadline`.
    case closed(deadline: Date)
    /// The total is zero or negative.
    case notPositive
    /// Second bidding from a supplier without an agreed price on the agreement (§F5, §F7).
    case notAdmitted
    /// The total is above `need.totalCeiling` (§K1).
    case aboveCeiling(ceiling: Fen)
    /// The total is above the supplier's agreed unit price × quantity (§K1, §F7, §P3).
    case aboveAgreedPrice(cap: Fen)

    /// The error code a refused submission answers with.
    package var code: DomainError.Code {
        switch self {
        case .closed: .competitionClosed
        case .notPositive: .validationFailed
        case .notAdmitted: .competitionSupplierNotAdmitted
        case .aboveCeiling: .competitionQuoteAboveCeiling
        case .aboveAgreedPrice: .competitionQuoteAboveAgreedPrice
        }
    }

    /// A human-readable explanation.
    package var message: String {
        switch self {
        case .closed(let deadline): "quotes closed at \(deadline.formatted(.iso8601))"
        case .notPositive: "a quote is more than 0 fen"
        case .notAdmitted: "the supplier has no agreed price on this framework agreement"
        case .aboveCeiling(let ceiling): "the quote is above the ceiling of \(ceiling) yuan"
        case .aboveAgreedPrice(let cap): "the quote is above the agreed price, \(cap) yuan for this quantity"
        }
    }

    /// The refusal as a `DomainError`.
    package var error: DomainError {
        switch self {
        case .notPositive:
            DomainError.validation([.init(field: "totalFen", code: "out_of_range", message: message)])
        default:
            DomainError(code, message, fields: [.init(field: "totalFen", code: code.rawValue, message: message)])
        }
    }
}

extension CompetitionNeed {
    /// Why `quote` must be refused, or `nil` when it is admissible (DOMAIN.md §K1). Checked in this order:
    /// deadline (`submittedAt < deadline`), a positive total, admission to the agreement (second bidding
    /// needs an agreed price), the ceiling (`total ≤ unitCeiling × quantity`), then the agreed price
    /// (`total ≤ agreedUnitPrice × quantity`; applied whenever given, whatever the method).
    /// - Parameter agreedUnitPrice: the supplier's agreed unit price under the FA (§F2), if any.
    package func refusal(of quote: CompetitionQuote, agreedUnitPrice: Fen?) -> QuoteRefusal? {
        if quote.submittedAt >= deadline { return .closed(deadline: deadline) }
        if quote.totalFen <= .zero { return .notPositive }
        if method == .secondBidding && agreedUnitPrice == nil { return .notAdmitted }
        if quote.totalFen > totalCeiling { return .aboveCeiling(ceiling: totalCeiling) }
        if let agreedUnitPrice {
            let cap = Fen(Int64(clamping: Int128(agreedUnitPrice.rawValue) * Int128(quantity)))
            if quote.totalFen > cap { return .aboveAgreedPrice(cap: cap) }
        }
        return nil
    }

    /// Accepts or refuses a quote on submission (DOMAIN.md §K1): throws `competition.closed`,
    /// `competition.quote_above_ceiling`, `competition.quote_above_agreed_price`,
    /// `competition.supplier_not_admitted` or `request.validation_failed`, in the order of `refusal(of:…)`.
    package func admit(_ quote: CompetitionQuote, agreedUnitPrice: Fen? = nil) throws(DomainError) {
        if let refusal = refusal(of: quote, agreedUnitPrice: agreedUnitPrice) { throw refusal.error }
    }
}
