import Foundation
import Logging
import MallCore
import MallStore
import ServiceLifecycle

/// The deadline service of DOMAIN.md §K2 (a `Service`, not a request): every interval it closes the open
/// competitions whose deadline has passed and evaluates them (`CompetitionStore.closeDue`). Quotes unseal at
/// the deadline itself (`Competition.mayView`); the result appears within one interval of it. Several servers
/// may run it: each competition is closed once (`FOR UPDATE SKIP LOCKED`). Stops on graceful shutdown.
package struct CompetitionCloserService: Service {
    let competitions: CompetitionStore
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    package init(
        competitions: CompetitionStore, interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.competitions = competitions
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let report = try await competitions.closeDue(now: now(), logger: logger)
                if report != CompetitionStore.CloseReport() {
                    logger.info(
                        "competitions closed",
                        metadata: ["close.evaluated": "\(report.evaluated)", "close.failed": "\(report.failed)"])
                }
            } catch {
                logger.error("competition close failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
