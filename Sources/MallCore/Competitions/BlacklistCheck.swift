import Foundation

/// The result of checking a supplier against the credit blacklists before an award (DOMAIN.md §K3,
/// 财库〔2016〕125号), with the time of the check, which every evaluation result keeps.
package struct BlacklistCheck: Sendable, Hashable {
    /// The lists of 财库〔2016〕125号 that bar an award.
    package enum List: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// 失信被执行人 (dishonest judgment debtors).
        case dishonestJudgmentDebtor = "dishonest_judgment_debtor"
        /// 重大税收违法案件当事人 (parties to major tax violations).
        case majorTaxViolation = "major_tax_violation"
        /// 政府采购严重违法失信行为记录名单 (serious illegal and dishonest conduct in procurement).
        case seriousIllegalDishonesty = "serious_illegal_dishonesty"

        package static func < (lhs: List, rhs: List) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The lists the supplier was found on; empty = clear.
    package var listedOn: Set<List>
    /// When the lists were queried.
    package var checkedAt: Date

    /// Creates a check result.
    package init(listedOn: Set<List> = [], checkedAt: Date) {
        self.listedOn = listedOn
        self.checkedAt = checkedAt
    }

    /// A clear result at `checkedAt`.
    package static func clear(at checkedAt: Date) -> BlacklistCheck { BlacklistCheck(checkedAt: checkedAt) }

    /// Whether the supplier is on any list and so cannot be awarded (DOMAIN.md §K3).
    package var isBlacklisted: Bool { !listedOn.isEmpty }
}
