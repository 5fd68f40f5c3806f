import Foundation
import Logging
import MallCore
import PostgresNIO
import Synchronization

/// The catalog search served from memory (issue 3 points 6 and 7): a gram → posting-list index of every approved
/// listing, with the fields a hit shows, kept in the server.
///
/// The SQL search (``SearchStore``) cannot reach the latency target at a million listings: a broad
/// two-character query reads tens of thousands of index entries and rows per request, and 32 of them at once
/// saturate both cores (docs/benchmarks.md). This index answers the same searches, by the same rules, with the
/// same hits, from arrays in memory (``SearchIndexStorage``).
///
/// **Current.** Before each search the index applies every listing change committed before the search
/// began: ``sync(logger:)`` asks `listing_search_changes` (Schema/0013, 0014) for the changes of transactions its
/// snapshot did not see, and re-reads those listings. Concurrent searches share one such round trip (one that
/// started after each of them arrived), so under load a search costs PostgreSQL a fraction of a statement. A
/// change made by any server, import or SQL session is seen, and a search never sees less than what was committed
/// before it started.
///
/// **Memory.** The server holds about 800 MB resident at 1 000 000 approved listings (docs/benchmarks.md). Dead
/// and appended documents are compacted by a rebuild in the background (``SearchIndexService``).
///
/// Searches within a framework agreement (`agreement=`) stay with SQL: their candidates live in another table.
package final class SearchIndex: @unchecked Sendable {
    package let database: Database
    /// ``SearchStore/countCap``.
    package let countCap: Int
    /// ``SearchStore/relevanceWindow``.
    package let relevanceWindow: Int

    /// Guards `state`; searches read in parallel, changes write briefly.
    private let lock = ReadWriteLock()
    private var state = State()
    private let gate = SyncGate()
    /// A load started by ``SearchIndexService`` is under way: searches use SQL until it finishes.
    private let loadingInBackground = Mutex<Bool>(false)

    private struct State {
        var storage = SearchIndexStorage()
        /// The snapshot the storage reflects (`pg_current_snapshot()` as text); `nil` before the first load.
        var snapshot: String?
        /// Counts loads, so that a catch-up computed against an older load is not applied to a newer one.
        var generation = 0
        var categoryNames: [String: String] = [:]
        var lastSync = ContinuousClock.now
    }

    package init(database: Database, countCap: Int = 500, relevanceWindow: Int = 500) {
        self.database = database
        self.countCap = max(1, countCap)
        self.relevanceWindow = max(1, relevanceWindow)
    }

    /// Whether the index has been loaded.
    package var isLoaded: Bool { lock.read { state.snapshot != nil } }

    /// Live documents, all documents, and whether a rebuild would pay (for the service and tests).
    package var statistics: (live: Int, documents: Int, wantsRebuild: Bool) {
        lock.read { (state.storage.liveCount, state.storage.documentCount, state.storage.wantsRebuild) }
    }

    /// Time since the last successful load or catch-up.
    package var sinceLastSync: Duration { lock.read { ContinuousClock.now - state.lastSync } }

    // MARK: - Keeping current

    /// Brings the index up to date with every transaction committed before this call (loading it the first time).
    ///
    /// The catch-up is shared with concurrent callers, so a cancelled search does not stop it; with
    /// `cancellable`, cancelling the caller cancels the catch-up too (``SearchIndexService``, so that a shutdown
    /// does not wait on a load whose database client has stopped).
    package func sync(logger: Logger, cancellable: Bool = false) async throws {
        try await gate.run(cancellable: cancellable) { try await self.catchUp(logger: logger) }
    }

    /// Loads in the background: until it is done, ``search(_:after:limit:logger:)`` answers `nil` (use SQL).
    /// Cancelling the caller cancels the load.
    package func loadInBackground(logger: Logger) async throws {
        loadingInBackground.withLock { $0 = true }
        defer { loadingInBackground.withLock { $0 = false } }
        try await sync(logger: logger, cancellable: true)
    }

    /// Reloads everything from one snapshot and swaps it in (compaction; also the first load).
    package func rebuild(logger: Logger) async throws {
        let started = ContinuousClock.now
        let loaded = try await database.transaction(isolation: .repeatableRead, logger: logger) { connection in
            // One snapshot for the marker and the rows: a later catch-up starts exactly where this load ends.
            var snapshot = ""
            for try await (text) in try await connection.query("SELECT pg_current_snapshot()::text", logger: logger)
                .decode(String.self)
            {
                snapshot = text
            }
            var names: [String: String] = [:]
            for try await (code, name) in try await connection.query(
                "SELECT code, name FROM categories", logger: logger
            ).decode((String, String).self) {
                names[code] = name
            }
            var rows: [SearchIndexStorage.Row] = []
            let query: PostgresQuery = """
                SELECT \(unescaped: Self.rowColumns)
                FROM listings l LEFT JOIN organisations o ON o.id = l.supplier_id
                WHERE l.status = 'approved' AND l.approved_at IS NOT NULL
                ORDER BY l.approved_at, l.id
                """
            for try await row in try await connection.query(query, logger: logger).decode(Self.RowColumns.self) {
                rows.append(Self.row(row))
            }
            return (snapshot, names, rows)
        }
        let fetched = ContinuousClock.now
        let storage = SearchIndexStorage(base: loaded.2)
        lock.write {
            state.storage = storage
            state.snapshot = loaded.0
            state.categoryNames = loaded.1
            state.generation += 1
            state.lastSync = ContinuousClock.now
        }
        logger.info(
            "search index loaded",
            metadata: [
                "search_index.listings": "\(storage.liveCount)",
                "search_index.fetch": "\(fetched - started)", "search_index.build": "\(ContinuousClock.now - fetched)",
            ])
    }

    /// The columns of ``SearchIndexStorage/Row`` (from `listings l LEFT JOIN organisations o`): `approved_at` in
    /// exact microseconds, regions as one string.
    private static let rowColumns = """
        l.id, (extract(epoch FROM l.approved_at) * 1000000)::int8, l.price_fen, l.category_code, l.brand,
        l.supplier_id, array_to_string(l.delivery_regions, ','), l.green, l.poverty_county, l.search_text,
        length(l.title), l.title, l.model, l.unit, l.lead_time_days, coalesce(o.name, '')
        """
    private typealias RowColumns = (
        UUID, Int64, Int64, String, String, UUID, String, Bool, Bool, String, Int, String, String, String, Int, String
    )

    private static func row(_ c: RowColumns) -> SearchIndexStorage.Row {
        SearchIndexStorage.Row(
            id: c.0, approvedMicros: c.1, priceFen: c.2, categoryCode: c.3, brand: c.4, supplierID: c.5,
            deliveryRegions: c.6.isEmpty ? [] : c.6.split(separator: ",").map(String.init), green: c.7,
            povertyCounty: c.8, searchText: c.9, titleLength: c.10, title: c.11, model: c.12, unit: c.13,
            leadTimeDays: c.14, supplierName: c.15)
    }

    /// The statement that re-reads changed listings by primary key (also for EXPLAIN in tests).
    package static func changedRowsQuery(ids: [UUID]) -> PostgresQuery {
        """
        SELECT \(unescaped: rowColumns)
        FROM listings l LEFT JOIN organisations o ON o.id = l.supplier_id
        WHERE l.id = ANY(\(ids)) AND l.status = 'approved' AND l.approved_at IS NOT NULL
        """
    }

    /// Applies the changes committed since the snapshot the index reflects; loads when there is none yet.
    private func catchUp(logger: Logger) async throws {
        while true {
            let (snapshot, generation) = lock.read { (state.snapshot, state.generation) }
            guard let snapshot else { return try await rebuild(logger: logger) }
            var current = snapshot
            var changed: Set<UUID> = []
            for (now, id) in try await database.execute(SearchIndexChanges(snapshot: snapshot), logger: logger) {
                current = now
                if let id { changed.insert(id) }
            }
            var rows: [UUID: SearchIndexStorage.Row] = [:]
            if !changed.isEmpty {
                let query = Self.changedRowsQuery(ids: Array(changed))
                for try await row in try await database.query(query, logger: logger).decode(Self.RowColumns.self) {
                    rows[row.0] = Self.row(row)
                }
            }
            let applied = lock.write { () -> Bool in
                guard state.generation == generation else { return false }
                // Oldest approval first keeps the tail's insertions short; the order does not change the result.
                for id in changed.sorted(by: { $0.lowercasedString < $1.lowercasedString }) {
                    state.storage.upsert(id: id, row: rows[id])
                }
                state.snapshot = current
                state.lastSync = ContinuousClock.now
                return true
            }
            if applied { return }
            // A rebuild swapped in a newer storage meanwhile: catch that one up instead.
        }
    }

    /// Deletes change records older than `age` (every server has long applied them; a server that has not
    /// synchronised for half that time rebuilds instead of catching up: ``SearchIndexService``).
    package func prune(olderThan age: Duration = .seconds(86_400), logger: Logger) async throws {
        let seconds = Int(age.components.seconds)
        try await database.query(
            "DELETE FROM listing_search_changes WHERE changed_at < now() - make_interval(secs => \(seconds))",
            logger: logger)
    }

    // MARK: - Searching

    /// One page, its cursor and the facets; `nil` while a background load is under way (ask ``SearchStore``).
    package func search(_ criteria: SearchStore.Criteria, after: SearchStore.After?, limit: Int, logger: Logger)
        async throws -> (hits: [SearchStore.Hit], next: SearchStore.After?, facets: SearchStore.Facets)?
    {
        precondition(criteria.agreementID == nil, "agreement searches are served by SearchStore")
        if !isLoaded, loadingInBackground.withLock({ $0 }) { return nil }
        // A catch-up that began after this request arrived (shared with the searches waiting alongside): the
        // index then holds every change committed before the search, and answers it alone, hits included.
        try await sync(logger: logger)
        return try lock.read { () throws(DomainError) in
            let found = try evaluate(criteria, after: after, limit: limit)
            return (found.hits, found.next, found.facets)
        }
    }

    private struct Found {
        var hits: [SearchStore.Hit]
        var next: SearchStore.After?
        var facets: SearchStore.Facets
    }

    /// The page's hits and facets, under the read lock. The storage is copied out of `state` once, here: each
    /// `state.storage` read copies the whole struct (a retain and a release of each of its arrays, shared by every
    /// search), which the hits, read one by one through `state`, did for every hit.
    private func evaluate(_ criteria: SearchStore.Criteria, after: SearchStore.After?, limit: Int)
        throws(DomainError) -> Found
    {
        let storage = state.storage
        let q = storage.query(criteria)
        let invalid = DomainError(.invalidCursor, "the cursor is not one this server issued for this sort")
        // The facets count the newest countCap matches (one more tells whether the count is capped); relevance
        // ranks the newest relevanceWindow: one walk serves both.
        let newestNeeded = max(countCap + 1, criteria.sort == .relevance ? relevanceWindow : 0)
        let newest = storage.first(newestNeeded, q, order: .newest, descending: true, after: nil)

        var page: [(document: UInt32, score: Int)] = []
        switch criteria.sort {
        case .relevance:
            let window = newest.prefix(relevanceWindow)
            storage.prefetch(window, text: true)
            var scored = window.enumerated().map { (position: $0.offset, document: $0.element, score: storage.score($0.element, q)) }
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }
            var start = 0
            if case .relevance(let score, let approvedAt, let id)? = after {
                guard let micros = SearchIndex.micros(fromKey: approvedAt) else { throw invalid }
                let (hi, lo) = SearchIndexStorage.halves(id)
                let bound = SearchIndexStorage.Key(major: micros, hi: hi, lo: lo)
                // The first entry strictly after (score, approvedAt, id) in descending order.
                start = scored.firstIndex { entry in
                    entry.score < score || (entry.score == score && storage.newestKey(entry.document) < bound)
                } ?? scored.count
            }
            page = scored[start...].prefix(limit + 1).map { ($0.document, $0.score) }
        case .newest:
            var bound: SearchIndexStorage.Key? = nil
            if case .newest(let approvedAt, let id)? = after {
                guard let micros = SearchIndex.micros(fromKey: approvedAt) else { throw invalid }
                let (hi, lo) = SearchIndexStorage.halves(id)
                bound = .init(major: micros, hi: hi, lo: lo)
            }
            // The walk for the facets already holds the first page (or every match, when it stopped short).
            let documents = bound == nil && (newest.count >= limit + 1 || newest.count < newestNeeded)
                ? Array(newest.prefix(limit + 1))
                : storage.first(limit + 1, q, order: .newest, descending: true, after: bound)
            page = documents.map { ($0, 0) }
        case .priceAsc, .priceDesc:
            var bound: SearchIndexStorage.Key? = nil
            switch after {
            case .priceAsc(let price, let id)?, .priceDesc(let price, let id)?:
                let (hi, lo) = SearchIndexStorage.halves(id)
                bound = .init(major: price, hi: hi, lo: lo)
            default: break
            }
            page = storage.first(limit + 1, q, order: .price, descending: criteria.sort == .priceDesc, after: bound)
                .map { ($0, 0) }
        }

        var next: SearchStore.After? = nil
        if page.count > limit {
            page.removeLast(page.count - limit)
            if let last = page.last {
                let d = last.document
                let id = storage.id(of: d)
                let approvedAt = SearchIndex.key(fromMicros: storage.approved[Int(d)])
                switch criteria.sort {
                case .relevance: next = .relevance(score: last.score, approvedAt: approvedAt, id: id)
                case .newest: next = .newest(approvedAt: approvedAt, id: id)
                case .priceAsc: next = .priceAsc(priceFen: storage.price[Int(d)], id: id)
                case .priceDesc: next = .priceDesc(priceFen: storage.price[Int(d)], id: id)
                }
            }
        }

        let counted = newest.prefix(countCap)
        let counts = storage.counts(counted)
        let facets = SearchStore.Facets(
            total: counted.count, isCapped: newest.count > countCap,
            categories: counts.categories.map {
                .init(code: $0.code, name: state.categoryNames[$0.code] ?? "", count: $0.count)
            },
            brands: counts.brands.map { .init(brand: $0.brand, count: $0.count) },
            green: .init(yes: counts.green.0, no: counts.green.1),
            povertyCounty: .init(yes: counts.poverty.0, no: counts.poverty.1))
        let scored = criteria.sort == .relevance
        let hits = page.map { storage.hit($0.document, score: scored ? $0.score : 0) }
        return Found(hits: hits, next: next, facets: facets)
    }

    // MARK: - Instant keys

    /// `2026-03-02T01:00:00.000000Z` (``SearchStore`` cursor keys) → microseconds since 1970 UTC.
    package static func micros(fromKey key: String) -> Int64? {
        guard SearchStore.isInstantKey(key) else { return nil }
        let b = Array(key.utf8)
        func n(_ range: Range<Int>) -> Int64 { b[range].reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) } }
        // isInstantKey checked the date: LocalDate accepts it.
        guard let date = LocalDate(year: Int(n(0..<4)), month: Int(n(5..<7)), day: Int(n(8..<10))) else { return nil }
        let seconds = ((Int64(date.dayNumber) * 24 + n(11..<13)) * 60 + n(14..<16)) * 60 + n(17..<19)
        return seconds * 1_000_000 + n(20..<26)
    }

    /// Microseconds since 1970 UTC → `2026-03-02T01:00:00.000000Z`, as PostgreSQL's `to_char` writes it.
    package static func key(fromMicros micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let date = LocalDate(dayNumber: Int(days))
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(date.description)T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 6))Z"
    }
}

