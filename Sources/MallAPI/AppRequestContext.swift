import Hummingbird
import Logging
import NIOCore

/// The request context of every route: Hummingbird's core storage plus the body limit that the
/// configuration sets (applied by ``BodyLimitMiddleware``).
package struct AppRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The largest body this request may have; `Request.decode` and our JSON decoding honour it.
    package var bodyLimit: Int = 1 << 20
    /// The request id, also in the logger metadata as `hb.request.id` and in the `X-Request-Id` response header.
    package var requestID: String = ""

    package init(source: Source) {
        self.coreContext = .init(source: source)
    }

    package var maxUploadSize: Int { bodyLimit }
}
