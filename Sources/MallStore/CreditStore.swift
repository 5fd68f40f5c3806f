import Foundation
import Logging
import MallCore
import PostgresNIO

/// Supplier credit (DOMAIN.md §S1): typed credit events are rows, written in the transaction of what raised
/// them (a rating, a late delivery, a failed acceptance, a delisting for a price violation); the score is
/// computed from them by `CreditScore.compute`, never stored, so it is always explainable.
package struct CreditStore: Sendable {
    package let database: Database
    package let ids: IDGenerator

    /// Creates the store.
    package init(database: Database, ids: IDGenerator) {
        self.database = database
        self.ids = ids
    }

    /// A credit event with what it refers to.
    package struct StoredEvent: Sendable, Equatable {
        package var event: CreditEvent
        package var supplierID: ID<Organisation>
        package var orderID: ID<Order>?
        package var listingID: ID<Listing>?
    }

    /// Appends a credit event on the caller's connection; returns its id.
    @discardableResult
    package func record(
        _ kind: CreditEvent.Kind, supplierID: ID<Organisation>, occurredAt: Date, reference: String?,
        orderID: ID<Order>? = nil, listingID: ID<Listing>? = nil, on conn: PostgresConnection, logger: Logger
    ) async throws -> ID<CreditEvent> {
        let id: ID<CreditEvent> = ids.next()
        var rating: CreditRating?
        var daysLate: Int?
        var points: Int?
        var reason: String?
        switch kind {
        case .rating(let value): rating = value
        case .lateDelivery(let days): daysLate = days
        case .operatorDeduction(let value, let text):
            points = value
            reason = text
        case .priceViolation, .refusedAward, .acceptanceFailed: break
        }
        try await conn.query(
            """
            INSERT INTO credit_events (id, supplier_id, kind, occurred_at, reference, order_id, listing_id, delivery,
                                       quality, service, days_late, points, reason)
            VALUES (\(id), \(supplierID), \(Self.kindName(kind)), \(occurredAt), \(reference), \(orderID?.uuid),
                    \(listingID?.uuid), \(rating?.delivery), \(rating?.quality), \(rating?.service), \(daysLate),
                    \(points), \(reason))
            """, logger: logger)
        return id
    }

    /// The stored `kind` text of an event kind.
    package static func kindName(_ kind: CreditEvent.Kind) -> String {
        switch kind {
        case .rating: "rating"
        case .priceViolation: "price_violation"
        case .refusedAward: "refused_award"
        case .lateDelivery: "late_delivery"
        case .acceptanceFailed: "acceptance_failed"
        case .operatorDeduction: "operator_deduction"
        }
    }

    /// A supplier's events whose China date falls in `year`, oldest first (DOMAIN.md §S1: each year starts
    /// again at 100). At most 10 000 events a year are read; the report says so if that bound is reached.
    package func events(supplierID: ID<Organisation>, year: Int, logger: Logger) async throws -> [StoredEvent] {
        guard let first = LocalDate(year: year, month: 1, day: 1),
            let next = LocalDate(year: year + 1, month: 1, day: 1)
        else { return [] }
        let rows = try await database.query(
            """
            SELECT id, kind, occurred_at, reference, order_id, listing_id, delivery::int, quality::int, service::int,
                   days_late, points, reason
            FROM credit_events
            WHERE supplier_id = \(supplierID) AND occurred_at >= \(Self.chinaMidnight(first))
              AND occurred_at < \(Self.chinaMidnight(next))
            ORDER BY occurred_at, id
            LIMIT 10000
            """, logger: logger)
        var result: [StoredEvent] = []
        for try await (id, kind, at, reference, order, listing, delivery, quality, service, late, points, reason)
            in rows.decode(
                (ID<CreditEvent>, String, Date, String?, UUID?, UUID?, Int?, Int?, Int?, Int?, Int?, String?).self)
        {
            let eventKind: CreditEvent.Kind
            switch kind {
            case "rating":
                guard let delivery, let quality, let service else { continue }
                eventKind = .rating(try CreditRating(delivery: delivery, quality: quality, service: service))
            case "price_violation": eventKind = .priceViolation
            case "refused_award": eventKind = .refusedAward
            case "late_delivery": eventKind = .lateDelivery(daysLate: late ?? 0)
            case "acceptance_failed": eventKind = .acceptanceFailed
            case "operator_deduction": eventKind = .operatorDeduction(points: points ?? 0, reason: reason ?? "")
            default: continue
            }
            result.append(
                StoredEvent(
                    event: CreditEvent(id: id, occurredAt: at, kind: eventKind, reference: reference),
                    supplierID: supplierID, orderID: order.map(ID.init), listingID: listing.map(ID.init)))
        }
        return result
    }

    /// The instant a China business date starts (00:00 at UTC+8).
    static func chinaMidnight(_ date: LocalDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86_400 - 28_800))
    }
}
