/// How a purchase was made; splitting detection (DOMAIN.md §T) counts everything but tenders.
/// Raw values are the stored text values.
package enum ProcurementMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// 直购: a mall listing bought at its price.
    case directPurchase = "direct_purchase"
    /// 竞价 / 询价: a mall competition (§K).
    case competition
    /// A stage-2 order under a framework agreement (§F).
    case frameworkAgreement = "framework_agreement"
    /// 公开招标 / 邀请招标: a tender, the method the thresholds require.
    case tender

    /// Whether the amount counts towards the §T1 sums: every method except a tender.
    package var countsTowardsSplitting: Bool { self != .tender }
}
