/// What one order's contract fixes about payment (DOMAIN.md §O5), captured when the order is placed and never
/// recomputed: in particular the supplier's size *at contract time*.
package struct PaymentTerms: Sendable, Hashable, Codable {
    /// The event that starts the payment clock (保障中小企业款项支付条例 Art 9).
    package enum ClockStart: String, Sendable, Hashable, Codable, CaseIterable {
        /// The delivery date (交付之日), the default.
        case delivery
        /// The date the acceptance check passed (验收合格之日), when the contract makes acceptance the condition.
        case acceptance
    }

    /// The supplier's enterprise size when the contract was made; small, medium and micro count as SME.
    package var supplierSize: EnterpriseSize
    /// What starts the clock.
    package var clockStart: ClockStart
    /// The payment term agreed in the contract, in calendar days; `nil` uses the policy's default.
    package var agreedTermDays: Int?
    /// The late-payment interest per day agreed in the contract; `nil` uses the statutory default.
    package var agreedDailyInterest: BasisPoints?

    /// Creates terms.
    package init(
        supplierSize: EnterpriseSize, clockStart: ClockStart = .delivery, agreedTermDays: Int? = nil,
        agreedDailyInterest: BasisPoints? = nil
    ) {
        self.supplierSize = supplierSize
        self.clockStart = clockStart
        self.agreedTermDays = agreedTermDays
        self.agreedDailyInterest = agreedDailyInterest
    }
}
