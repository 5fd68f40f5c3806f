import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import NIOPosix
import PostgresNIO
import Testing

/// `govmall serve` runs requests on the event loops (``EventLoopTaskExecutor``): the listing read stays on its
/// connection's loop and reads through ``LoopConnections``; every other endpoint runs off the loops.
@Suite("Requests on the event loops")
struct EventLoopExecutionTests {
    /// Where a handler ran: `loop` on an event-loop thread, `global` elsewhere.
    static func placement() -> String { MultiThreadedEventLoopGroup.currentEventLoop == nil ? "global" : "loop" }

    @Test("an endpoint marked onEventLoop runs on the loop, every other one off it, behind OffLoopMiddleware")
    func placementByEndpoint() async throws {
        // The middleware reads only the endpoints' paths, methods and marks; the router below answers.
        let handler: Endpoint.Access = .anonymous { _, _ in Response(status: .ok) }
        let endpoints = [
            Endpoint(.get, "/on/{id}", handler, onEventLoop: true),
            Endpoint(.get, "/off/{id}", handler),
            Endpoint(.post, "/on/{id}", handler),
        ]
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: OffLoopMiddleware(endpoints: endpoints))
        router.get("/on/:id") { _, _ in Self.placement() }
        router.post("/on/:id") { _, _ in Self.placement() }
        router.get("/off/:id") { _, _ in Self.placement() }
        let app = Application(router: router, logger: TestDatabase.logger)
        try await withTaskExecutorPreference(EventLoopTaskExecutor()) {
            try await app.test(.live) { client in
                for _ in 0..<5 {
                    let on = try await client.execute(uri: "/on/1", method: .get)
                    #expect(String(buffer: on.body) == "loop")
                    // Same path, another method: not marked, so off the loop.
                    let post = try await client.execute(uri: "/on/1", method: .post)
                    #expect(String(buffer: post.body) == "global")
                    let off = try await client.execute(uri: "/off/1", method: .get)
                    #expect(String(buffer: off.body) == "global")
                }
            }
        }
    }

    @Test("listing reads use the loop connections; concurrent ones get their own listing; a lost one is replaced")
    func listingReadOnLoopConnections() async throws {
        try await withApp(onEventLoops: true) { client, fixtures in
            let supplier = try await client.login("sup-a")
            let ops = try await client.login("ops")
            let buyer = try await client.login("buyer-a")
            let listing = try await Catalog.approved(client, supplier: supplier, operatorToken: ops)
            let loop = try #require(fixtures.database.loopConnections)

            for _ in 0..<20 {
                let read = try await client.get("/api/v1/listings/\(listing.id)", token: buyer)
                #expect(read.status == .ok)
                #expect(try read.decode(Catalog.Listing.self).id == listing.id)
            }
            #expect(loop.count >= 1)
            #expect(loop.count <= 2 * NIOSingletons.groupLoopCountSuggestion)

            // Many reads of three listings at once: they share batches, and each gets its own listing back.
            var others: [Catalog.Listing] = []
            for model in ["M455dn", "M456dn"] {
                others.append(
                    try await Catalog.approved(
                        client, supplier: supplier, operatorToken: ops, body: Catalog.listingBody(model: model)))
            }
            let ids = [listing.id] + others.map(\.id)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<90 {
                    let id = ids[index % ids.count]
                    group.addTask {
                        let read = try await client.get("/api/v1/listings/\(id)", token: buyer)
                        #expect(read.status == .ok)
                        #expect(try read.decode(Catalog.Listing.self).id == id)
                    }
                }
                try await group.waitForAll()
            }

            // PostgreSQL ends every loop connection; reads still answer, on replacements or on the pool.
            let ended = try await fixtures.database.query(
                """
                SELECT count(*)::int FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                WHERE datname = current_database() AND application_name = \(LoopConnections.applicationName)) t
                """, logger: TestDatabase.logger)
            var terminated = 0
            for try await count in ended.decode(Int.self) { terminated = count }
            #expect(terminated >= 1)
            for _ in 0..<20 {
                let read = try await client.get("/api/v1/listings/\(listing.id)", token: buyer)
                #expect(read.status == .ok)
            }
            #expect(loop.count >= 1)

            // The rules hold on this path too: a draft is its supplier's, invisible to another supplier and to units.
            let draft = try await Catalog.create(client, token: supplier)
            let other = try await client.login("sup-b")
            #expect(try await client.get("/api/v1/listings/\(draft.id)", token: supplier).status == .ok)
            #expect(try await client.get("/api/v1/listings/\(draft.id)", token: other).status == .notFound)
            #expect(try await client.get("/api/v1/listings/\(draft.id)", token: buyer).status == .notFound)

            // Closed for good (shutdown): the pool serves the reads.
            await loop.closeAll()
            #expect(loop.count == 0)
            let read = try await client.get("/api/v1/listings/\(listing.id)", token: buyer)
            #expect(read.status == .ok)
            #expect(loop.count == 0)
        }
    }

    @Test("after a failed open a loop opens nothing for a while: its statements go to the pool at once")
    func failedOpenBacksOff() async throws {
        // A port nothing listens on: the listener is closed before the test connects.
        let port = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).flatMap { channel in
                channel.close().map { channel.localAddress?.port ?? 1 }
            }.get()
        let loop = LoopConnections(
            endpoint: .init(
                server: DatabaseConfig(
                    host: "127.0.0.1", port: port, username: "nobody", password: nil, database: "nobody"),
                applicationName: "test"),
            statements: Database.loopStatements, perLoop: 2, logger: TestDatabase.logger)
        // Off the loops: nothing is tried.
        #expect(await loop.connection() == nil)
        #expect(loop.failedOpens == 0)
        await withTaskExecutorPreference(EventLoopTaskExecutor()) {
            #expect(MultiThreadedEventLoopGroup.currentEventLoop != nil)
            #expect(await loop.connection() == nil)
            #expect(loop.failedOpens == 1)
            for _ in 0..<10 { #expect(await loop.connection() == nil) }
        }
        // Each loop that ran a call tried once; none tried again within the delay.
        #expect(loop.failedOpens >= 1)
        #expect(loop.failedOpens <= NIOSingletons.groupLoopCountSuggestion)
        #expect(loop.count == 0)
    }
}
