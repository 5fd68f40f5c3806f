import Foundation

/// The outcome of evaluating a competition (DOMAIN.md §K2, §K3, §P5): a non-empty ranking by evaluated price
/// and the quotes excluded, each with its reason. The winner is the first of the ranking and is paid its
/// **quoted** price.
package struct CompetitionResult: Sendable, Equatable {
    /// Valid quotes, best first; ranks are 1, 2, 3… with no two equal (ties are broken, see `TieBreak`).
    package private(set) var ranking: [RankedQuote]
    /// Quotes that did not take part, sorted by supplier id, then quote id (canonical lower-case text).
    package private(set) var exclusions: [Exclusion]
    /// The SME deduction the evaluation used (DOMAIN.md §K2).
    package private(set) var smeDeduction: BasisPoints

    /// Rebuilds a result (e.g. from storage); `nil` when `ranking` is empty, since a competition without
    /// a valid quote has failed and has no result.
    package init?(ranking: [RankedQuote], exclusions: [Exclusion], smeDeduction: BasisPoints) {
        guard !ranking.isEmpty else { return nil }
        self.ranking = ranking
        self.exclusions = exclusions
        self.smeDeduction = smeDeduction
    }

    /// The top-ranked quote: the lowest evaluated price (DOMAIN.md §K2).
    package var winner: RankedQuote { ranking[0] }

    /// The price of the contract if the winner is awarded: its quoted total, never the evaluated price
    /// (DOMAIN.md §K2, §P5).
    package var contractPrice: Fen { winner.quotedFen }

    /// The ranked entry of `supplierID`, if its quote is valid.
    package func entry(for supplierID: ID<Organisation>) -> RankedQuote? {
        ranking.first { $0.supplierID == supplierID }
    }

    /// One valid quote in the ranking.
    package struct RankedQuote: Sendable, Equatable, Hashable {
        /// 1 for the winner.
        package var rank: Int
        /// The quote.
        package var quoteID: ID<CompetitionQuote>
        /// The supplier.
        package var supplierID: ID<Organisation>
        /// The quoted total: what the contract is signed at (§P5).
        package var quotedFen: Fen
        /// The price ranked on: quoted, less the SME deduction when it applied (§K2).
        package var evaluatedFen: Fen
        /// Whether the SME deduction applied.
        package var deductionApplied: Bool
        /// The deduction applied: the configured rate when `deductionApplied`, else zero.
        package var deduction: BasisPoints
        /// When the quote was submitted.
        package var submittedAt: Date
        /// When the blacklist check that cleared this supplier ran (§K3).
        package var blacklistCheckedAt: Date
        /// When this entry's evaluated price equals the previous entry's, the rule that put it below; `nil`
        /// for the winner and for entries with a strictly higher evaluated price.
        package var tieBreak: TieBreak?

        /// Creates an entry (evaluation makes them; storage rebuilds them).
        package init(
            rank: Int, quoteID: ID<CompetitionQuote>, supplierID: ID<Organisation>, quotedFen: Fen, evaluatedFen: Fen,
            deductionApplied: Bool, deduction: BasisPoints, submittedAt: Date, blacklistCheckedAt: Date,
            tieBreak: TieBreak?
        ) {
            self.rank = rank
            self.quoteID = quoteID
            self.supplierID = supplierID
            self.quotedFen = quotedFen
            self.evaluatedFen = evaluatedFen
            self.deductionApplied = deductionApplied
            self.deduction = deduction
            self.submittedAt = submittedAt
            self.blacklistCheckedAt = blacklistCheckedAt
            self.tieBreak = tieBreak
        }
    }

    /// The deterministic tie-break of DOMAIN.md §K2, applied in this order to equal evaluated prices:
    /// the lower **quoted** price first (the public pays less), then the **earlier submission**, then the
    /// lower **supplier id** (its canonical lower-case text), then the lower quote id.
    package enum TieBreak: String, Sendable, Hashable, Codable, CaseIterable {
        case quotedPrice = "quoted_price"
        case submittedAt = "submitted_at"
        case supplierID = "supplier_id"
        case quoteID = "quote_id"
    }

    /// A quote that does not take part in the ranking.
    package struct Exclusion: Sendable, Equatable, Hashable {
        /// The quote.
        package var quoteID: ID<CompetitionQuote>
        /// The supplier.
        package var supplierID: ID<Organisation>
        /// The quoted total.
        package var quotedFen: Fen
        /// Why it was excluded.
        package var reason: Reason
        /// When the supplier's blacklist check ran (§K3).
        package var blacklistCheckedAt: Date

        /// Creates an exclusion.
        package init(
            quoteID: ID<CompetitionQuote>, supplierID: ID<Organisation>, quotedFen: Fen, reason: Reason,
            blacklistCheckedAt: Date
        ) {
            self.quoteID = quoteID
            self.supplierID = supplierID
            self.quotedFen = quotedFen
            self.reason = reason
            self.blacklistCheckedAt = blacklistCheckedAt
        }

        /// Why a quote was excluded.
        package enum Reason: Sendable, Hashable {
            /// The quote breaks §K1 (late, above a cap, not admitted, not positive).
            case refused(QuoteRefusal)
            /// The supplier is on a blacklist of 财库〔2016〕125号 (§K3).
            case blacklisted(lists: Set<BlacklistCheck.List>)
            /// A later quote of the same supplier replaced this one (each supplier has one quote).
            case superseded(by: ID<CompetitionQuote>)

            /// A stable code for the reason, e.g. `competition.quote_above_ceiling`, `competition.blacklisted`.
            package var code: String {
                switch self {
                case .refused(let refusal): refusal.code.rawValue
                case .blacklisted: "competition.blacklisted"
                case .superseded: "competition.superseded"
                }
            }

            /// A human-readable explanation.
            package var message: String {
                switch self {
                case .refused(let refusal): refusal.message
                case .blacklisted(let lists):
                    "the supplier is on a credit blacklist (\(lists.sorted().map(\.rawValue).joined(separator: ", ")))"
                case .superseded(let newer): "replaced by the supplier's later quote \(newer)"
                }
            }
        }
    }
}
