/// A suspicion that one purchase was split to stay under a threshold (DOMAIN.md §T), visible to regulators. It
/// names the rule, the threshold, the sum and every order that caused it.
package struct SplitWarning: Sendable, Hashable {
    /// What was detected; raw values are the stored warning kinds.
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// §T1: non-tender purchases of one group reached a tender or procurement threshold.
        case splitSuspected = "split_suspected"
        /// §T2: several orders each just under the direct purchase max within a short time.
        case splitSuspectedNearLimit = "split_suspected_near_limit"
    }

    /// Which threshold the warning is about.
    package enum Threshold: String, Sendable, Hashable, Codable, CaseIterable {
        /// 公开招标数额标准 (§T1, default 2 000 000 yuan).
        case publicTender = "public_tender"
        /// 采购限额标准 (§T1, default 1 000 000 yuan).
        case procurement
        /// The direct purchase max of §O3 (§T2).
        case directPurchaseMax = "direct_purchase_max"
    }

    /// The kind.
    package var kind: Kind
    /// The DOMAIN.md rule, `§T1` or `§T2`.
    package var rule: String
    /// The threshold concerned.
    package var threshold: Threshold
    /// Its amount.
    package var thresholdAmount: Fen
    /// §T1: the group's non-tender total including the new order; §T2: the total of the listed orders.
    package var sum: Fen
    /// The unit.
    package var unitID: ID<Organisation>
    /// The order whose placement raised the warning.
    package var triggeredBy: ID<Order>
    /// Every order that caused it, by placement date, then id.
    package var orderIDs: [ID<Order>]
    /// A sentence for regulators and the unit.
    package var message: String

    /// Creates a warning.
    package init(
        kind: Kind, rule: String, threshold: Threshold, thresholdAmount: Fen, sum: Fen, unitID: ID<Organisation>,
        triggeredBy: ID<Order>, orderIDs: [ID<Order>], message: String
    ) {
        self.kind = kind
        self.rule = rule
        self.threshold = threshold
        self.thresholdAmount = thresholdAmount
        self.sum = sum
        self.unitID = unitID
        self.triggeredBy = triggeredBy
        self.orderIDs = orderIDs
        self.message = message
    }
}
