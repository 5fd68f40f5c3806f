/// The configurable numbers of supplier credit (DOMAIN.md §S1): points per event kind and the band
/// thresholds. DOMAIN.md fixes the start (100 each year) and the bands 90/80/60 with exposure of 1, 3, 6
/// months (天津, local, so configurable); the points per event are **(default)** values of this project,
/// to be tuned per region.
package struct CreditSettings: Sendable, Equatable, Hashable {
    /// A rating whose average of delivery, quality and service is strictly below this deducts (default 3).
    package var poorRatingBelowAverage: Int
    /// Points a poor rating deducts (default 2).
    package var poorRatingPoints: Int
    /// Points a price violation deducts (default 5).
    package var priceViolationPoints: Int
    /// Points a refused award deducts (default 10).
    package var refusedAwardPoints: Int
    /// Points per started week (7 days) of late delivery (default 1)…
    package var lateDeliveryPointsPerWeek: Int
    /// …at most this many per delivery (default 5).
    package var lateDeliveryMaxPoints: Int
    /// Points a failed acceptance deducts (default 5).
    package var acceptanceFailedPoints: Int
    /// A score below this is in the warning band (default 90)…
    package var warningBelow: Int
    /// …and is publicly exposed this many months (default 1).
    package var warningExposureMonths: Int
    /// A score below this is in the serious band (default 80)…
    package var seriousBelow: Int
    /// …exposed this many months (default 3).
    package var seriousExposureMonths: Int
    /// A score below this is in the severe band (default 60)…
    package var severeBelow: Int
    /// …exposed this many months (default 6).
    package var severeExposureMonths: Int

    /// Creates settings; every argument defaults as documented on its property.
    package init(
        poorRatingBelowAverage: Int = 3, poorRatingPoints: Int = 2, priceViolationPoints: Int = 5,
        refusedAwardPoints: Int = 10, lateDeliveryPointsPerWeek: Int = 1, lateDeliveryMaxPoints: Int = 5,
        acceptanceFailedPoints: Int = 5,
        warningBelow: Int = 90, warningExposureMonths: Int = 1,
        seriousBelow: Int = 80, seriousExposureMonths: Int = 3,
        severeBelow: Int = 60, severeExposureMonths: Int = 6
    ) {
        self.poorRatingBelowAverage = poorRatingBelowAverage
        self.poorRatingPoints = poorRatingPoints
        self.priceViolationPoints = priceViolationPoints
        self.refusedAwardPoints = refusedAwardPoints
        self.lateDeliveryPointsPerWeek = lateDeliveryPointsPerWeek
        self.lateDeliveryMaxPoints = lateDeliveryMaxPoints
        self.acceptanceFailedPoints = acceptanceFailedPoints
        self.warningBelow = warningBelow
        self.warningExposureMonths = warningExposureMonths
        self.seriousBelow = seriousBelow
        self.seriousExposureMonths = seriousExposureMonths
        self.severeBelow = severeBelow
        self.severeExposureMonths = severeExposureMonths
    }

    /// Throws `credit.settings_invalid` listing every problem: points outside 0–100, a poor-rating bound
    /// outside 2–5 (no average is below 1), thresholds not `100 ≥ warning > serious > severe ≥ 1`, negative
    /// exposure months.
    package func validate() throws(DomainError) {
        var problems: [DomainError.FieldError] = []
        func check(_ ok: Bool, _ field: String, _ message: String) {
            if !ok { problems.append(.init(field: field, code: "out_of_range", message: message)) }
        }
        let points: [(String, Int)] = [
            ("poorRatingPoints", poorRatingPoints), ("priceViolationPoints", priceViolationPoints),
            ("refusedAwardPoints", refusedAwardPoints), ("lateDeliveryPointsPerWeek", lateDeliveryPointsPerWeek),
            ("lateDeliveryMaxPoints", lateDeliveryMaxPoints), ("acceptanceFailedPoints", acceptanceFailedPoints),
        ]
        for (field, value) in points { check((0...100).contains(value), field, "\(field) is 0 to 100 points") }
        check((2...5).contains(poorRatingBelowAverage), "poorRatingBelowAverage", "the poor-rating bound is 2 to 5")
        check(
            warningBelow <= CreditScore.startingScore && warningBelow > seriousBelow && seriousBelow > severeBelow
                && severeBelow >= 1,
            "warningBelow", "band thresholds satisfy 100 ≥ warning > serious > severe ≥ 1")
        for (field, months) in [
            ("warningExposureMonths", warningExposureMonths), ("seriousExposureMonths", seriousExposureMonths),
            ("severeExposureMonths", severeExposureMonths),
        ] {
            check(months >= 0, field, "\(field) is 0 or more")
        }
        if !problems.isEmpty {
            throw DomainError(.creditSettingsInvalid, "the credit settings are invalid", fields: problems)
        }
    }
}
