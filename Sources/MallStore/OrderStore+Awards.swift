import Foundation
import Logging
import MallCore
import PostgresNIO

extension OrderStore {
    /// An order whose price was fixed outside the pricing engine: the award of a competition (DOMAIN.md §K2,
    /// §P5), at the winning supplier's quoted total for the offered listing.
    package struct AwardedLine: Sendable {
        package var listingID: ID<Listing>
        package var quantity: Int64
        /// The contract price of the whole line: the quoted total.
        package var totalFen: Fen
        /// What the price comes from, stored in the breakdown (e.g. `competition JJ2026030200000001`).
        package var source: String
        package var method: ProcurementMethod
        /// A second bidding under a framework agreement (DOMAIN.md §F7): the order is linked to the agreement and
        /// lot with stage-2 method `second_bidding` (`link`), so it is one of the agreement's stage-2 orders.
        package var agreement: AgreementContext?

        package init(
            listingID: ID<Listing>, quantity: Int64, totalFen: Fen, source: String, method: ProcurementMethod,
            agreement: AgreementContext? = nil
        ) {
            self.listingID = listingID
            self.quantity = quantity
            self.totalFen = totalFen
            self.source = source
            self.method = method
            self.agreement = agreement
        }
    }

    /// The named rounding of an awarded line's displayed unit price (total ÷ quantity; DOMAIN.md §P2).
    package static let awardedUnitPriceRounding: Rounding = .halfUp

    /// Places the order an award creates (DOMAIN.md §K2, §O1, §O4, §T) in the caller's transaction, through
    /// the same steps as `place`: the unit's advisory lock, the listing's row lock, the budget line's
    /// reservation, stock taken by a conditional update, the order and its line (the breakdown records the
    /// quoted price), the splitting detectors with the order's method, and the `order.placed` audit row.
    ///
    /// The direct purchase max (§O3) does not apply: a competition is what a purchase above it must use. The
    /// listing must still be approved and not flagged for its price (§C3), else `order.listing_unavailable` or
    /// `order.listing_price_flagged`.
    package func placeAwarded(
        _ line: AwardedLine, budgetLineID: ID<BudgetLine>, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> Placement {
        let today = LocalDate(now)
        let unitKey = "orders:\(actor.organisationID)"
        try await conn.query("SELECT pg_advisory_xact_lock(hashtextextended(\(unitKey), 0))", logger: logger)
        let listings = try await loadListings([line.listingID], lock: true, now: now, on: conn, logger: logger)
        guard let listing = listings[line.listingID], listing.status == .approved else {
            throw DomainError(
                .orderListingUnavailable, "the quoted listing \(line.listingID) is no longer approved",
                fields: [.init(field: "listingId", code: "unavailable", message: "not an approved listing")])
        }
        guard listing.priceFlaggedAt == nil else {
            throw DomainError(
                .orderListingPriceFlagged,
                "listing \(listing.id) is priced above a fresh reference price and blocked for new orders (§C3)",
                fields: [.init(field: "listingId", code: "price_flagged", message: "blocked for new orders")])
        }
        let quote = Self.awardedQuote(line, listingPrice: listing.content.priceFen)
        let order = PricedCart.SupplierOrder(
            supplierID: listing.supplierID, supplierName: listing.supplierName, supplierSize: listing.supplierSize,
            lines: [PricedCart.Line(requestIndex: 0, listing: listing, quote: quote)],
            quote: OrderQuote(lines: [quote], amountFen: quote.lineAmountFen, feesFen: .zero, totalFen: quote.totalFen),
            directPurchaseMax: policy.directPurchaseLimits.limit(
                region: actor.regionCode, category: listing.content.categoryCode
            ).max)
        let cart = PricedCart(
            orders: [order], amountFen: quote.lineAmountFen, feesFen: .zero, totalFen: quote.totalFen, pricedOn: today,
            buyerRegion: actor.regionCode)
        let budget = try await reserveBudget(
            budgetLineID, cart: cart, unit: actor.organisationID, year: today.year, now: now, on: conn, logger: logger)
        try await takeStock(
            [CartLine(listingID: line.listingID, quantity: line.quantity)], listings: listings, on: conn,
            logger: logger)

        let placementID = ids.nextUUID()
        let terms = PaymentTerms(supplierSize: listing.supplierSize, clockStart: .delivery)
        let id: ID<Order> = ids.next()
        let written = [(id, order, terms, try policy.paymentTerms.termDays(for: terms))]
        try await insertOrders(
            written, placementID: placementID, budgetLineID: budgetLineID, method: line.method, actor: actor, now: now,
            on: conn, logger: logger)
        try await insertLines([(id, order)], on: conn, logger: logger)
        if let agreement = line.agreement {
            try await link(placementID: placementID, to: agreement, on: conn, logger: logger)
        }
        let records = try await orders(placementID: placementID, on: conn, logger: logger)
        try await audit.append(
            contentsOf: records.map { record in
                entry(
                    "order.placed", record, actor: actor, now: now, requestID: requestID, before: nil,
                    after: Self.snapshot(record).merging([
                        "placementId": .string(placementID.lowercasedString),
                        "budgetReservedFen": .int(budget.reservedAfter.rawValue), "priceSource": .string(line.source),
                        "method": .string(line.method.rawValue),
                    ]) { $1 })
            }, on: conn, logger: logger)
        let warnings = try await detectSplitting(
            [(id, order)], placementID: placementID, budget: budget.line, method: line.method,
            unit: actor.organisationID, region: actor.regionCode, today: today, actor: actor, now: now,
            requestID: requestID, on: conn, logger: logger)
        var lines: [ID<Order>: [LineRecord]] = [:]
        for (order, line) in try await self.lines(orderIDs: records.map(\.id), on: conn, logger: logger) {
            lines[order, default: []].append(line)
        }
        return Placement(placementID: placementID, orders: records, lines: lines, warnings: warnings)
    }

    /// The line quote of an award: the listing's price for reference, the quoted price that binds, the line
    /// amount (= the quoted total). No fees: a competition quote is all-inclusive.
    static func awardedQuote(_ line: AwardedLine, listingPrice: Fen) -> LineQuote {
        let unit = Fen(
            Int64(
                awardedUnitPriceRounding.divide(Int128(line.totalFen.rawValue), by: Int128(max(line.quantity, 1)))))
        let steps = [
            PricingStep(reason: .basePrice, bound: false, beforeFen: listingPrice, afterFen: listingPrice),
            PricingStep(
                reason: .competitionQuote, bound: true, beforeFen: listingPrice, afterFen: unit, source: line.source),
            PricingStep(reason: .lineAmount, bound: false, beforeFen: unit, afterFen: line.totalFen),
        ]
        return LineQuote(
            quantity: line.quantity, unitPriceFen: unit, percentOff: .zero, lineAmountFen: line.totalFen,
            feesFen: .zero, totalFen: line.totalFen, steps: steps)
    }
}
