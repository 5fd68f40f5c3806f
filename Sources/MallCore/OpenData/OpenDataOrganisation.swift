import Foundation

/// An organisation as open data shows it (DOMAIN.md §X2): a unit, a supplier or the operator. Only organisation
/// facts: the snapshot has no field for any person (no user names, phone numbers or e-mail addresses), so a
/// release built from it cannot carry personal data.
package struct OpenDataOrganisation: Sendable, Hashable, Codable {
    /// GovMall's organisation id.
    package var id: ID<Organisation>
    /// The organisation's registered name.
    package var name: String
    /// Where it is registered (GB/T 2260).
    package var region: RegionCode
    /// A supplier's declared enterprise size at contract time (DOMAIN.md §G1, §O5); `nil` for units and the
    /// operator, and for a supplier without a size declaration (声明函).
    package var size: EnterpriseSize?
    /// Whether a supplier is registered in one of the 832 former poverty counties (DOMAIN.md §V1).
    package var isPovertyCounty: Bool

    /// Creates an organisation.
    package init(
        id: ID<Organisation>, name: String, region: RegionCode, size: EnterpriseSize? = nil,
        isPovertyCounty: Bool = false
    ) {
        self.id = id
        self.name = name
        self.region = region
        self.size = size
        self.isPovertyCounty = isPovertyCounty
    }
}

/// A green certificate a line's product holds (DOMAIN.md §C5, 财库〔2019〕9号, 18号, 19号).
package enum OpenDataGreenCertificate: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 节能产品认证: on the energy-saving list.
    case energySaving = "energy_saving"
    /// 环境标志产品认证: on the eco-label list.
    case ecoLabel = "eco_label"

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An SME policy measure that applied to a purchase (财库〔2020〕46号, DOMAIN.md §K2, §F2, §G).
package enum OpenDataSMEMeasure: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 价格扣除: small/micro quotes were evaluated with the SME price deduction (§K2, §F2).
    case priceDeduction = "price_deduction"
    /// 预留份额: the purchase was reserved for SMEs (46号 Art 8).
    case reservedForSMEs = "reserved_for_smes"

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How stage-2 orders are placed under a framework agreement (DOMAIN.md §F6–§F8). Raw values are the stored text
/// values.
package enum OpenDataStageTwoMethod: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 直接选定 (§F6): no reopening of competition.
    case directSelection = "direct_selection"
    /// 二次竞价 (§F7): competition is reopened among the admitted suppliers.
    case secondBidding = "second_bidding"
    /// 顺序轮候 (§F8): no reopening of competition.
    case rotation

    /// Whether the method reopens competition (OCDS `withReopeningCompetition`).
    package var reopensCompetition: Bool { self == .secondBidding }

    /// The method's Chinese name.
    package var chineseName: String {
        switch self {
        case .directSelection: "直接选定"
        case .secondBidding: "二次竞价"
        case .rotation: "顺序轮候"
        }
    }

    /// The order of DOMAIN.md §F6–§F8 (direct selection, second bidding, rotation), used when methods are listed.
    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .directSelection: 0
        case .secondBidding: 1
        case .rotation: 2
        }
    }
}
