/// The kinds of the regulators' warnings feed (issue 6 point 3), each with the rule it enforces. Adding a kind:
/// a case here and a `WarningFeedStore.Source` with its SQL (see that type).
package enum WarningKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// §T1: a group's non-tender total crossed a threshold.
    case splitSuspected = "split_suspected"
    /// §T2: several orders just under the direct purchase max.
    case splitSuspectedNearLimit = "split_suspected_near_limit"
    /// §C3: a listing priced above a fresh reference price.
    case priceAboveReference = "price_above_reference"
    /// §O5: an unpaid order past its payment due date.
    case paymentOverdue = "payment_overdue"
    /// §O6: a contract notice published late, or not yet and past its due date.
    case contractNoticeLate = "contract_notice_late"
    /// §F8: a supplier passed over in a framework agreement's rotation, with the unit's reason.
    case rotationSkip = "rotation_skip"

    /// The rule of DOMAIN.md the kind enforces.
    package var rule: String {
        switch self {
        case .splitSuspected: "§T1"
        case .splitSuspectedNearLimit: "§T2"
        case .priceAboveReference: "§C3"
        case .paymentOverdue: "§O5"
        case .contractNoticeLate: "§O6"
        case .rotationSkip: "§F8"
        }
    }
}
