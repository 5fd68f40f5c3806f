import Foundation

/// Supplier credit scoring (DOMAIN.md §S1). The formula:
///
/// `score(year) = max(0, 100 − Σ points(e))` over the events `e` whose China date falls in `year`, where
/// `points` is `deduction(for:settings:)`, never negative. So every year starts again at 100, an event never
/// raises a score, and the report lists each event with its points and rule.
package enum CreditScore {
    /// The score every supplier starts each calendar year with (DOMAIN.md §S1).
    package static let startingScore = 100

    /// The explainable score of one supplier for `year` (DOMAIN.md §S1). `events` may span years; only
    /// those whose `occurredAt` falls in `year` (China time) count.
    package static func compute(
        events: [CreditEvent], year: Int, settings: CreditSettings = CreditSettings()
    ) -> CreditReport {
        let counted = events.filter { LocalDate($0.occurredAt).year == year }.sorted {
            ($0.occurredAt, $0.id.description) < ($1.occurredAt, $1.id.description)
        }
        var total = 0
        var lines: [CreditReport.Line] = []
        for event in counted {
            let (points, rule, explanation) = deduction(for: event.kind, settings: settings)
            total += points
            lines.append(
                .init(
                    event: event, points: points, rule: rule, explanation: explanation,
                    scoreAfter: max(0, startingScore - total)))
        }
        let score = max(0, startingScore - total)
        let (band, months, upper) = band(of: score, settings: settings)
        let since = upper.flatMap { bound in lines.first { $0.scoreAfter < bound }?.event.occurredAt }
        return CreditReport(
            year: year, score: score, totalDeducted: total, band: band, exposureMonths: months, bandSince: since,
            lines: lines)
    }

    /// The band of a score and its exposure months (DOMAIN.md §S1; see `CreditBand`), with the threshold
    /// the score is below (`nil` for `good`).
    package static func band(
        of score: Int, settings: CreditSettings = CreditSettings()
    ) -> (band: CreditBand, exposureMonths: Int, below: Int?) {
        if score < settings.severeBelow { return (.severe, settings.severeExposureMonths, settings.severeBelow) }
        if score < settings.seriousBelow { return (.serious, settings.seriousExposureMonths, settings.seriousBelow) }
        if score < settings.warningBelow { return (.warning, settings.warningExposureMonths, settings.warningBelow) }
        return (.good, 0, nil)
    }

    /// What one event deducts, under which rule, and why (DOMAIN.md §S1). Points are never negative.
    ///
    /// - rating: `poorRatingPoints` when (delivery + quality + service) / 3 < `poorRatingBelowAverage`,
    ///   compared exactly as `sum < 3 × bound`; else 0.
    /// - price violation, refused award, failed acceptance: their fixed points.
    /// - late delivery of d days: `min(lateDeliveryMaxPoints, lateDeliveryPointsPerWeek × ⌈d / 7⌉)`; 0 for d ≤ 0.
    /// - operator deduction: its points clamped to 0–100.
    package static func deduction(
        for kind: CreditEvent.Kind, settings: CreditSettings
    ) -> (points: Int, rule: CreditRule, explanation: String) {
        func nonNegative(_ points: Int) -> Int { max(0, points) }
        switch kind {
        case .rating(let rating):
            let average = averageText(rating.sum)
            if rating.sum < 3 * settings.poorRatingBelowAverage {
                let points = nonNegative(settings.poorRatingPoints)
                return (
                    points, .poorRating,
                    "average rating \(average) below \(settings.poorRatingBelowAverage): −\(points)"
                )
            }
            return (0, .ratingAcceptable, "average rating \(average), not below \(settings.poorRatingBelowAverage): −0")
        case .priceViolation:
            let points = nonNegative(settings.priceViolationPoints)
            return (points, .priceViolation, "delisted for a price above the reference price: −\(points)")
        case .refusedAward:
            let points = nonNegative(settings.refusedAwardPoints)
            return (points, .refusedAward, "refused an award: −\(points)")
        case .lateDelivery(let days):
            guard days > 0 else { return (0, .lateDelivery, "delivered on time: −0") }
            let weeks = (days + 6) / 7
            let uncapped = Int(clamping: Int64(weeks) * Int64(nonNegative(settings.lateDeliveryPointsPerWeek)))
            let points = min(nonNegative(settings.lateDeliveryMaxPoints), uncapped)
            return (
                points, .lateDelivery,
                "delivered \(days) day(s) late, \(weeks) started week(s) × \(settings.lateDeliveryPointsPerWeek), "
                    + "at most \(settings.lateDeliveryMaxPoints): −\(points)"
            )
        case .acceptanceFailed:
            let points = nonNegative(settings.acceptanceFailedPoints)
            return (points, .acceptanceFailed, "acceptance failed: −\(points)")
        case .operatorDeduction(let requested, let reason):
            let points = min(startingScore, nonNegative(requested))
            return (points, .operatorDeduction, "operator deduction (\(reason)): −\(points)")
        }
    }

    /// `sum / 3` with two decimals, half-up (display only).
    private static func averageText(_ sum: Int) -> String {
        let hundredths = Int(Rounding.halfUp.divide(Int128(sum) * 100, by: 3))
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
