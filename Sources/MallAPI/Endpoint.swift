import HTTPTypes
import Hummingbird
import MallCore

/// One API operation: method, OpenAPI-style path, who may call it, and the handler.
///
/// Every route of the server is an `Endpoint`; the builder registers them on the router, the
/// authorisation wrapper (``Authenticator``) is applied in exactly one place, and the OpenAPI test
/// compares this list with the served document.
package struct Endpoint: Sendable {
    /// Who may call an endpoint.
    package enum Access: Sendable {
        /// Anyone, without a token (health, login, the document itself).
        case anonymous(@Sendable (Request, AppRequestContext) async throws -> Response)
        /// A signed-in user holding at least one of the roles.
        case roles(Set<Role>, @Sendable (Request, AppRequestContext, Principal) async throws -> Response)
    }

    package var method: HTTPRequest.Method
    /// The path in OpenAPI form, `/api/v1/regions/{code}`.
    package var path: String
    package var access: Access
    /// The largest body this endpoint takes, when it differs from the server-wide limit
    /// (`GOVMALL_BODY_LIMIT_BYTES`): bulk imports take files far above it.
    package var bodyLimit: Int?
    /// Whether the handler runs on its connection's event loop (``EventLoopTaskExecutor``): only for hot reads that
    /// run a statement or two and answer a small body. Every other endpoint runs on Swift's global executor
    /// (``OffLoopMiddleware``), so a long computation (a password hash, an import, a search) never holds a loop.
    package var onEventLoop: Bool

    package init(
        _ method: HTTPRequest.Method, _ path: String, _ access: Access, bodyLimit: Int? = nil,
        onEventLoop: Bool = false
    ) {
        self.method = method
        self.path = path
        self.access = access
        self.bodyLimit = bodyLimit
        self.onEventLoop = onEventLoop
    }

    /// The roles allowed, or `nil` for an anonymous endpoint.
    package var allowedRoles: Set<Role>? {
        if case .roles(let roles, _) = access { return roles }
        return nil
    }

    /// The path in Hummingbird's router form, `/api/v1/regions/:code`.
    package var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
        }.joined(separator: "/")
    }

    /// Whether a concrete request path matches this endpoint's template.
    package func matches(path requestPath: String) -> Bool {
        let template = path.split(separator: "/", omittingEmptySubsequences: false)
        let actual = requestPath.split(separator: "/", omittingEmptySubsequences: false)
        guard template.count == actual.count else { return false }
        for (t, a) in zip(template, actual) where !(t.hasPrefix("{") && !a.isEmpty) && t != a { return false }
        return true
    }
}

/// Every role.
package let allRoles: Set<Role> = Set(Role.allCases)
