import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MallAPI
import MallCore
import MallStore
import Metrics
import Prometheus

/// `govmall serve`: migrates, then serves HTTP until SIGTERM or SIGINT, finishing requests in flight.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server (migrates first).")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let (config, logger) = try common.makeConfig(bootstrapLogging: true)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory.mall(registry: registry))

        let migrator = try Migrator(directory: config.schemaDirectory)
        let database = Database(config: config.database, logger: logger)
        let services = AppServices(
            database: database, now: { Date() }, ids: .timeOrdered(now: { Date() }), metrics: registry,
            principals: PrincipalCache(ttl: TimeInterval(config.principalCacheSeconds)),
            searchIndex: config.searchIndex ? SearchIndex(database: database) : nil)
        var app = buildApplication(config: config.app, services: services, logger: logger)
        let started = ContinuousClock.now
        app.beforeServerStarts {
            let applied = try await migrator.migrate(client: database.client, logger: logger)
            logger.info(
                "database ready",
                metadata: ["migrations.applied": "\(applied.count)", "startup.elapsed": "\(ContinuousClock.now - started)"])
        }
        // Once the HTTP server has drained, the rest gets 30 s to stop; a failed start gets 30 s in all. Then exit 1.
        app.addServices(
            OffLoopService(ShutdownWatchdog(deadline: .seconds(30), logger: logger) { Foundation.exit(1) }))
        // Each request runs on the event loop of its connection (EventLoopTaskExecutor, LoopConnections).
        try await withTaskExecutorPreference(EventLoopTaskExecutor()) { try await app.runService() }
    }
}
