/// The price of a whole direct-purchase order (DOMAIN.md §P2): order total = Σ line amounts + Σ fees.
package struct OrderQuote: Sendable, Hashable, Codable {
    /// One quote per input line, in input order.
    package var lines: [LineQuote]
    /// Σ `lineAmountFen` (goods).
    package var amountFen: Fen
    /// Σ `feesFen`.
    package var feesFen: Fen
    /// `amountFen + feesFen`.
    package var totalFen: Fen

    /// Creates an order quote.
    package init(lines: [LineQuote], amountFen: Fen, feesFen: Fen, totalFen: Fen) {
        self.lines = lines
        self.amountFen = amountFen
        self.feesFen = feesFen
        self.totalFen = totalFen
    }
}
