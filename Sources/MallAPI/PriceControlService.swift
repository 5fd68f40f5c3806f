import Foundation
import Logging
import MallCore
import MallStore
import ServiceLifecycle

/// The background sweep of DOMAIN.md §C3 (a `Service`, not a request): every interval it delists listings
/// whose price stayed above a fresh reference past the grace period, clears flags whose reference went
/// stale, and turns off `green` where every certificate expired. Stops on graceful shutdown.
package struct PriceControlService: Service {
    let listings: ListingStore
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    package init(listings: ListingStore, interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.listings = listings
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let report = try await listings.sweep(now: now(), logger: logger)
                if report != ListingStore.SweepReport() {
                    logger.info(
                        "price control sweep",
                        metadata: [
                            "sweep.delisted": "\(report.delisted)", "sweep.cleared": "\(report.cleared)",
                            "sweep.green_expired": "\(report.greenExpired)",
                        ])
                }
            } catch {
                logger.error("price control sweep failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
