import Crypto
import Foundation
import Hummingbird
import Logging
import MallCore
import MallStore

/// The one place that turns a bearer token into a ``Principal`` and checks an endpoint's roles.
package struct Authenticator: Sendable {
    package let accounts: AccountStore
    package let now: @Sendable () -> Date
    package let cache: PrincipalCache

    package init(accounts: AccountStore, now: @escaping @Sendable () -> Date, cache: PrincipalCache) {
        self.accounts = accounts
        self.now = now
        self.cache = cache
    }

    /// SHA-256 of a token: what the database stores instead of the token.
    package static func hash(token: some StringProtocol) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// The token of an `Authorization: Bearer <token>` value (scheme in any case, blanks around the token
    /// ignored), or `nil` for another scheme, an empty token or one longer than 512 bytes. Byte-wise: this runs
    /// on every authenticated request.
    package static func bearerToken(_ header: String) -> Substring? {
        let utf8 = header.utf8
        guard let space = utf8.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        let scheme = utf8[..<space]
        guard scheme.count == 6, zip(scheme, "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }) else { return nil }
        let rest = header[header.index(after: space)...]
        guard rest.utf8.count <= 512 else { return nil }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = rest.firstIndex(where: { !isBlank($0) }), let last = rest.lastIndex(where: { !isBlank($0) })
        else { return nil }
        return rest[first...last]
    }

    /// The principal of the request's bearer token; 401 when absent, unknown, expired or revoked.
    package func principal(for request: Request, context: AppRequestContext) async throws -> Principal {
        guard let header = request.headers[.authorization], let token = Self.bearerToken(header) else {
            throw Problem.unauthenticated
        }
        let hash = Self.hash(token: token)
        let at = now()
        if let principal = cache.principal(tokenHash: hash, now: at) { return principal }
        guard let (principal, expiresAt) = try await accounts.session(tokenHash: hash, now: at, logger: context.logger)
        else { throw Problem.unauthenticated }
        cache.store(principal, tokenHash: hash, sessionExpiresAt: expiresAt, now: at)
        return principal
    }

    /// Wraps an endpoint's handler with authentication and its role check.
    package func wrap(_ endpoint: Endpoint) -> @Sendable (Request, AppRequestContext) async throws -> Response {
        switch endpoint.access {
        case .anonymous(let handler):
            return handler
        case .roles(let roles, let handler):
            return { request, context in
                let principal = try await self.principal(for: request, context: context)
                guard principal.hasAny(of: roles) else {
                    throw DomainError(
                        .forbidden,
                        "this needs one of the roles \(roles.map(\.rawValue).sorted().joined(separator: ", "))")
                }
                var context = context
                context.logger[metadataKey: "user.id"] = "\(principal.userID)"
                return try await handler(request, context, principal)
            }
        }
    }
}
