import Foundation

/// Where a competition stands (DOMAIN.md §K): `open → evaluated | failed`, `evaluated → awarded`,
/// `open → cancelled`. `failed`, `awarded` and `cancelled` are final; see `Competition` for each step.
package enum CompetitionState: Sendable, Equatable {
    /// Accepting sealed quotes until the deadline.
    case open
    /// Closed and ranked; waiting for the unit to award.
    case evaluated(CompetitionResult, at: Date)
    /// Closed without a valid quote (`competition.no_valid_quotes`); the unit may post a new need.
    case failed(CompetitionFailure)
    /// Awarded to one ranked supplier at its quoted price.
    case awarded(CompetitionAward)
    /// Withdrawn by the unit before the deadline.
    case cancelled(CompetitionCancellation)

    /// The state's name, as stored (`text` with a CHECK constraint).
    package enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open, evaluated, failed, awarded, cancelled
    }

    /// The state's name.
    package var status: Status {
        switch self {
        case .open: .open
        case .evaluated: .evaluated
        case .failed: .failed
        case .awarded: .awarded
        case .cancelled: .cancelled
        }
    }
}

/// Why and when a competition failed (DOMAIN.md §K2, §K3).
package struct CompetitionFailure: Sendable, Equatable {
    /// The `competition.no_valid_quotes` error, whose `fields` list every exclusion.
    package var reason: DomainError
    /// When the competition was closed.
    package var at: Date

    /// Creates a failure record.
    package init(reason: DomainError, at: Date) {
        self.reason = reason
        self.at = at
    }
}

/// The award of a competition (DOMAIN.md §K2, §P5): the awardee, its contract price (its **quoted** total),
/// and the reason when it is not the top-ranked quote.
package struct CompetitionAward: Sendable, Equatable {
    /// The evaluation the award was made from.
    package var result: CompetitionResult
    /// The ranked quote awarded.
    package var awardee: CompetitionResult.RankedQuote
    /// Why a lower-ranked quote was awarded (e.g. "rank 1 declined to sign"); `nil` or empty for rank 1.
    package var reason: String?
    /// When the award was made.
    package var at: Date

    /// Creates an award record.
    package init(result: CompetitionResult, awardee: CompetitionResult.RankedQuote, reason: String?, at: Date) {
        self.result = result
        self.awardee = awardee
        self.reason = reason
        self.at = at
    }

    /// The contract price: the awardee's quoted total, never its evaluated price (DOMAIN.md §P5).
    package var contractPrice: Fen { awardee.quotedFen }

    /// The better-ranked quotes passed over; each is a candidate for a refused-award credit event (§S1).
    package var passedOver: [CompetitionResult.RankedQuote] { Array(result.ranking.prefix(awardee.rank - 1)) }
}

/// Why and when the unit cancelled a competition (DOMAIN.md §K).
package struct CompetitionCancellation: Sendable, Equatable {
    /// The recorded reason (required).
    package var reason: String
    /// When it was cancelled (before the deadline).
    package var at: Date

    /// Creates a cancellation record.
    package init(reason: String, at: Date) {
        self.reason = reason
        self.at = at
    }
}
