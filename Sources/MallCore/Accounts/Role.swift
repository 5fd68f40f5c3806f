/// What a user may do. Units have buyers and approvers; suppliers, operators and regulators one role each
/// (DESIGN.md §3).
package enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case buyer
    case approver
    case supplier
    case `operator`
    case regulator

    /// The kind of organisation a user with this role belongs to.
    package var organisationKind: OrganisationKind {
        switch self {
        case .buyer, .approver: .unit
        case .supplier: .supplier
        case .operator: .operator
        case .regulator: .regulator
        }
    }

    package static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The four kinds of organisation on the platform.
package enum OrganisationKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 采购人 / 预算单位: a purchasing unit.
    case unit
    /// 供应商.
    case supplier
    /// 集中采购机构: the centre that runs the mall.
    case `operator`
    /// 财政部门: a finance department supervising a region.
    case regulator
}

/// A supplier's enterprise size under the SME rules (财库〔2020〕46号): large, medium, small or micro.
package enum EnterpriseSize: String, Sendable, Hashable, Codable, CaseIterable {
    case large
    case medium
    case small
    case micro

    /// Small, medium and micro enterprises (中小企业).
    package var isSME: Bool { self != .large }
    /// Small and micro enterprises (小微企业), which get the price deduction of DOMAIN.md §K2.
    package var isSmallOrMicro: Bool { self == .small || self == .micro }
}
