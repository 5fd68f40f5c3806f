import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// A few PostgreSQL connections on each event loop for the lookups by id that run outside any transaction
/// (``Database/execute(_:logger:)`` with a ``LoopStatement``): the listing read. (The search index's poll runs off the
/// loops and uses the pool.)
///
/// - A lookup issued on an event loop (the request's task runs there under ``EventLoopTaskExecutor``) goes to a
///   connection of that same loop, chosen round robin. It is written, answered and handed back
///   on one thread: no pool lease, no hop between threads (docs/benchmarks.md, Catalog, has what it saved).
/// - They are ``PipelinedConnection``s: the lookups waiting on one go to PostgreSQL together, in one batch with one
///   `Sync`. Only single statements that read come here, never a transaction, so nothing depends on the session.
/// - Connections open lazily, at most `perLoop` per loop. A closed one is dropped and replaced on a later call.
///   After a failed open, that loop opens none for ``retryDelay``: its statements use the pool meanwhile, and
///   a database that refuses connections is not asked again at every request.
/// - Off any event loop, while a loop's first connection is still opening, or when opening fails, ``connection()``
///   answers `nil` and the caller uses the pool.
/// - They name themselves `govmall-loop` (`application_name`, seen in `pg_stat_activity`).
/// - Run it as a service: on shutdown it closes every connection.
package final class LoopConnections: Service, Sendable {
    private let endpoint: PipelinedConnection.Endpoint
    private let statements: [PipelinedConnection.Statement]
    private let perLoop: Int
    private let logger: Logger
    private let slots = Mutex<[ObjectIdentifier: Slot]>([:])
    private let closed = Atomic<Bool>(false)
    /// Connection ids for the logs, apart from the pool's (which count from 0).
    private static let ids = Atomic<Int>(1_000_000)
    private let failures = Atomic<Int>(0)
    /// The `application_name` of every loop connection.
    package static let applicationName = "govmall-loop"

    /// How long a loop opens no connection after a failed open.
    package static let retryDelay: Duration = .seconds(5)

    private struct Slot {
        var connections: [PipelinedConnection] = []
        var opening = 0
        var next = 0
        /// No open before this instant (set by a failed open).
        var retryAt: ContinuousClock.Instant?
    }

    /// `perLoop` connections at most on each event loop (1 or more), each with `statements` prepared.
    package init(
        endpoint: PipelinedConnection.Endpoint, statements: [PipelinedConnection.Statement], perLoop: Int,
        logger: Logger
    ) {
        precondition(perLoop >= 1, "perLoop must be 1 or more")
        var endpoint = endpoint
        endpoint.applicationName = Self.applicationName
        self.endpoint = endpoint
        self.statements = statements
        self.perLoop = perLoop
        self.logger = logger
    }

    /// A connection on the current event loop, or `nil` (use the pool).
    package func connection() async -> PipelinedConnection? {
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else { return nil }
        let key = ObjectIdentifier(loop)
        let pick: Pick = slots.withLock { slots in
            if closed.load(ordering: .acquiring) { return .none }
            // The slot is changed in place: a copy taken out of the dictionary would copy its array on every call.
            return Self.pick(&slots[key, default: Slot()], perLoop: perLoop)
        }
        switch pick {
        case .use(let connection): return connection
        case .none: return nil
        case .open: return await open(on: loop, key: key)
        }
    }

    private enum Pick { case use(PipelinedConnection), open, none }

    private static func pick(_ slot: inout Slot, perLoop: Int) -> Pick {
        if slot.connections.contains(where: \.isClosed) { slot.connections.removeAll { $0.isClosed } }
        if slot.connections.count + slot.opening < perLoop, slot.retryAt.map({ $0 <= .now }) ?? true {
            slot.opening += 1
            return .open
        }
        guard !slot.connections.isEmpty else { return .none }
        slot.next &+= 1
        return .use(slot.connections[slot.next % slot.connections.count])
    }

    private func open(on loop: any EventLoop, key: ObjectIdentifier) async -> PipelinedConnection? {
        let id = Self.ids.wrappingAdd(1, ordering: .relaxed).newValue
        let connection: PipelinedConnection?
        do {
            connection = try await PipelinedConnection.connect(
                on: loop, endpoint: endpoint, statements: statements, id: id, logger: logger)
        } catch {
            failures.add(1, ordering: .relaxed)
            logger.warning("loop connection failed", metadata: ["error": "\(String(reflecting: error))"])
            connection = nil
        }
        let keep: Bool = slots.withLock { slots in
            slots[key, default: Slot()].opening -= 1
            slots[key, default: Slot()].retryAt = connection == nil ? .now + Self.retryDelay : nil
            guard let connection, !closed.load(ordering: .acquiring) else { return false }
            slots[key, default: Slot()].connections.append(connection)
            return true
        }
        if let connection, !keep { await connection.close() }
        return keep ? connection : nil
    }

    /// How many connections are open, on all loops.
    package var count: Int {
        slots.withLock { slots in slots.values.reduce(0) { $0 + $1.connections.count { !$0.isClosed } } }
    }

    /// How many opens have failed since the start.
    package var failedOpens: Int { failures.load(ordering: .relaxed) }

    /// Waits for graceful shutdown, then closes every connection.
    package func run() async throws {
        try? await gracefulShutdown()
        await closeAll()
    }

    /// Closes every connection; later calls to ``connection()`` answer `nil`.
    package func closeAll() async {
        closed.store(true, ordering: .releasing)
        let all = slots.withLock { slots in
            defer { slots.removeAll() }
            return slots.values.flatMap(\.connections)
        }
        for connection in all { await connection.close() }
    }
}

/// A prepared statement that looks rows up by one `uuid` and reads them as cells: what the loop connections run
/// (``Database/execute(_:logger:)``). List it in ``Database/loopStatements`` so that they prepare it.
package protocol LoopStatement: PostgresPreparedStatement where Row == [PostgresCell] {
    /// The statement's one parameter, `$1`.
    var parameter: UUID { get }
}

extension LoopStatement {
    /// The statement as the loop connections prepare it.
    package static var pipelined: PipelinedConnection.Statement { .init(name: name, sql: sql) }
}
