import Foundation

/// Reference-price control (DOMAIN.md §C3): a listing's price must not exceed the lowest reference price
/// captured within the freshness window; a violation blocks new orders and, past a grace period, delists.
package struct PriceControl: Sendable, Equatable {
    /// How old a reference may be and still count (default 30 days; configuration).
    package var freshness: TimeInterval
    /// How long a flagged listing may stay listed before the sweep delists it (default 7 days).
    package var grace: TimeInterval

    package init(freshness: TimeInterval = 30 * 86_400, grace: TimeInterval = 7 * 86_400) {
        self.freshness = freshness
        self.grace = grace
    }

    /// A reference price as the rule needs it.
    package struct Reference: Sendable, Equatable {
        package var priceFen: Fen
        package var capturedAt: Date

        package init(priceFen: Fen, capturedAt: Date) {
            self.priceFen = priceFen
            self.capturedAt = capturedAt
        }
    }

    /// The lowest reference captured within the window ending at `now` (references from the future count:
    /// they are fresh).
    package func lowestFresh(_ references: [Reference], now: Date) -> Fen? {
        references.filter { now.timeIntervalSince($0.capturedAt) <= freshness }.map(\.priceFen).min()
    }

    /// Throws `listing.price_above_reference` when `price` exceeds the lowest fresh reference.
    package func check(price: Fen, references: [Reference], now: Date) throws(DomainError) {
        if let lowest = lowestFresh(references, now: now), price > lowest {
            throw DomainError(
                .priceAboveReference,
                "the price \(price) yuan is above the lowest reference price \(lowest) yuan captured in the last "
                    + "\(Int(freshness / 86_400)) days",
                fields: [
                    .init(field: "priceFen", code: "above_reference", message: "at most \(lowest.rawValue) fen")
                ])
        }
    }

    /// When a listing flagged at `flaggedAt` is delisted.
    package func delistAt(flaggedAt: Date) -> Date { flaggedAt.addingTimeInterval(grace) }
}
