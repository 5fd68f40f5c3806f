import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MallCore
import MallStore

/// Sign in (`POST /api/v1/sessions`), sign out (`DELETE /api/v1/sessions/current`) and `GET /api/v1/me`.
package struct SessionController: Sendable {
    let accounts: AccountStore
    let hasher: PasswordHasher
    let config: AppConfig
    let now: @Sendable () -> Date
    let ids: IDGenerator
    /// Evicted at logout, so the token stops working here at once (other servers hear the trigger's notice).
    let principals: PrincipalCache

    /// A fixed hash to verify against when the username is unknown, so that both paths cost one bcrypt.
    private static let decoyHash = "$2b$12$XSDMGto9i.Dl530oLTWfbencv43TqFWavdEp9zP.BSCm82SRydiHa"

    package var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/api/v1/sessions", .anonymous(create)),
            Endpoint(.delete, "/api/v1/sessions/current", .roles(allRoles, revoke)),
            Endpoint(.get, "/api/v1/me", .roles(allRoles, me)),
        ]
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(CreateSessionRequest.self, context: context)
        var validator = Validator()
        validator.text(body.username, "username", maxLength: 64)
        validator.check(!body.password.isEmpty, "password", "required", "password is required")
        validator.check(body.password.utf8.count <= 72, "password", "too_long", "password has at most 72 bytes")
        try validator.validate()

        let username = body.username.trimmingCharacters(in: .whitespaces).lowercased()
        guard let credentials = try await accounts.credentials(username: username, logger: context.logger) else {
            _ = try await hasher.verify(body.password, hash: Self.decoyHash)
            throw DomainError(.invalidCredentials, "the username or password is wrong")
        }
        let start = now()
        if let until = config.loginThrottle.lockedUntil(credentials.throttle, now: start) {
            throw lockedProblem(until: until, now: start)
        }
        guard try await hasher.verify(body.password, hash: credentials.passwordHash) else {
            let state = try await accounts.recordLoginFailure(
                userID: credentials.userID, policy: config.loginThrottle, now: start,
                requestID: context.requestID, logger: context.logger)
            if let until = config.loginThrottle.lockedUntil(state, now: start) {
                throw lockedProblem(until: until, now: start)
            }
            throw DomainError(.invalidCredentials, "the username or password is wrong")
        }
        guard !credentials.disabled else {
            throw DomainError(.accountDisabled, "this account is disabled; ask the mall operator")
        }

        let token = Self.newToken()
        let sessionID: ID<Session> = ids.next()
        let expiresAt = start.addingTimeInterval(config.tokenLifetime)
        try await accounts.openSession(
            sessionID: sessionID, userID: credentials.userID, organisationID: credentials.organisationID,
            regionCode: credentials.regionCode, tokenHash: Authenticator.hash(token: token), now: start,
            expiresAt: expiresAt, requestID: context.requestID, logger: context.logger)
        guard
            let principal = try await accounts.principal(
                tokenHash: Authenticator.hash(token: token), now: start, logger: context.logger)
        else { throw Problem.unauthenticated }
        return try .json(
            SessionResponse(token: token, expiresAt: expiresAt, user: MeResponse(principal)), status: .created,
            headers: [.cacheControl: "no-store"])
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        try await accounts.revokeSession(principal, now: now(), requestID: context.requestID, logger: context.logger)
        principals.evict(sessionID: principal.sessionID.uuid)
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        try .json(MeResponse(principal))
    }

    private func lockedProblem(until: Date, now: Date) -> Problem {
        let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        return Problem(
            status: .tooManyRequests, code: DomainError.Code.accountLocked.rawValue,
            detail: "too many failed logins; try again in \(seconds) seconds",
            headers: [.retryAfter: String(seconds)])
    }

    /// 32 random bytes from the system's CSPRNG, base64url without padding (43 characters).
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
