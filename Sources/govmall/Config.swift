import Foundation
import Logging
import MallAPI
import MallCore
import MallStore

/// The whole configuration, read from the environment once, here and nowhere else (STYLE.md §2.8).
/// Every variable is documented in the README with its default.
struct Config {
    var app = AppConfig()
    var database: DatabaseConfig
    var logLevel: Logger.Level = .info
    var schemaDirectory: URL
    var dataDirectory: URL
    /// How long a resolved principal is reused (`GOVMALL_PRINCIPAL_CACHE_SECONDS`; 0 turns it off).
    var principalCacheSeconds = 5
    /// Whether catalog search is served from the in-process index (`GOVMALL_SEARCH_INDEX`: on or off).
    var searchIndex = true

    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Config {
        func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = env[name], !raw.isEmpty else { return value }
            guard let parsed = Int(raw), range.contains(parsed) else {
                throw DomainError(.configInvalid, "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return parsed
        }
        let poolSize = try int("GOVMALL_DB_POOL_SIZE", default: 20, range: 1...500)
        guard let url = env["DATABASE_URL"], !url.isEmpty else {
            throw DomainError(
                .configInvalid,
                "DATABASE_URL is not set: run `bash deploy/run.sh`, which starts a private PostgreSQL, or set it")
        }
        var database = try DatabaseConfig(url: url, maxConnections: poolSize)
        database.loopConnections = try int("GOVMALL_DB_LOOP_CONNECTIONS", default: 1, range: 0...64)
        var config = Config(
            database: database,
            schemaDirectory: URL(fileURLWithPath: env["GOVMALL_SCHEMA_DIR"] ?? "Schema"),
            dataDirectory: URL(fileURLWithPath: env["GOVMALL_DATA_DIR"] ?? "Schema/data"))
        config.app.host = env["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "0.0.0.0"
        config.app.port = try int("PORT", default: 8080, range: 1...65535)
        config.app.tokenLifetime = TimeInterval(
            try int("GOVMALL_TOKEN_TTL_SECONDS", default: 8 * 3600, range: 60...(30 * 86400)))
        config.app.bodyLimitBytes = try int("GOVMALL_BODY_LIMIT_BYTES", default: 1 << 20, range: 1024...(1 << 30))
        config.app.bcryptCost = UInt8(try int("GOVMALL_BCRYPT_COST", default: 12, range: 4...16))
        config.app.loginThrottle = LoginThrottle(
            maxFailures: try int("GOVMALL_LOGIN_MAX_FAILURES", default: 5, range: 1...100),
            window: 15 * 60,
            lockout: TimeInterval(try int("GOVMALL_LOGIN_LOCKOUT_SECONDS", default: 900, range: 1...86400)))
        config.app.priceControl = PriceControl(
            freshness: TimeInterval(try int("GOVMALL_REFERENCE_FRESH_DAYS", default: 30, range: 1...365) * 86_400),
            grace: TimeInterval(try int("GOVMALL_PRICE_GRACE_DAYS", default: 7, range: 0...365) * 86_400))
        config.app.priceSweepInterval = .seconds(try int("GOVMALL_PRICE_SWEEP_SECONDS", default: 300, range: 1...86_400))
        config.app.auditChainInterval = .seconds(try int("GOVMALL_AUDIT_CHAIN_SECONDS", default: 1, range: 1...3600))
        config.principalCacheSeconds = try int("GOVMALL_PRINCIPAL_CACHE_SECONDS", default: 5, range: 0...300)
        config.app.searchIndexInterval = .seconds(try int("GOVMALL_SEARCH_INDEX_SECONDS", default: 5, range: 1...3600))
        switch env["GOVMALL_SEARCH_INDEX"]?.lowercased() ?? "" {
        case "", "on": config.searchIndex = true
        case "off": config.searchIndex = false
        default: throw DomainError(.configInvalid, "GOVMALL_SEARCH_INDEX must be on or off")
        }
        // DOMAIN.md §O3, §T1: the direct purchase max and the splitting thresholds are local configuration.
        let fenRange = 0...1_000_000_000_000
        config.app.orders.directPurchaseLimits = DirectPurchaseLimits(
            defaultMax: Fen(Int64(try int("GOVMALL_DIRECT_PURCHASE_MAX_FEN", default: 20_000_000, range: fenRange))),
            overrides: try DirectPurchaseLimits.Override.parseList(env["GOVMALL_DIRECT_PURCHASE_OVERRIDES"] ?? ""))
        config.app.orders.splitDetector.publicTenderThreshold = Fen(
            Int64(try int("GOVMALL_PUBLIC_TENDER_THRESHOLD_FEN", default: 200_000_000, range: 1...fenRange.upperBound)))
        config.app.orders.splitDetector.procurementThreshold = Fen(
            Int64(try int("GOVMALL_PROCUREMENT_THRESHOLD_FEN", default: 100_000_000, range: 1...fenRange.upperBound)))
        // DOMAIN.md §V2, §G3, §O6: policy report settings (regional configuration).
        config.app.orders.contractNoticeWorkingDays = try int(
            "GOVMALL_CONTRACT_NOTICE_WORKING_DAYS", default: 2, range: 0...30)
        config.app.policy.minimumReservedRatio = BasisPoints(
            Int32(try int("GOVMALL_POVERTY_MIN_RATIO_BP", default: 1000, range: 0...10_000)))
        config.app.policy.greenTarget = BasisPoints(Int32(try int("GOVMALL_GREEN_TARGET_BP", default: 8000, range: 0...10_000)))
        if let raw = env["GOVMALL_CANTEEN_FILING_DEADLINE"], !raw.isEmpty {
            guard let (month, day) = PolicySettings.parseMonthDay(raw) else {
                throw DomainError(.configInvalid, "GOVMALL_CANTEEN_FILING_DEADLINE is MM-DD, e.g. 03-31")
            }
            config.app.policy.filingDeadlineMonth = month
            config.app.policy.filingDeadlineDay = day
        }
        try config.app.orders.validate()
        // DOMAIN.md §K1, §K2, §F7: competition settings (defaults: 1 and 2 working days, 10 %).
        config.app.competitions = CompetitionSettings(
            minimumResponseWorkingDays: try int("GOVMALL_COMPETITION_MIN_RESPONSE_DAYS", default: 1, range: 0...30),
            secondBiddingMinimumResponseWorkingDays: try int(
                "GOVMALL_SECOND_BIDDING_MIN_RESPONSE_DAYS", default: 2, range: 0...30),
            smeDeduction: BasisPoints(Int32(try int("GOVMALL_SME_DEDUCTION_BP", default: 1_000, range: 1_000...2_000))))
        config.app.competitionCloseInterval = .seconds(
            try int("GOVMALL_COMPETITION_CLOSE_SECONDS", default: 5, range: 1...3600))
        // DOMAIN.md §F1–§F3: the framework-agreement numbers (term limits, elimination rate, SME deduction).
        config.app.agreements.maxTermYearsGoods = try int("GOVMALL_FA_MAX_TERM_YEARS_GOODS", default: 1, range: 1...10)
        config.app.agreements.maxTermYearsServices = try int(
            "GOVMALL_FA_MAX_TERM_YEARS_SERVICES", default: 2, range: 1...10)
        config.app.agreements.minimumEliminationRate = BasisPoints(
            Int32(try int("GOVMALL_FA_MIN_ELIMINATION_BP", default: 2_000, range: 2_000...9_999)))
        config.app.agreements.smeDeduction = BasisPoints(
            Int32(try int("GOVMALL_FA_SME_DEDUCTION_BP", default: 1_000, range: 1_000...2_000)))
        // DOMAIN.md §X2: the open-data publication. OCDS requires absolute URLs (`format: uri`).
        func absoluteURL(_ name: String) throws -> String? {
            guard let raw = env[name], !raw.isEmpty else { return nil }
            guard let parsed = URL(string: raw), ["http", "https"].contains(parsed.scheme ?? ""),
                parsed.host?.isEmpty == false, !raw.contains(" ")
            else { throw DomainError(.configInvalid, "\(name) must be an absolute http(s) URL") }
            return raw
        }
        let publisherURI = try absoluteURL("GOVMALL_OCDS_PUBLISHER_URI")
        let license = try absoluteURL("GOVMALL_OCDS_LICENSE")
        let publicationPolicy = try absoluteURL("GOVMALL_OCDS_PUBLICATION_POLICY")
        do {
            config.app.ocds = try OCDSSettings.mall(
                ocidPrefix: env["GOVMALL_OCDS_OCID_PREFIX"].flatMap { $0.isEmpty ? nil : $0 } ?? "ocds-g0vm11",
                publisherName: env["GOVMALL_OCDS_PUBLISHER_NAME"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? OCDSSettings.mallDefault.publisher.name,
                publisherURI: publisherURI, license: license, publicationPolicy: publicationPolicy)
        } catch {
            let variables = ["ocidPrefix": "GOVMALL_OCDS_OCID_PREFIX", "publisher.name": "GOVMALL_OCDS_PUBLISHER_NAME"]
            throw DomainError(
                .configInvalid,
                error.fields.map { "\(variables[$0.field] ?? $0.field): \($0.message)" }.joined(separator: "; "))
        }
        if let base = try absoluteURL("GOVMALL_PUBLIC_URL") {
            config.app.publicBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        if let level = env["LOG_LEVEL"], !level.isEmpty {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw DomainError(.configInvalid, "LOG_LEVEL is one of trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = parsed
        }
        return config
    }
}
