import Logging
import ServiceLifecycle

/// Bounds how long the server takes to stop (a `Service`, added last so that it is told first).
///
/// When the service group shuts down, gracefully (SIGTERM, SIGINT) or because a service failed (a port already
/// taken), this starts a timer that outlives the group; if the process is still there when it fires, it logs why
/// and calls `onTimeout` (`govmall serve`: `exit(1)`). A clean stop ends the process long before. A failed start
/// has been seen to leave the group waiting on a database call that never returns; without this the process
/// would neither serve nor exit.
package struct ShutdownWatchdog: Service {
    let deadline: Duration
    let logger: Logger
    let onTimeout: @Sendable () -> Void

    package init(deadline: Duration, logger: Logger, onTimeout: @escaping @Sendable () -> Void) {
        self.deadline = deadline
        self.logger = logger
        self.onTimeout = onTimeout
    }

    package func run() async {
        let failed: Bool
        do {
            try await gracefulShutdown()
            failed = false
        } catch {
            failed = true  // cancelled: another service failed
        }
        let (deadline, logger, onTimeout) = (deadline, logger, onTimeout)
        Task.detached {
            try? await Task.sleep(for: deadline)
            logger.critical(
                "shutdown did not finish in time; exiting",
                metadata: [
                    "shutdown.deadline": "\(deadline)", "shutdown.cause": "\(failed ? "a service failed" : "signal")",
                ])
            onTimeout()
        }
    }
}
