import Foundation
import Hummingbird
import Logging
import MallCore
import MallStore
import Prometheus
import ServiceLifecycle

/// What the application is built from: the database, the clock, the id generator and the metrics
/// registry. Everything is injected; tests pass a fixed clock and their own database.
package struct AppServices: Sendable {
    package var database: Database
    package var now: @Sendable () -> Date
    package var ids: IDGenerator
    package var metrics: PrometheusCollectorRegistry

    package init(
        database: Database, now: @escaping @Sendable () -> Date, ids: IDGenerator,
        metrics: PrometheusCollectorRegistry
    ) {
        self.database = database
        self.now = now
        self.ids = ids
        self.metrics = metrics
    }
}

/// Every endpoint of the server, in one list: the router, the 405 check and the OpenAPI test use it.
package func buildEndpoints(config: AppConfig, services: AppServices) -> [Endpoint] {
    let accounts = AccountStore(database: services.database, ids: services.ids)
    let reference = ReferenceDataStore(database: services.database)
    let hasher = PasswordHasher(cost: config.bcryptCost)
    return OperationsController(database: services.database, metrics: services.metrics).endpoints
        + SessionController(accounts: accounts, hasher: hasher, config: config, now: services.now, ids: services.ids)
        .endpoints
        + DirectoryController(accounts: accounts, reference: reference).endpoints
        + SearchController(search: SearchStore(database: services.database)).endpoints
        + CategoryController(catalog: CatalogStore(database: services.database, ids: services.ids), now: services.now)
        .endpoints
        + ListingController(
            listings: ListingStore(database: services.database, ids: services.ids, priceControl: config.priceControl),
            writer: IdempotentWriter(database: services.database, now: services.now), now: services.now
        ).endpoints
        + ImportController(config: config, services: services).endpoints
}

/// The router with its middleware chain and every endpoint registered behind the one authorisation
/// wrapper.
package func buildRouter(config: AppConfig, services: AppServices) -> Router<AppRequestContext> {
    let endpoints = buildEndpoints(config: config, services: services)
    let authenticator = Authenticator(
        accounts: AccountStore(database: services.database, ids: services.ids), now: services.now)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info, redactHeaders: [.authorization]))
    router.add(middleware: ProblemMiddleware(endpoints: endpoints))
    router.add(middleware: BodyLimitMiddleware(limit: config.bodyLimitBytes))
    for endpoint in endpoints {
        let handler = authenticator.wrap(endpoint)
        router.on(RouterPath(endpoint.routerPath), method: endpoint.method) { request, context in
            try await handler(request, context)
        }
    }
    return router
}

/// Assembles the application, as the Hummingbird examples do: `govmall serve` and the tests both call
/// this. Pure assembly: no bootstrapping, no environment reads (STYLE.md §2.1).
package func buildApplication(
    config: AppConfig, services: AppServices, logger: Logger
) -> Application<RouterResponder<AppRequestContext>> {
    let router = buildRouter(config: config, services: services)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "GovMall"),
        logger: logger
    )
    app.addServices(services.database.client)
    app.addServices(
        PriceControlService(
            listings: ListingStore(database: services.database, ids: services.ids, priceControl: config.priceControl),
            interval: config.priceSweepInterval, now: services.now, logger: logger))
    return app
}
