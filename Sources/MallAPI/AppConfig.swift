import Foundation
import MallCore

/// Settings of the HTTP application, parsed from the environment by `govmall` (and only there).
package struct AppConfig: Sendable {
    /// Address to bind (`HOST`).
    package var host: String = "0.0.0.0"
    /// Port to listen on (`PORT`).
    package var port: Int = 8080
    /// How long a bearer token lives (`GOVMALL_TOKEN_TTL_SECONDS`).
    package var tokenLifetime: TimeInterval = 8 * 3600
    /// The largest request body accepted (`GOVMALL_BODY_LIMIT_BYTES`); larger bodies answer 413.
    package var bodyLimitBytes: Int = 1 << 20
    /// bcrypt cost for new password hashes (`GOVMALL_BCRYPT_COST`).
    package var bcryptCost: UInt8 = 12
    /// The lock-out rule for repeated failed logins.
    package var loginThrottle = LoginThrottle()
    /// Reference-price freshness and the grace period before a violating listing is delisted
    /// (`GOVMALL_REFERENCE_FRESH_DAYS`, `GOVMALL_PRICE_GRACE_DAYS`).
    package var priceControl = PriceControl()
    /// How often the price-control sweep runs (`GOVMALL_PRICE_SWEEP_SECONDS`).
    package var priceSweepInterval: Duration = .seconds(300)
    /// How often the search index applies listing changes when nobody searches (`GOVMALL_SEARCH_INDEX_SECONDS`;
    /// a search always applies them first).
    package var searchIndexInterval: Duration = .seconds(5)
    /// How often the audit chain's sequencer links new audit rows (`GOVMALL_AUDIT_CHAIN_SECONDS`).
    package var auditChainInterval: Duration = .seconds(1)
    /// The order pipeline's numbers: direct purchase max (`GOVMALL_DIRECT_PURCHASE_MAX_FEN`,
    /// `GOVMALL_DIRECT_PURCHASE_OVERRIDES`), splitting thresholds (`GOVMALL_PUBLIC_TENDER_THRESHOLD_FEN`,
    /// `GOVMALL_PROCUREMENT_THRESHOLD_FEN`), payment terms and credit settings (DOMAIN.md §O3, §T, §O5, §S1).
    package var orders = OrderPolicy()
    /// Competitions (DOMAIN.md §K1, §K2, §F7): minimum response times in working days
    /// (`GOVMALL_COMPETITION_MIN_RESPONSE_DAYS`, `GOVMALL_SECOND_BIDDING_MIN_RESPONSE_DAYS`) and the SME price
    /// deduction (`GOVMALL_SME_DEDUCTION_BP`, 1 000–2 000).
    package var competitions = CompetitionSettings()
    /// How often the deadline service closes due competitions (`GOVMALL_COMPETITION_CLOSE_SECONDS`).
    package var competitionCloseInterval: Duration = .seconds(5)
    /// The policy reports' numbers (DOMAIN.md §V2, §G3): the minimum reserved 832 ratio
    /// (`GOVMALL_POVERTY_MIN_RATIO_BP`), the canteen filing deadline (`GOVMALL_CANTEEN_FILING_DEADLINE`, `MM-DD`)
    /// and the green share target (`GOVMALL_GREEN_TARGET_BP`). The contract notice term (§O6,
    /// `GOVMALL_CONTRACT_NOTICE_WORKING_DAYS`) is `orders.contractNoticeWorkingDays`.
    package var policy = PolicySettings()
    /// Framework-agreement numbers: term limits, minimum elimination rate, SME deduction of stage-1
    /// evaluation (DOMAIN.md §F1–§F3; defaults of the numbers table).
    package var agreements = AgreementSettings()
    /// Open data (DOMAIN.md §X2): the OCDS ocid prefix, publisher, licence and publication policy
    /// (`GOVMALL_OCDS_OCID_PREFIX`, `GOVMALL_OCDS_PUBLISHER_NAME`, `GOVMALL_OCDS_PUBLISHER_URI`,
    /// `GOVMALL_OCDS_LICENSE`, `GOVMALL_OCDS_PUBLICATION_POLICY`).
    package var ocds: OCDSSettings = .mallDefault
    /// The server's public base URL, e.g. `https://govmall.example.cn` (`GOVMALL_PUBLIC_URL`): OCDS packages name
    /// their own absolute URL and link the next page with it. `nil`: `http://` and the request's `Host`.
    package var publicBaseURL: String?

    package init() {}
}
