import Foundation
import Logging
import MallCore
import PostgresNIO

extension ListingStore {
    /// Adds a reference price to a listing (its supplier, or an operator watching prices). When a fresh
    /// reference undercuts an approved listing's price, the listing is flagged (DOMAIN.md §C3): new orders
    /// are blocked and it appears among the price violations until the price comes down or the sweep
    /// delists it. Returns the listing after the change.
    package func addReference(
        listingID: ID<Listing>, _ reference: NewReference, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        guard let current = try await lockListing(id: listingID, on: conn, logger: logger),
            actor.organisationKind == .operator || current.supplierID == actor.organisationID
        else { throw DomainError.notFound("listing \(listingID)") }
        try Self.validate(references: [reference], now: now)
        try await insertReference(reference, listingID: listingID, by: actor.userID, now: now, on: conn, logger: logger)
        let references = try await references(listingID: listingID, on: conn, logger: logger)
            .map { PriceControl.Reference(priceFen: $0.priceFen, capturedAt: $0.capturedAt) }
        let lowest = priceControl.lowestFresh(references, now: now)
        var action = "listing.reference_added"
        if let lowest, current.content.priceFen > lowest, current.priceFlaggedAt == nil {
            try await conn.query("UPDATE listings SET price_flagged_at = \(now) WHERE id = \(listingID)", logger: logger)
            action = "listing.price_flagged"
        }
        guard let updated = try await lockListing(id: listingID, on: conn, logger: logger) else {
            throw DomainError.notFound("listing \(listingID)")
        }
        var after = Self.snapshot(updated)
        after["referencePriceFen"] = .int(reference.priceFen.rawValue)
        after["referenceSource"] = .string(reference.source)
        if let lowest { after["lowestFreshReferenceFen"] = .int(lowest.rawValue) }
        try await audit.append(
            entry(action, updated, actor: actor, now: now, requestID: requestID, before: nil, after: after),
            on: conn, logger: logger)
        return updated
    }

    /// A flagged listing as the operators' violation list shows it.
    package struct Violation: Sendable, Equatable {
        package var listing: Record
        package var lowestReferenceFen: Fen?
        package var delistAt: Date
    }

    /// Listings flagged for a price above a fresh reference, oldest flag first (operators).
    package func violations(after cursor: (String, UUID)?, limit: Int, now: Date, logger: Logger) async throws
        -> [Violation]
    {
        let records = try await listings(
            scope: .all, status: nil, categoryPrefix: nil, supplier: nil, flaggedOnly: true, after: cursor, limit: limit,
            logger: logger)
        var result: [Violation] = []
        for record in records {
            let references = try await references(listingID: record.id, logger: logger)
                .map { PriceControl.Reference(priceFen: $0.priceFen, capturedAt: $0.capturedAt) }
            result.append(
                Violation(
                    listing: record, lowestReferenceFen: priceControl.lowestFresh(references, now: now),
                    delistAt: priceControl.delistAt(flaggedAt: record.priceFlaggedAt ?? now)))
        }
        return result
    }

    /// What one sweep did.
    package struct SweepReport: Sendable, Equatable {
        package var delisted = 0
        package var cleared = 0
        package var greenExpired = 0
        package init() {}
    }

    /// The background sweep (run by a `Service`): flagged listings past the grace period are delisted
    /// (audited, by the system, with a `price_violation` credit event of the supplier, DOMAIN.md §S1) unless their
    /// price came down meanwhile; flags whose reference went stale are
    /// cleared; `green` is turned off where every certificate has expired (by the indexed `green_until`, never
    /// a scan of all listings).
    package func sweep(now: Date, logger: Logger) async throws -> SweepReport {
        var report = SweepReport()
        let flagged = try await database.query(
            "SELECT id FROM listings WHERE price_flagged_at IS NOT NULL ORDER BY price_flagged_at LIMIT 1000",
            logger: logger)
        var ids: [ID<Listing>] = []
        for try await id in flagged.decode(ID<Listing>.self) { ids.append(id) }
        for id in ids {
            let outcome = try await database.transaction(logger: logger) { conn -> Int in
                guard let listing = try await lockListing(id: id, on: conn, logger: logger),
                    let flaggedAt = listing.priceFlaggedAt
                else { return 0 }
                let references = try await references(listingID: id, on: conn, logger: logger)
                    .map { PriceControl.Reference(priceFen: $0.priceFen, capturedAt: $0.capturedAt) }
                let lowest = priceControl.lowestFresh(references, now: now)
                guard let lowest, listing.content.priceFen > lowest else {
                    try await conn.query("UPDATE listings SET price_flagged_at = NULL WHERE id = \(id)", logger: logger)
                    try await audit.append(
                        entry(
                            "listing.price_flag_cleared", listing, actor: nil, now: now, requestID: nil, before: nil,
                            after: ["reason": .string("no fresh reference undercuts the price any more")]),
                        on: conn, logger: logger)
                    return 2
                }
                guard priceControl.delistAt(flaggedAt: flaggedAt) <= now, listing.status == .approved else { return 0 }
                try await conn.query(
                    """
                    UPDATE listings SET status = 'delisted', version = version + 1, updated_at = \(now),
                        delist_reason = \("price above the lowest reference price (\(lowest) yuan) past the grace period")
                    WHERE id = \(id)
                    """, logger: logger)
                try await audit.append(
                    entry(
                        "listing.delisted_price_violation", listing, actor: nil, now: now, requestID: nil,
                        before: Self.snapshot(listing),
                        after: ["status": .string("delisted"), "lowestFreshReferenceFen": .int(lowest.rawValue)]),
                    on: conn, logger: logger)
                // DOMAIN.md §C3, §S1: a delisting for a price violation is a credit event of the supplier.
                try await CreditStore(database: database, ids: self.ids).record(
                    .priceViolation, supplierID: listing.supplierID, occurredAt: now, reference: listing.content.title,
                    listingID: id, on: conn, logger: logger)
                return 1
            }
            if outcome == 1 { report.delisted += 1 }
            if outcome == 2 { report.cleared += 1 }
        }
        let today = LocalDate(now).description
        let expired = try await database.query(
            """
            UPDATE listings SET green = false
            WHERE green AND (green_until IS NULL OR green_until < \(today)::date)
            RETURNING id
            """, logger: logger)
        for try await _ in expired { report.greenExpired += 1 }
        return report
    }
}
