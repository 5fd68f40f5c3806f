import Foundation
import Logging
import MallCore
import PostgresNIO

/// Bulk creation of draft listings (issue 3 point 5), on the caller's connection inside its transaction (the
/// API's idempotency wrapper holds it).
///
/// Every row goes through the two halves of `ListingStore.create` (`insertNew`, then `recordCreations`), so the
/// rules, the price history and the audit row of `POST /api/v1/listings` apply unchanged. To keep 10 000 rows fast
/// and each row all-or-nothing:
/// - rows are first checked in Swift with the same validation `create` runs (categories fetched once per
///   distinct code), so most bad rows never reach the database;
/// - the rows that pass are written in chunks, each under one `SAVEPOINT`, the chunk's first prices and audit rows
///   in one statement each after its listings; when a row of a chunk still fails,
///   the chunk is rolled back to its savepoint and replayed with one savepoint per row, so a bad row is rolled
///   back alone. (A savepoint per row throughout would give PostgreSQL one subtransaction per row; past 64 in
///   one transaction every other session's snapshot checks get slower while the import runs.)
/// - a dry run does all of it inside an outer savepoint that is rolled back at the end.
///
/// Import-only rule, on top of `create`'s: a row that repeats an earlier row of the same file, or a draft,
/// pending or approved listing of the supplier (same brand + model + specs after normalisation, DOMAIN.md §C2)
/// fails with `listing.duplicate`, so that uploading a file twice does not double the catalogue.
package struct ImportStore: Sendable {
    package let listings: ListingStore
    /// Rows written under one savepoint.
    package var chunkSize: Int

    package init(listings: ListingStore, chunkSize: Int = 500) {
        self.listings = listings
        self.chunkSize = max(1, chunkSize)
    }

    /// What happened to one row.
    package enum Outcome: Sendable, Equatable {
        /// The listing was created (a real import).
        case created(ID<Listing>)
        /// The row would be created (a dry run).
        case valid
        /// The row was refused; nothing of it was written.
        case failed(DomainError)
    }

    /// Creates a draft listing per row for the principal's organisation and returns one outcome per row, in
    /// order. With `dryRun`, everything is rolled back and valid rows answer `.valid`.
    package func importRows(
        _ rows: [ImportRow], actor: Principal, dryRun: Bool, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> [Outcome] {
        if dryRun { try await conn.query("SAVEPOINT listing_import_dry_run", logger: logger) }
        let categories = try await categories(of: rows, on: conn, logger: logger)
        var outcomes = try await check(rows, categories: categories, actor: actor, now: now, on: conn, logger: logger)
        let candidates = outcomes.indices.filter { outcomes[$0] == .valid }
        var start = candidates.startIndex
        while start < candidates.endIndex {
            let end = min(start + chunkSize, candidates.endIndex)
            let chunk = Array(candidates[start..<end])
            try await conn.query("SAVEPOINT listing_import_chunk", logger: logger)
            do {
                // The chunk's listings first, then their price-history entries and audit rows in one statement each.
                var records: [ListingStore.Record] = []
                records.reserveCapacity(chunk.count)
                for index in chunk {
                    let row = rows[index]
                    records.append(
                        try await listings.insertNew(
                            content: row.content, stock: row.stock, leadTimeDays: row.leadTimeDays,
                            references: Self.references(row), actor: actor, now: now,
                            category: categories[row.content.categoryCode] ?? nil, on: conn, logger: logger))
                }
                try await listings.recordCreations(
                    records, actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
                for (index, record) in zip(chunk, records) { outcomes[index] = .created(record.id) }
                try await conn.query("RELEASE SAVEPOINT listing_import_chunk", logger: logger)
            } catch where Self.isRowError(error) {
                try await conn.query("ROLLBACK TO SAVEPOINT listing_import_chunk", logger: logger)
                try await conn.query("RELEASE SAVEPOINT listing_import_chunk", logger: logger)
                for index in chunk {
                    outcomes[index] = try await createAlone(
                        rows[index], category: categories[rows[index].content.categoryCode] ?? nil, actor: actor,
                        now: now, requestID: requestID, on: conn, logger: logger)
                }
            }
            start = end
        }
        if dryRun {
            try await conn.query("ROLLBACK TO SAVEPOINT listing_import_dry_run", logger: logger)
            try await conn.query("RELEASE SAVEPOINT listing_import_dry_run", logger: logger)
            outcomes = outcomes.map { if case .created = $0 { .valid } else { $0 } }
        }
        return outcomes
    }

    // MARK: - Steps

    /// The checks of `create` (category, content, stock and lead time, reference prices, price control) plus
    /// the import's duplicate rule, without writing: `.valid` or `.failed` per row.
    func check(
        _ rows: [ImportRow], categories: [String: CategoryInfo?], actor: Principal, now: Date,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> [Outcome] {
        let keys = rows.map(\.content.duplicateKey)
        let taken = try await existingDuplicateKeys(
            Array(Set(keys)), supplier: actor.organisationID, on: conn, logger: logger)
        var firstRowOfKey: [String: Int] = [:]
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            do throws(DomainError) {
                try ListingStore.validate(
                    content: row.content, category: categories[row.content.categoryCode] ?? nil, stock: row.stock,
                    leadTimeDays: row.leadTimeDays)
                let references = Self.references(row)
                try ListingStore.validate(references: references, now: now)
                try listings.priceControl.check(
                    price: row.content.priceFen,
                    references: references.map { .init(priceFen: $0.priceFen, capturedAt: $0.capturedAt) }, now: now)
                let key = keys[index]
                if let first = firstRowOfKey[key] {
                    throw DomainError(
                        .duplicateListing,
                        "repeats the brand, model and specs of item \(first + 1) of this import")
                }
                if taken.contains(key) {
                    throw DomainError(
                        .duplicateListing, "you already have a listing with the same brand, model and specs")
                }
                firstRowOfKey[key] = index
                outcomes.append(.valid)
            } catch {
                outcomes.append(.failed(error))
            }
        }
        return outcomes
    }

    /// Duplicate keys among `keys` that the supplier's draft, pending or approved listings already have.
    func existingDuplicateKeys(
        _ keys: [String], supplier: ID<Organisation>, on conn: PostgresConnection, logger: Logger
    )
        async throws -> Set<String>
    {
        let rows = try await conn.query(
            """
            SELECT DISTINCT duplicate_key FROM listings
            WHERE supplier_id = \(supplier) AND duplicate_key = ANY(\(keys))
              AND status IN ('draft', 'pending', 'approved')
            LIMIT \(keys.count)
            """, logger: logger)
        var result: Set<String> = []
        for try await key in rows.decode(String.self) { result.insert(key) }
        return result
    }

    /// The categories the rows name, each read once (`nil` for a code that is not in the catalogue).
    func categories(of rows: [ImportRow], on conn: PostgresConnection, logger: Logger) async throws
        -> [String: CategoryInfo?]
    {
        var categories: [String: CategoryInfo?] = [:]
        for code in Set(rows.map(\.content.categoryCode)) {
            categories[code] = try await listings.catalog.category(code: code, on: conn, logger: logger)?.info
        }
        return categories
    }

    func create(
        _ row: ImportRow, category: CategoryInfo?, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> ID<Listing> {
        try await listings.create(
            content: row.content, stock: row.stock, leadTimeDays: row.leadTimeDays, references: Self.references(row),
            actor: actor, now: now, requestID: requestID, category: category, on: conn, logger: logger
        ).id
    }

    /// One row under its own savepoint: created, or failed and rolled back alone.
    func createAlone(
        _ row: ImportRow, category: CategoryInfo?, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> Outcome {
        try await conn.query("SAVEPOINT listing_import_row", logger: logger)
        do {
            let id = try await create(
                row, category: category, actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
            try await conn.query("RELEASE SAVEPOINT listing_import_row", logger: logger)
            return .created(id)
        } catch where Self.isRowError(error) {
            try await conn.query("ROLLBACK TO SAVEPOINT listing_import_row", logger: logger)
            try await conn.query("RELEASE SAVEPOINT listing_import_row", logger: logger)
            return .failed(Self.rowError(error, logger: logger))
        }
    }

    // MARK: - Helpers

    static func references(_ row: ImportRow) -> [ListingStore.NewReference] {
        row.references.map {
            ListingStore.NewReference(
                kind: $0.kind, source: $0.source, url: $0.url, priceFen: $0.priceFen, capturedAt: $0.capturedAt)
        }
    }

    /// Errors that concern one row: our domain errors and errors the server reported for a statement. A lost
    /// connection or a cancellation ends the whole import instead.
    static func isRowError(_ error: any Error) -> Bool {
        if error is DomainError { return true }
        if let psql = error as? PSQLError { return psql.serverInfo != nil }
        return false
    }

    /// A row's error as a domain error: known constraints by name; anything else is logged and reported as
    /// `internal` without details (STYLE.md §2.4).
    static func rowError(_ error: any Error, logger: Logger) -> DomainError {
        if let domain = error as? DomainError { return domain }
        if let domain = Database.translate(error) as? DomainError { return domain }
        logger.error("import row failed", metadata: ["error": "\(String(reflecting: error))"])
        return DomainError(
            DomainError.Code("internal"),
            "an unexpected error occurred for this row; quote the X-Request-Id header when reporting it")
    }
}
