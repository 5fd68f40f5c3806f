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
    package static func hash(token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }

    /// The principal of the request's bearer token; 401 when absent, unknown, expired or revoked.
    package func principal(for request: Request, context: AppRequestContext) async throws -> Principal {
        guard let header = request.headers[.authorization] else { throw Problem.unauthenticated }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].count <= 512 else {
            throw Problem.unauthenticated
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw Problem.unauthenticated }
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
