import Foundation
import Logging
import MallCore
import NIOCore
import PostgresNIO

/// Organisations, users, sessions and the login throttle.
package struct AccountStore: Sendable {
    package let database: Database
    package let audit: AuditStore

    package let ids: IDGenerator

    package init(database: Database, ids: IDGenerator) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
    }

    // MARK: - Organisations and users

    /// A new organisation.
    package struct NewOrganisation: Sendable {
        package var id: ID<Organisation>
        package var kind: OrganisationKind
        package var name: String
        package var regionCode: RegionCode
        package var creditCode: String?
        package var enterpriseSize: EnterpriseSize?
        package var parentID: ID<Organisation>?

        package init(
            id: ID<Organisation>, kind: OrganisationKind, name: String, regionCode: RegionCode,
            creditCode: String? = nil, enterpriseSize: EnterpriseSize? = nil, parentID: ID<Organisation>? = nil
        ) {
            self.id = id
            self.kind = kind
            self.name = name
            self.regionCode = regionCode
            self.creditCode = creditCode
            self.enterpriseSize = enterpriseSize
            self.parentID = parentID
        }
    }

    /// A new user with an already computed password hash.
    package struct NewUser: Sendable {
        package var id: ID<User>
        package var organisationID: ID<Organisation>
        package var username: String
        package var displayName: String
        package var passwordHash: String
        package var roles: [Role]

        package init(
            id: ID<User>, organisationID: ID<Organisation>, username: String, displayName: String,
            passwordHash: String, roles: [Role]
        ) {
            self.id = id
            self.organisationID = organisationID
            self.username = username
            self.displayName = displayName
            self.passwordHash = passwordHash
            self.roles = roles
        }
    }

    /// Inserts an organisation; returns `false` when one with this id already exists (seeding is
    /// idempotent).
    @discardableResult
    package func insertOrganisation(_ org: NewOrganisation, now: Date, logger: Logger) async throws -> Bool {
        try await database.transaction(logger: logger) { conn in
            try await insertOrganisation(org, now: now, on: conn, logger: logger)
        }
    }

    /// Inserts an organisation on a connection the caller holds.
    package func insertOrganisation(
        _ org: NewOrganisation, now: Date, on conn: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let rows = try await conn.query(
            """
            INSERT INTO organisations (id, kind, name, region_code, credit_code, enterprise_size, parent_id, created_at)
            VALUES (\(org.id), \(org.kind.rawValue), \(org.name), \(org.regionCode.rawValue), \(org.creditCode),
                    \(org.enterpriseSize?.rawValue), \(org.parentID), \(now))
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """, logger: logger)
        return try await rows.decode(UUID.self).first(where: { _ in true }) != nil
    }

    /// Inserts a user; returns `false` when one with this id already exists. The roles must suit the
    /// organisation's kind (a supplier's user cannot be a buyer).
    @discardableResult
    package func insertUser(_ user: NewUser, now: Date, logger: Logger) async throws -> Bool {
        try await database.transaction(logger: logger) { conn in
            let kinds = try await conn.query(
                "SELECT kind FROM organisations WHERE id = \(user.organisationID)", logger: logger)
            guard let kind = try await kinds.decode(String.self).first(where: { _ in true }) else {
                throw DomainError.notFound("organisation \(user.organisationID)")
            }
            let bad = user.roles.filter { $0.organisationKind.rawValue != kind }
            guard bad.isEmpty else {
                throw DomainError.validation([
                    .init(
                        field: "roles", code: "not_allowed",
                        message: "a user of a \(kind) organisation cannot have the role \(bad[0].rawValue)")
                ])
            }
            let rows = try await conn.query(
                """
                INSERT INTO users (id, organisation_id, username, display_name, password_hash, roles, created_at)
                VALUES (\(user.id), \(user.organisationID), \(user.username), \(user.displayName),
                        \(user.passwordHash), \(user.roles.map(\.rawValue)), \(now))
                ON CONFLICT (id) DO NOTHING
                RETURNING id
                """, logger: logger)
            return try await rows.decode(UUID.self).first(where: { _ in true }) != nil
        }
    }

    // MARK: - Login

    /// What a login attempt needs to know about an account.
    package struct Credentials: Sendable {
        package var userID: ID<User>
        package var organisationID: ID<Organisation>
        package var regionCode: RegionCode?
        package var passwordHash: String
        package var disabled: Bool
        package var throttle: LoginThrottle.State
    }

    /// The credentials of a username, or `nil` when there is no such user.
    package func credentials(username: String, logger: Logger) async throws -> Credentials? {
        let rows = try await database.query(
            """
            SELECT u.id, u.organisation_id, o.region_code::text, u.password_hash, u.disabled,
                   u.failed_login_count, u.last_failed_login_at, u.locked_until
            FROM users u JOIN organisations o ON o.id = u.organisation_id
            WHERE u.username = \(username)
            """, logger: logger)
        for try await (id, org, region, hash, disabled, count, last, locked) in rows.decode(
            (ID<User>, ID<Organisation>, String, String, Bool, Int, Date?, Date?).self)
        {
            return Credentials(
                userID: id, organisationID: org, regionCode: RegionCode(region), passwordHash: hash,
                disabled: disabled,
                throttle: .init(failedCount: count, lastFailureAt: last, lockedUntil: locked))
        }
        return nil
    }

    /// Records a failed password for a user under a row lock, so concurrent failures all count. Returns the
    /// new throttle state; a lock that starts now is audited.
    package func recordLoginFailure(
        userID: ID<User>, policy: LoginThrottle, now: Date, requestID: String?, logger: Logger
    ) async throws -> LoginThrottle.State {
        try await database.transaction(logger: logger) { conn in
            let rows = try await conn.query(
                """
                SELECT u.failed_login_count, u.last_failed_login_at, u.locked_until, o.region_code::text
                FROM users u JOIN organisations o ON o.id = u.organisation_id
                WHERE u.id = \(userID) FOR UPDATE OF u
                """, logger: logger)
            guard
                let (count, last, locked, region) = try await rows.decode(
                    (Int, Date?, Date?, String).self
                ).first(where: { _ in true })
            else { throw DomainError.notFound("user") }
            let before = LoginThrottle.State(failedCount: count, lastFailureAt: last, lockedUntil: locked)
            let after = policy.recordingFailure(before, now: now)
            try await conn.query(
                """
                UPDATE users SET failed_login_count = \(after.failedCount), last_failed_login_at = \(after.lastFailureAt),
                    locked_until = \(after.lockedUntil)
                WHERE id = \(userID)
                """, logger: logger)
            if let until = after.lockedUntil, policy.lockedUntil(before, now: now) == nil {
                try await audit.append(
                    AuditStore.Entry(
                        occurredAt: now, actorUserID: nil, actorOrgID: nil, action: "user.locked",
                        entityType: "user", entityID: userID.uuid, regionCode: region,
                        after: ["lockedUntil": .string(ISO8601DateFormatter().string(from: until))],
                        requestID: requestID),
                    on: conn, logger: logger)
            }
            return after
        }
    }

    /// After a correct password: resets the throttle, stores the new session (only the token's hash) and
    /// audits it, in one transaction.
    package func openSession(
        sessionID: ID<Session>, userID: ID<User>, organisationID: ID<Organisation>, regionCode: RegionCode?,
        tokenHash: [UInt8], now: Date, expiresAt: Date, requestID: String?, logger: Logger
    ) async throws {
        try await database.transaction(logger: logger) { conn in
            try await conn.query(
                """
                UPDATE users SET failed_login_count = 0, last_failed_login_at = NULL, locked_until = NULL
                WHERE id = \(userID)
                """, logger: logger)
            try await conn.query(
                """
                INSERT INTO sessions (id, user_id, token_hash, created_at, expires_at)
                VALUES (\(sessionID), \(userID), \(ByteBuffer(bytes: tokenHash)), \(now), \(expiresAt))
                """, logger: logger)
            try await audit.append(
                AuditStore.Entry(
                    occurredAt: now, actorUserID: userID, actorOrgID: organisationID,
                    action: "session.created", entityType: "session", entityID: sessionID.uuid,
                    regionCode: regionCode?.rawValue, requestID: requestID),
                on: conn, logger: logger)
        }
    }

    /// The principal behind a token's hash, when the session exists, is not revoked or expired, and the user
    /// is not disabled.
    package func principal(tokenHash: [UInt8], now: Date, logger: Logger) async throws -> Principal? {
        try await session(tokenHash: tokenHash, now: now, logger: logger)?.principal
    }

    /// The principal of a live session and when that session expires.
    package func session(tokenHash: [UInt8], now: Date, logger: Logger) async throws
        -> (principal: Principal, expiresAt: Date)?
    {
        let rows = try await database.query(
            """
            SELECT u.id, u.username, u.display_name, u.roles, s.id, o.id, o.name, o.kind, o.region_code::text,
                   o.enterprise_size, s.expires_at
            FROM sessions s
            JOIN users u ON u.id = s.user_id
            JOIN organisations o ON o.id = u.organisation_id
            WHERE s.token_hash = \(ByteBuffer(bytes: tokenHash)) AND s.revoked_at IS NULL AND s.expires_at > \(now) AND NOT u.disabled
            """, logger: logger)
        for try await (userID, username, displayName, roles, sessionID, orgID, orgName, kind, region, size, expiresAt)
            in rows.decode((ID<User>, String, String, [String], ID<Session>, ID<Organisation>, String, String, String,
                String?, Date).self)
        {
            guard let kind = OrganisationKind(rawValue: kind), let region = RegionCode(region) else { return nil }
            let principal = Principal(
                userID: userID, username: username, displayName: displayName,
                roles: roles.compactMap(Role.init(rawValue:)).sorted(), sessionID: sessionID,
                organisationID: orgID, organisationName: orgName, organisationKind: kind, regionCode: region,
                enterpriseSize: size.flatMap(EnterpriseSize.init(rawValue:)))
            return (principal, expiresAt)
        }
        return nil
    }

    /// Revokes a session (logout). Returns `false` when it was already revoked.
    @discardableResult
    package func revokeSession(_ principal: Principal, now: Date, requestID: String?, logger: Logger) async throws
        -> Bool
    {
        try await database.transaction(logger: logger) { conn in
            let rows = try await conn.query(
                """
                UPDATE sessions SET revoked_at = \(now)
                WHERE id = \(principal.sessionID) AND revoked_at IS NULL
                RETURNING id
                """, logger: logger)
            guard try await rows.decode(UUID.self).first(where: { _ in true }) != nil else { return false }
            try await audit.append(
                AuditStore.Entry(
                    occurredAt: now, actorUserID: principal.userID,
                    actorOrgID: principal.organisationID, action: "session.revoked", entityType: "session",
                    entityID: principal.sessionID.uuid, regionCode: principal.regionCode.rawValue,
                    requestID: requestID),
                on: conn, logger: logger)
            return true
        }
    }
}
