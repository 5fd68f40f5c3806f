import Foundation
import Logging
import MallCore
import MallStore

/// The demo world `govmall seed` loads: a regulator, the mall's operator, purchasing units (one with a
/// parent department), and suppliers of every size, two of them registered in 832 poverty counties.
/// Ids are fixed, so seeding twice changes nothing.
package struct DemoWorld: Sendable {
    /// The password of every demo user.
    package static let password = "GovMall-demo-2026"

    package struct DemoOrganisation: Sendable {
        package var org: AccountStore.NewOrganisation
        package var users: [(username: String, displayName: String, roles: [Role])]
    }

    private static func id<T>(_ n: Int) -> ID<T> {
        // 00000000-0000-7000-8000-0000000000NN: fixed, readable, and in the UUIDv7 layout.
        let suffix = String(n, radix: 16)
        let padded = String(repeating: "0", count: 12 - suffix.count) + suffix
        guard let uuid = UUID(uuidString: "00000000-0000-7000-8000-\(padded)") else {
            preconditionFailure("demo ids are well-formed")
        }
        return ID(uuid)
    }

    private static func region(_ code: String) -> RegionCode {
        guard let region = RegionCode(code) else { preconditionFailure("demo region codes are 6 digits") }
        return region
    }

    /// Every demo organisation with its users, parents before children.
    package static let organisations: [DemoOrganisation] = [
        DemoOrganisation(
            org: .init(id: id(1), kind: .operator, name: "北京市政府采购中心", regionCode: region("110000"),
                       creditCode: "12110000MB0000001A"),
            users: [("operator1", "采购中心运营 王敏", [.operator])]),
        DemoOrganisation(
            org: .init(id: id(2), kind: .regulator, name: "北京市财政局", regionCode: region("110000"),
                       creditCode: "11110000MB0000002B"),
            users: [("regulator1", "财政局监管 李强", [.regulator])]),
        DemoOrganisation(
            org: .init(id: id(3), kind: .regulator, name: "云南省财政厅", regionCode: region("530000"),
                       creditCode: "11530000MB0000003C"),
            users: [("regulator2", "财政厅监管 杨丽", [.regulator])]),
        DemoOrganisation(
            org: .init(id: id(10), kind: .unit, name: "北京市东城区教育委员会", regionCode: region("110101"),
                       creditCode: "11110101MB0000010D"),
            users: [("approver2", "教委审批 赵刚", [.approver])]),
        DemoOrganisation(
            org: .init(id: id(11), kind: .unit, name: "北京市东城区第一中学", regionCode: region("110101"),
                       creditCode: "12110101MB0000011E", parentID: id(10)),
            users: [("buyer1", "一中采购 陈静", [.buyer]), ("approver1", "一中审批 周涛", [.approver])]),
        DemoOrganisation(
            org: .init(id: id(12), kind: .unit, name: "北京市朝阳区人民医院", regionCode: region("110105"),
                       creditCode: "12110105MB0000012F"),
            users: [("buyer2", "医院采购 刘洋", [.buyer, .approver])]),
        DemoOrganisation(
            org: .init(id: id(13), kind: .unit, name: "文山州人民医院", regionCode: region("532601"),
                       creditCode: "12532601MB0000013G"),
            users: [("buyer3", "文山采购 张兰", [.buyer])]),
        DemoOrganisation(
            org: .init(id: id(20), kind: .supplier, name: "京华信息科技股份有限公司", regionCode: region("110108"),
                       creditCode: "91110108MA0000020H", enterpriseSize: .large),
            users: [("supplier1", "京华销售 孙伟", [.supplier])]),
        DemoOrganisation(
            org: .init(id: id(21), kind: .supplier, name: "燕山办公设备有限公司", regionCode: region("130102"),
                       creditCode: "91130102MA0000021J", enterpriseSize: .medium),
            users: [("supplier2", "燕山销售 吴芳", [.supplier])]),
        DemoOrganisation(
            org: .init(id: id(22), kind: .supplier, name: "海淀绿色家具有限公司", regionCode: region("110108"),
                       creditCode: "91110108MA0000022K", enterpriseSize: .small),
            users: [("supplier3", "绿色家具 郑华", [.supplier])]),
        DemoOrganisation(
            org: .init(id: id(23), kind: .supplier, name: "行唐县红枣种植专业合作社", regionCode: region("130125"),
                       creditCode: "93130125MA0000023L", enterpriseSize: .micro),
            users: [("supplier4", "合作社 冯军", [.supplier])]),
        DemoOrganisation(
            org: .init(id: id(24), kind: .supplier, name: "文山三七农产品有限公司", regionCode: region("532601"),
                       creditCode: "91532601MA0000024M", enterpriseSize: .small),
            users: [("supplier5", "三七销售 何丽", [.supplier])]),
    ]

    /// Loads the demo world: organisations, then users (password hashed once per new user).
    /// Returns how many organisations and users were new.
    package static func seed(
        accounts: AccountStore, hasher: PasswordHasher, now: Date, logger: Logger
    ) async throws -> (organisations: Int, users: Int) {
        var newOrganisations = 0
        var newUsers = 0
        var userNumber = 100
        var passwordHash: String?
        for demo in organisations {
            if try await accounts.insertOrganisation(demo.org, now: now, logger: logger) { newOrganisations += 1 }
            for user in demo.users {
                userNumber += 1
                let userID: ID<User> = id(userNumber)
                if try await accounts.credentials(username: user.username, logger: logger) != nil { continue }
                let hash: String
                if let passwordHash {
                    hash = passwordHash
                } else {
                    hash = try await hasher.hash(password)
                    passwordHash = hash
                }
                let inserted = try await accounts.insertUser(
                    .init(id: userID, organisationID: demo.org.id, username: user.username,
                          displayName: user.displayName, passwordHash: hash, roles: user.roles),
                    now: now, logger: logger)
                if inserted { newUsers += 1 }
            }
        }
        return (newOrganisations, newUsers)
    }

    /// The demo logins, for the run script and the README.
    package static var logins: [(username: String, role: String, organisation: String)] {
        organisations.flatMap { demo in
            demo.users.map { ($0.username, $0.roles.map(\.rawValue).joined(separator: "+"), demo.org.name) }
        }
    }
}
