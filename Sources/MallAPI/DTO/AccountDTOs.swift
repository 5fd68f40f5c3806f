import Foundation
import MallCore
import MallStore

/// `POST /api/v1/sessions` body.
package struct CreateSessionRequest: Decodable, Sendable {
    package var username: String
    package var password: String
}

/// A new session: the bearer token is shown once and stored only as its hash.
package struct SessionResponse: Encodable, Sendable {
    package var token: String
    package var tokenType = "Bearer"
    package var expiresAt: Date
    package var user: MeResponse
}

/// The signed-in user and organisation.
package struct MeResponse: Encodable, Sendable {
    package struct OrganisationSummary: Encodable, Sendable {
        package var id: String
        package var name: String
        package var kind: String
        package var regionCode: String
        package var enterpriseSize: String?
    }

    package var id: String
    package var username: String
    package var displayName: String
    package var roles: [String]
    package var organisation: OrganisationSummary

    package init(_ principal: Principal) {
        self.id = principal.userID.description
        self.username = principal.username
        self.displayName = principal.displayName
        self.roles = principal.roles.map(\.rawValue)
        self.organisation = OrganisationSummary(
            id: principal.organisationID.description, name: principal.organisationName,
            kind: principal.organisationKind.rawValue, regionCode: principal.regionCode.rawValue,
            enterpriseSize: principal.enterpriseSize?.rawValue)
    }
}

/// An organisation as the API shows it.
package struct OrganisationResponse: Encodable, Sendable {
    package var id: String
    package var kind: String
    package var name: String
    package var regionCode: String
    package var creditCode: String?
    package var enterpriseSize: String?
    package var parentId: String?
    package var inPovertyCounty: Bool
    package var createdAt: Date

    package init(_ record: AccountStore.OrganisationRecord) {
        self.id = record.id.description
        self.kind = record.kind.rawValue
        self.name = record.name
        self.regionCode = record.regionCode.rawValue
        self.creditCode = record.creditCode
        self.enterpriseSize = record.enterpriseSize?.rawValue
        self.parentId = record.parentID?.description
        self.inPovertyCounty = record.isPovertyCounty
        self.createdAt = record.createdAt
    }
}

/// An administrative region.
package struct RegionResponse: Encodable, Sendable {
    package var code: String
    package var name: String
    package var level: String
    package var parentCode: String?
    package var povertyCounty: Bool

    package init(_ record: ReferenceDataStore.RegionRecord) {
        self.code = record.code
        self.name = record.name
        self.level = record.level
        self.parentCode = record.parentCode
        self.povertyCounty = record.isPovertyCounty
    }
}
