import Foundation

/// A supplier's credit band (DOMAIN.md §S1). Reading of "bands 90/80/60 map to warnings and public exposure
/// of 1, 3, 6 months": every score below 90 carries a warning and is publicly exposed, the lower the longer.
///
/// | score      | band      | exposure |
/// |------------|-----------|----------|
/// | ≥ 90       | `good`    | none     |
/// | 80 – 89    | `warning` | 1 month  |
/// | 60 – 79    | `serious` | 3 months |
/// | < 60       | `severe`  | 6 months |
///
/// (thresholds and months are `CreditSettings`, with these defaults).
package enum CreditBand: String, Sendable, Hashable, Codable, CaseIterable {
    case good
    case warning
    case serious
    case severe
}

/// An explainable credit score for one supplier and one calendar year (DOMAIN.md §S1): the score, its band,
/// the exposure it carries, and every counted event with the points it deducted and the rule that did.
package struct CreditReport: Sendable, Equatable {
    /// The calendar year (China dates) scored.
    package var year: Int
    /// `max(0, 100 − totalDeducted)`.
    package var score: Int
    /// The sum of every line's points, before clamping at 0.
    package var totalDeducted: Int
    /// The band of `score`.
    package var band: CreditBand
    /// Months of public exposure the band carries (0 for `good`).
    package var exposureMonths: Int
    /// When the event that brought the score into its current band happened (the start of the exposure);
    /// `nil` for `good`.
    package var bandSince: Date?
    /// The year's events in order (occurredAt, then id), each with its deduction.
    package var lines: [Line]

    /// Creates a report (`CreditScore.compute` makes them).
    package init(
        year: Int, score: Int, totalDeducted: Int, band: CreditBand, exposureMonths: Int, bandSince: Date?,
        lines: [Line]
    ) {
        self.year = year
        self.score = score
        self.totalDeducted = totalDeducted
        self.band = band
        self.exposureMonths = exposureMonths
        self.bandSince = bandSince
        self.lines = lines
    }

    /// One event and what it deducted.
    package struct Line: Sendable, Equatable {
        /// The event.
        package var event: CreditEvent
        /// Points deducted (0 or more).
        package var points: Int
        /// The rule applied.
        package var rule: CreditRule
        /// How the rule applied, e.g. `average 2.33 below 3: −2`.
        package var explanation: String
        /// The score after this event, clamped at 0.
        package var scoreAfter: Int

        /// Creates a line.
        package init(event: CreditEvent, points: Int, rule: CreditRule, explanation: String, scoreAfter: Int) {
            self.event = event
            self.points = points
            self.rule = rule
            self.explanation = explanation
            self.scoreAfter = scoreAfter
        }
    }
}

/// The rule that scored an event (DOMAIN.md §S1); the raw value is a stable code.
package enum CreditRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// §S1/§O7: a rating averaging below the bound deducts `poorRatingPoints`.
    case poorRating = "credit.poor_rating"
    /// §S1/§O7: a rating averaging at or above the bound deducts nothing.
    case ratingAcceptable = "credit.rating_acceptable"
    /// §S1/§C3: a delisting for a price above the reference deducts `priceViolationPoints`.
    case priceViolation = "credit.price_violation"
    /// §S1/§K/§F10: a refused award deducts `refusedAwardPoints`.
    case refusedAward = "credit.refused_award"
    /// §S1/§O2: late delivery deducts `lateDeliveryPointsPerWeek` per started week, at most
    /// `lateDeliveryMaxPoints`; 0 days or less deducts nothing.
    case lateDelivery = "credit.late_delivery"
    /// §S1/§O2: a failed acceptance deducts `acceptanceFailedPoints`.
    case acceptanceFailed = "credit.acceptance_failed"
    /// §S1: the operator's recorded deduction, its points clamped to 0–100.
    case operatorDeduction = "credit.operator_deduction"
}
