/// Marker types for typed ids.
package enum Organisation {}
/// Marker type for user ids.
package enum User {}
/// Marker type for session ids.
package enum Session {}
/// Marker type for audit entry ids.
package enum AuditEntry {}

/// Who is calling: resolved from a bearer token once per request, in one place (MallAPI), and passed to
/// every handler that needs it.
package struct Principal: Sendable, Equatable {
    package var userID: ID<User>
    package var username: String
    package var displayName: String
    package var roles: [Role]
    package var sessionID: ID<Session>
    package var organisationID: ID<Organisation>
    package var organisationName: String
    package var organisationKind: OrganisationKind
    package var regionCode: RegionCode
    package var enterpriseSize: EnterpriseSize?

    package init(
        userID: ID<User>, username: String, displayName: String, roles: [Role], sessionID: ID<Session>,
        organisationID: ID<Organisation>, organisationName: String, organisationKind: OrganisationKind,
        regionCode: RegionCode, enterpriseSize: EnterpriseSize?
    ) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.roles = roles
        self.sessionID = sessionID
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.organisationKind = organisationKind
        self.regionCode = regionCode
        self.enterpriseSize = enterpriseSize
    }

    /// Whether the principal holds any of `allowed`.
    package func hasAny(of allowed: Set<Role>) -> Bool { roles.contains(where: allowed.contains) }
}
