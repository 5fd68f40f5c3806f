import Foundation
import Logging
import MallCore
import MallStore
import ServiceLifecycle

/// The audit chain's sequencer (DOMAIN.md §X1, issue 6 point 7): links newly committed audit rows into the hash
/// chain in batches, outside the requests that wrote them, so hashing never serialises order placement. The lag
/// is bounded by the interval plus one batch's work (`GOVMALL_AUDIT_CHAIN_SECONDS`, 1 s by default); while the
/// queue holds more than a batch it links batch after batch without sleeping. Every server runs one; the
/// advisory lock inside ``AuditChain/link(batch:now:logger:)`` lets one at a time extend the chain.
package struct AuditChainService: Service {
    let chain: AuditChain
    let interval: Duration
    let batch: Int
    let now: @Sendable () -> Date
    let logger: Logger

    package init(
        chain: AuditChain, interval: Duration, batch: Int = 1_000, now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.chain = chain
        self.interval = interval
        self.batch = batch
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var linked = 0
            do {
                linked = try await chain.link(batch: batch, now: now(), logger: logger)
            } catch {
                logger.error("audit chain sequencer failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            if linked < batch {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
        }
        // Link what the last requests wrote before the server stops.
        _ = try? await chain.link(batch: batch, now: now(), logger: logger)
    }
}
