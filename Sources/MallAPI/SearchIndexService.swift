import Foundation
import Logging
import MallStore
import ServiceLifecycle

/// Keeps the server's ``SearchIndex`` loaded and compact (a `Service`): loads it at start (searches use SQL
/// until then), applies listing changes every `interval` even when nobody searches, rebuilds it from one
/// snapshot when dead and appended documents pass a quarter of it or it fell half a day behind, and prunes the
/// change log hourly. Stops on graceful shutdown.
package struct SearchIndexService: Service {
    let index: SearchIndex
    let interval: Duration
    let logger: Logger

    package init(index: SearchIndex, interval: Duration, logger: Logger) {
        self.index = index
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        var lastPrune = ContinuousClock.now - .seconds(3_600)
        var loaded = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let step: Step =
                !loaded ? .load
                : index.statistics.wantsRebuild || index.sinceLastSync > .seconds(43_200) ? .rebuild : .sync
            let prune = ContinuousClock.now - lastPrune >= .seconds(3_600)
            do {
                // A shutdown cancels the step under way (a first load can take half a minute), before the database
                // client it uses stops.
                try await cancelWhenGracefulShutdown { [index, logger] in
                    switch step {
                    case .load: try await index.loadInBackground(logger: logger)
                    case .rebuild: try await index.rebuild(logger: logger)
                    case .sync: try await index.sync(logger: logger, cancellable: true)
                    }
                }
                loaded = true
                if prune {
                    try await cancelWhenGracefulShutdown { [index, logger] in try await index.prune(logger: logger) }
                    lastPrune = ContinuousClock.now
                }
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                logger.error("search index upkeep failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    private enum Step { case load, rebuild, sync }
}
