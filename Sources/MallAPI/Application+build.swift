import Foundation
import Hummingbird
import HummingbirdCore
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
    /// Resolved principals (see ``PrincipalCache``); off unless given a TTL.
    package var principals: PrincipalCache
    /// The in-memory catalog search index; `nil` serves every search from SQL (``SearchStore``).
    package var searchIndex: SearchIndex?

    package init(
        database: Database, now: @escaping @Sendable () -> Date, ids: IDGenerator,
        metrics: PrometheusCollectorRegistry, principals: PrincipalCache = PrincipalCache(ttl: 0),
        searchIndex: SearchIndex? = nil
    ) {
        self.searchIndex = searchIndex
        self.database = database
        self.now = now
        self.ids = ids
        self.metrics = metrics
        self.principals = principals
    }
}

/// Every endpoint of the server, in one list: the router, the 405 check and the OpenAPI test use it.
package func buildEndpoints(config: AppConfig, services: AppServices) -> [Endpoint] {
    let database = services.database
    let accounts = AccountStore(database: database, ids: services.ids)
    let listings = ListingStore(database: database, ids: services.ids, priceControl: config.priceControl)
    let writer = IdempotentWriter(database: database, now: services.now)
    // One statement per area keeps the type checker fast (a long `+` chain is not).
    var endpoints: [Endpoint] = []
    endpoints += OperationsController(database: database, metrics: services.metrics, searchIndex: services.searchIndex).endpoints
    endpoints += SessionController(
        accounts: accounts, hasher: PasswordHasher(cost: config.bcryptCost), config: config, now: services.now,
        ids: services.ids, principals: services.principals
    ).endpoints
    endpoints += DirectoryController(accounts: accounts, reference: ReferenceDataStore(database: database)).endpoints
    endpoints += SearchController(search: SearchStore(database: database), index: services.searchIndex).endpoints
    endpoints += CategoryController(catalog: CatalogStore(database: database, ids: services.ids), now: services.now)
        .endpoints
    endpoints += ListingController(listings: listings, writer: writer, now: services.now).endpoints
    endpoints += ImportController(config: config, services: services).endpoints
    let orders = OrderStore(
        database: database, ids: services.ids, policy: config.orders, priceControl: config.priceControl)
    endpoints += OrderController(orders: orders, writer: writer, now: services.now).endpoints
    endpoints += BudgetLineController(
        budgets: BudgetStore(database: database, ids: services.ids), writer: writer, now: services.now
    ).endpoints
    endpoints += SplitExemptionController(
        exemptions: SplitExemptionStore(database: database, ids: services.ids), writer: writer, now: services.now
    ).endpoints
    let competitions = CompetitionStore(
        database: database, ids: services.ids, orders: orders, settings: config.competitions)
    endpoints += CompetitionController(competitions: competitions, writer: writer, now: services.now).endpoints
    // Policy tracking (issue 6): the warnings feed (replacing issue 4's splitting-only list at the same path),
    // canteen filings, refunds, contract notices, reports.
    endpoints += WarningFeedController(
        feed: WarningFeedStore(database: database), priceControl: config.priceControl, now: services.now
    ).endpoints
    endpoints += CanteenFilingController(
        filings: CanteenFilingStore(database: database, ids: services.ids), writer: writer, settings: config.policy,
        now: services.now
    ).endpoints
    endpoints += RefundController(
        refunds: RefundStore(database: database, ids: services.ids), orders: orders, writer: writer, now: services.now
    ).endpoints
    endpoints += ContractNoticeController(
        notices: ContractNoticeStore(database: database, ids: services.ids), writer: writer, now: services.now
    ).endpoints
    endpoints += PolicyReportController(
        reports: PolicyReportStore(database: database), settings: config.policy, now: services.now
    ).endpoints
    endpoints += AgreementController(
        agreements: AgreementStore(database: database, ids: services.ids, settings: config.agreements, orders: orders),
        competitions: competitions, writer: writer, now: services.now
    ).endpoints
    endpoints += OpenDataController(
        store: OpenDataStore(database: database), settings: config.ocds, publicBaseURL: config.publicBaseURL,
        now: services.now
    ).endpoints
    endpoints += CreditController(
        credit: CreditStore(database: database, ids: services.ids), accounts: accounts,
        settings: config.orders.credit, now: services.now
    ).endpoints
    return endpoints
}

/// The router with its middleware chain and every endpoint registered behind the one authorisation
/// wrapper.
package func buildRouter(config: AppConfig, services: AppServices) -> Router<AppRequestContext> {
    let endpoints = buildEndpoints(config: config, services: services)
    let authenticator = Authenticator(
        accounts: AccountStore(database: services.database, ids: services.ids), now: services.now,
        cache: services.principals)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestMetricsMiddleware(factory: PrometheusMetricsFactory.mall(registry: services.metrics)))
    router.add(middleware: LogRequestsMiddleware(.info, redactHeaders: [.authorization]))
    router.add(middleware: ProblemMiddleware(endpoints: endpoints))
    router.add(middleware: BodyLimitMiddleware(limit: config.bodyLimitBytes, endpoints: endpoints))
    router.add(middleware: OffLoopMiddleware(endpoints: endpoints))
    for endpoint in endpoints {
        let handler = authenticator.wrap(endpoint)
        router.on(RouterPath(endpoint.routerPath), method: endpoint.method) { request, context in
            try await handler(request, context)
        }
    }
    return router
}

/// The HTTP/1.1 server of `govmall serve` and of the tests' live server: Hummingbird's, which also answers
/// `Expect: 100-continue` (``ExpectContinueHandler``).
package func mallHTTPServer() -> HTTPServerBuilder {
    .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()]))
}

/// Assembles the application, as the Hummingbird examples do: `govmall serve` and the tests both call
/// this. Pure assembly: no bootstrapping, no environment reads (STYLE.md §2.1).
package func buildApplication(
    config: AppConfig, services: AppServices, logger: Logger
) -> Application<RouterResponder<AppRequestContext>> {
    let router = buildRouter(config: config, services: services)
    var app = Application(
        router: router,
        server: mallHTTPServer(),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "GovMall"),
        logger: logger
    )
    // Requests run on the event loops (``EventLoopTaskExecutor``); every background service runs off them.
    func addOffLoop(_ service: some Service) { app.addServices(OffLoopService(service)) }
    addOffLoop(services.database.client)
    if let loopConnections = services.database.loopConnections { addOffLoop(loopConnections) }
    addOffLoop(
        AuditChainService(
            chain: AuditChain(database: services.database), interval: config.auditChainInterval, now: services.now,
            logger: logger))
    if let index = services.searchIndex {
        addOffLoop(SearchIndexService(index: index, interval: config.searchIndexInterval, logger: logger))
    }
    addOffLoop(AuthInvalidationService(database: services.database, cache: services.principals, logger: logger))
    addOffLoop(
        PriceControlService(
            listings: ListingStore(database: services.database, ids: services.ids, priceControl: config.priceControl),
            interval: config.priceSweepInterval, now: services.now, logger: logger))
    addOffLoop(
        CompetitionCloserService(
            competitions: CompetitionStore(
                database: services.database, ids: services.ids,
                orders: OrderStore(
                    database: services.database, ids: services.ids, policy: config.orders,
                    priceControl: config.priceControl),
                settings: config.competitions),
            interval: config.competitionCloseInterval, now: services.now, logger: logger))
    return app
}
