import CoreMetrics
import Dispatch
import HTTPTypes
import Hummingbird
import Prometheus
import Synchronization

extension PrometheusMetricsFactory {
    /// The factory of the mall's metrics on `registry`: metric and label names keep only letters, digits and `_`
    /// (`http.server.request.duration` is exported as `http_server_request_duration`). `govmall serve` also
    /// bootstraps `MetricsSystem` with it.
    package static func mall(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in
            func clean(_ s: String) -> String {
                String(s.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
            }
            return (clean(name), labels.map { (clean($0.0), $0.1) })
        }
        return factory
    }
}

/// Counts requests and times them per route, method and status, under the same metric names and dimensions as
/// Hummingbird's `MetricsMiddleware` (`hb.requests`, `hb.request.errors`, `http.server.request.duration`,
/// `http.server.active_requests`).
///
/// Hummingbird's middleware records when the body has been written, by wrapping the body in a closure. That
/// costs a whole response its single write: Hummingbird writes a buffer body together with its head, but a
/// closure body after the head has been flushed, so each response took two `write` calls and two TCP segments
/// (seen with `strace` on `GET /api/v1/listings/{id}`). This one records when the handler returns its response,
/// which leaves the body as it is; the duration therefore excludes the socket write.
package struct RequestMetricsMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    private let cache: RequestMetricsCache

    /// Records through `factory` (the registry behind `GET /metrics`).
    package init(factory: any MetricsFactory) {
        cache = RequestMetricsCache(factory: factory)
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let active = cache.active(request.method)
        active.increment()
        defer { active.decrement() }
        let status: HTTPResponse.Status
        let response: Response
        do {
            response = try await next(request, context)
            status = response.status
        } catch {
            status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let metrics = cache.endpoint(
                route: context.endpointPath ?? "NotFound", method: request.method, status: status)
            metrics.requests.increment()
            metrics.errors.increment()
            throw error
        }
        let metrics = cache.endpoint(route: context.endpointPath ?? "Unknown", method: request.method, status: status)
        metrics.requests.increment()
        metrics.duration.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start)
        return response
    }
}

/// The metric objects of each method and of each (route, method, status), made once.
private final class RequestMetricsCache: Sendable {
    struct Key: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: Int
    }

    struct Endpoint: Sendable {
        let requests: CoreMetrics.Counter
        let errors: CoreMetrics.Counter
        let duration: CoreMetrics.Timer

        init(_ key: Key, factory: any MetricsFactory) {
            let dimensions = [
                ("http.route", key.route), ("http.request.method", key.method.rawValue),
                ("http.response.status_code", String(key.status)),
            ]
            requests = CoreMetrics.Counter(label: "hb.requests", dimensions: dimensions, factory: factory)
            duration = CoreMetrics.Timer(
                label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds,
                factory: factory)
            errors = CoreMetrics.Counter(
                label: "hb.request.errors",
                dimensions: [
                    ("http.route", key.route), ("http.request.method", key.method.rawValue),
                    ("error.type", String(key.status)),
                ], factory: factory)
        }
    }

    private let factory: any MetricsFactory
    private let endpoints = Mutex<[Key: Endpoint]>([:])
    private let methods = Mutex<[HTTPRequest.Method: CoreMetrics.Meter]>([:])

    init(factory: any MetricsFactory) { self.factory = factory }

    func active(_ method: HTTPRequest.Method) -> CoreMetrics.Meter {
        methods.withLock { methods in
            if let meter = methods[method] { return meter }
            let meter = CoreMetrics.Meter(
                label: "http.server.active_requests", dimensions: [("http.request.method", method.rawValue)],
                factory: factory)
            methods[method] = meter
            return meter
        }
    }

    func endpoint(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status) -> Endpoint {
        let key = Key(route: route, method: method, status: status.code)
        return endpoints.withLock { endpoints in
            if let metrics = endpoints[key] { return metrics }
            let metrics = Endpoint(key, factory: factory)
            endpoints[key] = metrics
            return metrics
        }
    }
}
