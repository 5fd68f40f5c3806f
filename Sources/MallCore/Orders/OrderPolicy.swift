import Foundation

/// The configurable numbers of the order pipeline, in one value the server is configured with: the direct
/// purchase max (DOMAIN.md §O3), the splitting detectors (§T), the payment terms (§O5) and supplier credit
/// (§S1). Every number has DOMAIN.md's default; regions override them through configuration, never code.
package struct OrderPolicy: Sendable, Hashable {
    /// DOMAIN.md §O3: the direct purchase max per order, by region and category.
    package var directPurchaseLimits: DirectPurchaseLimits
    /// DOMAIN.md §T1, §T2: thresholds and the near-limit window.
    package var splitDetector: SplitDetector
    /// DOMAIN.md §O5: payment terms and late-payment interest.
    package var paymentTerms: PaymentTermsPolicy
    /// DOMAIN.md §S1: points per credit event and the bands.
    package var credit: CreditSettings
    /// The most lines one order request may have.
    package var maxLinesPerRequest: Int
    /// DOMAIN.md §O6: an order's contract notice is due this many working days after the supplier confirms it.
    package var contractNoticeWorkingDays = 2

    /// Creates a policy; every argument defaults to DOMAIN.md's numbers.
    package init(
        directPurchaseLimits: DirectPurchaseLimits = DirectPurchaseLimits(),
        splitDetector: SplitDetector = SplitDetector(),
        paymentTerms: PaymentTermsPolicy = PaymentTermsPolicy(), credit: CreditSettings = CreditSettings(),
        maxLinesPerRequest: Int = 100
    ) {
        self.directPurchaseLimits = directPurchaseLimits
        self.splitDetector = splitDetector
        self.paymentTerms = paymentTerms
        self.credit = credit
        self.maxLinesPerRequest = maxLinesPerRequest
    }

    /// Throws `config.invalid` (or `credit.settings_invalid`) when a part is out of range.
    package func validate() throws(DomainError) {
        try directPurchaseLimits.validate()
        try splitDetector.validate()
        try credit.validate()
        guard (0...30).contains(contractNoticeWorkingDays) else {
            throw DomainError(.configInvalid, "a contract notice is due 0 to 30 working days after signing")
        }
        guard (1...1000).contains(maxLinesPerRequest) else {
            throw DomainError(.configInvalid, "an order request has 1 to 1000 lines at most")
        }
    }
}

extension DirectPurchaseLimits.Override {
    /// Parses a comma-separated list of overrides, each `REGION:CATEGORY=MAXFEN` where either prefix may be
    /// empty (every region, every category), e.g. `53:A02=10000000,3301:=5000000` (DOMAIN.md §O3: the max is
    /// local configuration). Throws `config.invalid` naming the bad entry.
    package static func parseList(_ text: String) throws(DomainError) -> [Self] {
        var result: [Self] = []
        for raw in text.split(separator: ",") {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            let sides = entry.split(separator: "=", omittingEmptySubsequences: false)
            let scope = sides.first?.split(separator: ":", omittingEmptySubsequences: false) ?? []
            guard sides.count == 2, scope.count == 2, let max = Int64(sides[1]), max >= 0,
                scope[0].count <= 6, scope[0].allSatisfy(\.isASCII), scope[0].allSatisfy(\.isNumber),
                scope[1].count <= 9, scope[1].allSatisfy({ $0.isASCII && ($0.isNumber || "ABC".contains($0)) })
            else {
                throw DomainError(
                    .configInvalid,
                    "direct purchase override \(entry) is not REGION:CATEGORY=MAXFEN (e.g. 53:A02=10000000)")
            }
            result.append(
                Self(
                    regionPrefix: scope[0].isEmpty ? nil : String(scope[0]),
                    categoryPrefix: scope[1].isEmpty ? nil : String(scope[1]), max: Fen(max)))
        }
        return result
    }
}
