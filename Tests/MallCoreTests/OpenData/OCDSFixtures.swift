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
        id: ID(uuid(6)), name: "北京丰顺粮油贸易有限公司", region: region("110102"))
    static let mediumSupplier = OpenDataOrganisation(
        id: ID(uuid(7)), name: "北京中科华信电子有限公司", region: region("110108"), size: .medium)

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

    /// A paid direct purchase of 2 desktops (energy-saving) and 1 A4 laser printer (energy-saving and eco-label)
    /// from a small supplier: 2 × ¥4 999.99 + 1 × ¥1 299.10 = ¥11 299.08.
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
                    number: 2, title: "奔图 P3305DN 黑白激光打印机", categoryCode: "A02021003",
                    categoryName: "A4黑白打印机", quantity: 1, unitName: "台", unitPriceFen: Fen(129_910),
                    lineTotalFen: Fen(129_910), greenCertificates: [.energySaving, .ecoLabel]),
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

    /// A paid stage-2 order of the desktop agreement, by `method`, from the medium supplier, with a ¥50 delivery
    /// fee outside the line: 3 × ¥4 550 + ¥50 = ¥13 700.
    static func callOff(_ method: OpenDataStageTwoMethod = .rotation) -> OpenDataOrder {
        OpenDataOrder(
            id: ID(uuid(102)), orderNo: "GM20250401000102", title: "台式计算机框架协议采购", method: .frameworkAgreement,
            unit: unit, supplier: mediumSupplier,
            lines: [
                .init(
                    number: 1, title: "中科华信 HX-D5 台式计算机（协议第1包）", categoryCode: "A02010105",
                    categoryName: "台式计算机", quantity: 3, unitName: "台", unitPriceFen: Fen(455_000),
                    lineTotalFen: Fen(1_365_000), greenCertificates: [.energySaving])
            ],
            orderFeesFen: Fen(5_000), totalFen: Fen(1_370_000), placedAt: at("2025-04-01", 9),
            confirmedAt: at("2025-04-01", 10), acceptedAt: at("2025-04-08", 10), paidAt: at("2025-04-15", 10),
            callOff: .init(agreementID: agreementID, agreementTitle: "2025年度台式计算机框架协议采购", method: method),
            numberOfTenderers: method == .secondBidding ? 3 : nil)
    }

    /// A paid canteen order under the 832 food agreement, by direct selection, from the poverty-county
    /// cooperative (DOMAIN.md §V): 40 × ¥68.00 + 60 × ¥59.90 = ¥6 314.00, paid just after midnight in Beijing
    /// (still the previous day in UTC).
    static func foodCallOff() -> OpenDataOrder {
        OpenDataOrder(
            id: ID(uuid(103)), orderNo: "GM20250512000103", title: "食堂脱贫地区农副产品采购", method: .frameworkAgreement,
            unit: unit, supplier: povertySupplier,
            lines: [
                .init(
                    number: 1, title: "商山小米 5kg/袋", categoryCode: "A07060102", categoryName: "碾磨谷物及谷物加工品",
                    quantity: 40, unitName: "袋", unitPriceFen: Fen(6_800), lineTotalFen: Fen(272_000)),
                .init(
                    number: 2, title: "丹凤核桃油 500ml/瓶", categoryCode: "A07060105", categoryName: "植物油及其制品",
                    quantity: 60, unitName: "瓶", unitPriceFen: Fen(5_990), lineTotalFen: Fen(359_400)),
            ],
            totalFen: Fen(631_400), placedAt: at("2025-05-12", 8, 15), confirmedAt: at("2025-05-12", 11),
            acceptedAt: at("2025-05-16", 15), paidAt: at("2025-05-20", 0, 30),
            callOff: .init(
                agreementID: foodAgreementID, agreementTitle: "2025年度脱贫地区农副产品框架协议采购",
                method: .directSelection))
    }

    // MARK: - Agreements

    static let agreementID = uuid(200)
    static let foodAgreementID = uuid(201)

    /// A closed goods agreement for 2025 with two lots (desktops, A4 printers), second bidding at or above an
    /// amount and rotation below it, a 10 % SME deduction; four admissions, the last one no longer active.
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
                    number: 2, name: "A4黑白激光打印机", categoryCode: "A02021003", categoryName: "A4黑白打印机",
                    unitName: "台", maxUnitPriceFen: Fen(150_000), estimatedQuantity: 500),
            ],
            stageTwoMethods: methods, smePriceDeduction: .percent(10), numberOfTenderers: 9,
            admitted: [
                .init(
                    supplier: mediumSupplier, lotNumber: 1, agreedUnitPriceFen: Fen(455_000),
                    admittedAt: at("2025-02-20", 10)),
                .init(
                    supplier: largeSupplier, lotNumber: 1, agreedUnitPriceFen: Fen(468_800),
                    admittedAt: at("2025-02-20", 10)),
                .init(
                    supplier: mediumSupplier, lotNumber: 2, agreedUnitPriceFen: Fen(139_900),
                    admittedAt: at("2025-02-20", 10)),
                .init(
                    supplier: smallSupplier, lotNumber: 2, agreedUnitPriceFen: Fen(142_050),
                    admittedAt: at("2025-02-20", 10), isActive: false),
            ],
            signedAt: at("2025-02-25", 10), updatedAt: updatedAt, revision: 3)
    }

    /// An open goods agreement for canteen food from the 832 counties (DOMAIN.md §V), direct selection, no
    /// SME deduction; the poverty-county cooperative on both lots and a trader without a size declaration
    /// who joined later.
    static func foodAgreement(updatedAt: Date = at("2025-06-01", 9)) -> OpenDataAgreement {
        OpenDataAgreement(
            id: foodAgreementID, agreementNo: "FA-2025-002", title: "2025年度脱贫地区农副产品框架协议采购",
            subject: .goods, kind: .open, termStart: date("2025-01-01"), termEnd: date("2025-12-31"),
            buyerCategories: "设有食堂的北京市预算单位",
            lots: [
                .init(
                    number: 1, name: "谷物加工品", categoryCode: "A07060102", categoryName: "碾磨谷物及谷物加工品",
                    unitName: "袋", maxUnitPriceFen: Fen(8_000)),
                .init(
                    number: 2, name: "食用植物油", categoryCode: "A07060105", categoryName: "植物油及其制品",
                    unitName: "瓶", maxUnitPriceFen: Fen(7_000)),
            ],
            stageTwoMethods: [.directSelection], numberOfTenderers: 6,
            admitted: [
                .init(
                    supplier: povertySupplier, lotNumber: 1, agreedUnitPriceFen: Fen(6_800),
                    admittedAt: at("2024-12-20", 10)),
                .init(
                    supplier: povertySupplier, lotNumber: 2, agreedUnitPriceFen: Fen(5_990),
                    admittedAt: at("2024-12-20", 10)),
                .init(
                    supplier: undeclaredSupplier, lotNumber: 1, agreedUnitPriceFen: Fen(7_500),
                    admittedAt: at("2025-04-10", 15)),
            ],
            signedAt: at("2024-12-25", 10), updatedAt: updatedAt, revision: 2)
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