/// The listings changed by transactions a snapshot did not see, and the current snapshot (prepared once per
/// connection: every catch-up runs it, one per batch of concurrent searches). Transactions with an xid below the snapshot's xmin were all visible to it,
/// so the xid index bounds the scan.
struct SearchIndexChanges: PostgresPreparedStatement {
    static let name = "SearchIndexChanges"
    typealias Row = (String, UUID?)

    static let sql = """
        SELECT pg_current_snapshot()::text, c.listing_id
        FROM (SELECT $1::text::pg_snapshot AS s) AS known
        LEFT JOIN listing_search_changes c
          ON c.xid >= pg_snapshot_xmin(known.s) AND NOT pg_visible_in_snapshot(c.xid, known.s)
        """
    static let bindingDataTypes: [PostgresDataType] = [.text]

    var snapshot: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(snapshot)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// Runs one catch-up at a time, and makes every caller wait for a run that started after it called: concurrent
/// callers share one run.
actor SyncGate {
    private var requested = 0
    private var completed = 0
    private var inFlight: (task: Task<Void, any Error>, covers: Int)?

    func run(cancellable: Bool = false, _ work: @escaping @Sendable () async throws -> Void) async throws {
        requested += 1
        let mine = requested
        while completed < mine {
            if let flight = inFlight {
                let result = cancellable
                    ? await withTaskCancellationHandler { await flight.task.result } onCancel: { flight.task.cancel() }
                    : await flight.task.result
                if inFlight?.task == flight.task { inFlight = nil }
                if cancellable { try Task.checkCancellation() }
                switch result {
                case .success: completed = max(completed, flight.covers)
                case .failure(let error) where flight.covers >= mine: throw error
                case .failure: break
                }
            } else {
                inFlight = (Task { try await work() }, requested)
            }
        }
    }
}

/// A `pthread_rwlock_t` that prefers writers, so that a steady stream of searches cannot starve a catch-up.
final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        #if canImport(Glibc)
            pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        #endif
        pthread_rwlock_init(lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func read<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    func write<Result>(_ body: () -> Result) -> Result {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return body()
    }
}
