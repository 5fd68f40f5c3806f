import Foundation
import MallCore

/// Deterministic settings, organisations, orders and agreements for the open-data tests (DOMAIN.md §X2).
enum OCDSFixtures {
    /// A UUID whose last bytes spell `n`.
    static func uuid(_ n: Int) -> UUID {
        let b = UInt64(n)
        return UUID(
            uuid: (
                0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, UInt8(truncatingIfNeeded: b >> 24),
                UInt8(truncatingIfNeeded: b >> 16), UInt8(truncatingIfNeeded: b >> 8), UInt8(truncatingIfNeeded: b)
            ))
    }

    /// The instant `hour:minute` on `date` in China (UTC+8).
    static func at(_ date: String, _ hour: Int, _ minute: Int = 0) -> Date {
        guard let day = LocalDate(date) else { preconditionFailure("fixture date \(date) is not YYYY-MM-DD") }
        return Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + (hour - 8) * 3_600 + minute * 60))
    }

    static func region(_ code: String) -> RegionCode {
        guard let region = RegionCode(code) else { preconditionFailure("fixture region \(code)") }
        return region
    }

    static func date(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { preconditionFailure("fixture date \(text)") }
        return date
    }

    // MARK: - Organisations

    static let centre = OpenDataOrganisation(
        id: ID(uuid(1)), name: "北京市政府采购中心", region: region("110000"))
    static let unit = OpenDataOrganisation(
        id: ID(uuid(2)), name: "北京市东城区教育委员会", region: region("110101"))
    static let smallSupplier = OpenDataOrganisation(
        id: ID(uuid(3)), name: "北京启明办公设备有限公司", region: region("110105"), size: .small)
    static let largeSupplier = OpenDataOrganisation(
        id: ID(uuid(4)), name: "联想（北京）有限公司", region: region("110108"), size: .large)
    static let povertySupplier = OpenDataOrganisation(
        id: ID(uuid(5)), name: "丹凤县商山农产品专业合作社", region: region("611022"), size: .micro,
        isPovertyCounty: true)
    static let undeclaredSupplier = OpenDataOrganisation(
        id: ID(uuid(6)), name: "某贸易有限公司", region: region("110102"))

    // MARK: - Settings

    static func settings() throws -> OCDSSettings {
        try OCDSSettings(
            ocidPrefix: "ocds-g0vm11-",
            publisher: OCDSPublisher(name: "GovMall 北京市政府采购电子卖场", uri: "https://govmall.example.cn"),
            license: "https://creativecommons.org/licenses/by/4.0/",
            publicationPolicy: "https://govmall.example.cn/open-data/policy", centralPurchasingBody: centre)
    }

    static func builder() throws -> OCDSReleaseBuilder { OCDSReleaseBuilder(settings: try settings()) }

    // MARK: - Orders

    /// A paid direct purchase of 2 desktops (energy-saving) and 1 printer (energy-saving and eco-label) from a
    /// small supplier: 2 × ¥4 999.99 + 1 × ¥1 299.10 = ¥11 299.08.
    static func directPurchase(paid: Bool = true) -> OpenDataOrder {
        OpenDataOrder(
            id: ID(uuid(100)), orderNo: "GM20250303000100", title: "台式计算机等采购", method: .directPurchase,
            unit: unit, supplier: smallSupplier,
            lines: [
                .init(
                    number: 1, title: "联想 启天M437 台式计算机", categoryCode: "A02010105", categoryName: "台式计算机",
                    quantity: 2, unitName: "台", unitPriceFen: Fen(499_999), lineTotalFen: Fen(999_998),
                    greenCertificates: [.energySaving]),
                .init(
                    number: 2, title: "奔图 P3305DN 激光打印机", categoryCode: "A02021000", categoryName: "打印机",
                    quantity: 1, unitName: "台", unitPriceFen: Fen(129_910), lineTotalFen: Fen(129_910),
                    greenCertificates: [.energySaving, .ecoLabel]),
            ],
            totalFen: Fen(1_129_908), placedAt: at("2025-03-03", 9, 30), confirmedAt: at("2025-03-03", 14),
            acceptedAt: at("2025-03-10", 10), paidAt: paid ? at("2025-03-20", 16) : nil)
    }

    /// An accepted (unpaid) mall competition won by a large supplier, with the SME deduction in evaluation.
    static func competition() -> OpenDataOrder {
        OpenDataOrder(
            id: ID(uuid(101)), orderNo: "GM20250305000101", title: "便携式计算机竞价采购", method: .competition,
            unit: unit, supplier: largeSupplier,
            lines: [
                .init(
                    number: 1, title: "联想 昭阳K4 便携式计算机", categoryCode: "A02010108", categoryName: "便携式计算机",
                    quantity: 10, unitName: "台", unitPriceFen: Fen(560_000), lineTotalFen: Fen(5_600_000))
            ],
            totalFen: Fen(5_600_000), placedAt: at("2025-03-05", 10), confirmedAt: at("2025-03-05", 11),
            acceptedAt: at("2025-03-12", 9), numberOfTenderers: 4, smeMeasures: [.priceDeduction])
    }

    /// A paid stage-2 order of the desktop agreement, by `method`, from the poverty-county supplier (services).
    static func callOff(_ method: OpenDataStageTwoMethod = .rotation) -> OpenDataOrder {
        OpenDataOrder(
            id: ID(uuid(102)), orderNo: "GM20250401000102", title: "台式计算机框架协议采购", method: .frameworkAgreement,
            unit: unit, supplier: povertySupplier,
            lines: [
                .init(
                    number: 1, title: "台式计算机（协议第1包）", categoryCode: "A02010105", categoryName: "台式计算机",
                    quantity: 3, unitName: "台", unitPriceFen: Fen(455_000), lineTotalFen: Fen(1_365_000))
            ],
            orderFeesFen: Fen(5_000), totalFen: Fen(1_370_000), placedAt: at("2025-04-01", 9),
            confirmedAt: at("2025-04-01", 10), acceptedAt: at("2025-04-08", 10), paidAt: at("2025-04-15", 10),
            callOff: .init(agreementID: agreementID, agreementTitle: "2025年度台式计算机框架协议采购", method: method),
            numberOfTenderers: method == .secondBidding ? 3 : nil)
    }

    // MARK: - Agreements

    static let agreementID = uuid(200)

    /// A closed goods agreement for 2025 with two lots, second bidding at or above an amount and rotation below
    /// it, a 10 % SME deduction; three admissions, one of them no longer active.
    static func agreement(
        methods: Set<OpenDataStageTwoMethod> = [.secondBidding, .rotation], kind: OpenDataAgreement.Kind = .closed,
        updatedAt: Date = at("2025-03-01", 12)
    ) -> OpenDataAgreement {
        OpenDataAgreement(
            id: agreementID, agreementNo: "FA-2025-001", title: "2025年度台式计算机框架协议采购", subject: .goods,
            kind: kind, termStart: date("2025-03-01"), termEnd: date("2026-02-28"), buyerCategories: "北京市市级及区级预算单位",
            lots: [
                .init(
                    number: 1, name: "台式计算机", categoryCode: "A02010105", categoryName: "台式计算机", unitName: "台",
                    maxUnitPriceFen: Fen(500_000), estimatedQuantity: 2_000),
                .init(
                    number: 2, name: "激光打印机", categoryCode: "A02021000", categoryName: "打印机", unitName: "台",
                    maxUnitPriceFen: Fen(150_000), estimatedQuantity: 500),
            ],
            stageTwoMethods: methods, smePriceDeduction: .percent(10), numberOfTenderers: 9,
            admitted: [
                .init(
                    supplier: povertySupplier, lotNumber: 1, agreedUnitPriceFen: Fen(455_000),
                    admittedAt: at("2025-02-20", 10)),
                .init(
                    supplier: largeSupplier, lotNumber: 1, agreedUnitPriceFen: Fen(468_800),
                    admittedAt: at("2025-02-20", 10)),
                .init(
                    supplier: povertySupplier, lotNumber: 2, agreedUnitPriceFen: Fen(139_900),
                    admittedAt: at("2025-02-20", 10)),
                .init(
                    supplier: smallSupplier, lotNumber: 2, agreedUnitPriceFen: Fen(142_050),
                    admittedAt: at("2025-02-20", 10), isActive: false),
            ],
            signedAt: at("2025-02-25", 10), updatedAt: updatedAt, revision: 3)
    }

    // MARK: - JSON

    /// The release as a JSON object (through the package encoder), for field-by-field checks.
    static func json(_ release: OCDSRelease) throws -> [String: Any] {
        let data = try OCDSReleasePackage.encoder().encode(release)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            preconditionFailure("a release encodes as an object")
        }
        return object
    }
}

/// Walks a JSON value by keys and indexes, e.g. `jsonAt(json, "tender", "items", 0, "unit")`.
func jsonAt(_ json: Any?, _ path: Any...) -> Any? {
    var current = json
    for step in path {
        switch step {
        case let key as String: current = (current as? [String: Any])?[key]
        case let index as Int:
            guard let array = current as? [Any], array.indices.contains(index) else { return nil }
            current = array[index]
        default: return nil
        }
    }
    return current
}
