import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A task executor that runs each job on the event loop of the thread that enqueued it (off any loop: the next
/// loop of the shared group).
///
/// Under it, a request's task stays on the event loop of its HTTP connection: the request is read, handled and
/// answered there, and a statement sent on a connection of that loop (``LoopConnections``) is answered there too,
/// with no hand-off between threads. Without it, the same request crosses threads four times (event loop, Swift's
/// global executor, the database connection's loop, and back), each a `futex` or `eventfd` wake-up.
///
/// Work that computes for long must not hold a loop: ``OffLoopMiddleware`` moves such endpoints back to the
/// global executor, and ``OffLoopService`` the background services.
package final class EventLoopTaskExecutor: TaskExecutor {
    package init() {}

    package func enqueue(_ job: consuming ExecutorJob) {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Runs a service on Swift's global executor, whatever its parent task prefers: background work (loading the
/// search index, sweeps) never holds an event loop.
package struct OffLoopService<Wrapped: Service>: Service {
    let wrapped: Wrapped

    package init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    package func run() async throws {
        try await withTaskExecutorPreference(globalConcurrentExecutor) { try await wrapped.run() }
    }
}

/// Runs every endpoint that is not ``Endpoint/onEventLoop`` on Swift's global executor: under
/// ``EventLoopTaskExecutor`` the middlewares before it run on the event loop, the handler of such an endpoint off it.
/// Without that executor (the tests' router), the global executor is where the request already runs.
package struct OffLoopMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    /// The endpoints that stay on the loop: by the router's path (`context.endpointPath`), then method.
    let onLoop: [String: [HTTPRequest.Method]]

    package init(endpoints: [Endpoint]) {
        var onLoop: [String: [HTTPRequest.Method]] = [:]
        for endpoint in endpoints where endpoint.onEventLoop {
            onLoop[RouterPath(endpoint.routerPath).description, default: []].append(endpoint.method)
        }
        self.onLoop = onLoop
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let methods = context.endpointPath.flatMap({ onLoop[$0] }), methods.contains(request.method) {
            return try await next(request, context)
        }
        return try await withTaskExecutorPreference(globalConcurrentExecutor) { try await next(request, context) }
    }
}
