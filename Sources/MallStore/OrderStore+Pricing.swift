import Foundation
import Logging
import MallCore
import PostgresNIO

extension OrderStore {
    // MARK: - Requests

    /// One line of a cart: a listing and a quantity.
    package struct CartLine: Sendable, Hashable {
        package var listingID: ID<Listing>
        package var quantity: Int64

        package init(listingID: ID<Listing>, quantity: Int64) {
            self.listingID = listingID
            self.quantity = quantity
        }
    }

    /// A listing as the order pipeline reads it: price data, stock, supplier and category settings.
    package struct OrderableListing: Sendable, Equatable {
        package var id: ID<Listing>
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var supplierSize: EnterpriseSize
        package var status: ListingStatus
        package var priceFlaggedAt: Date?
        package var content: ListingContent
        package var stock: Int64
        package var leadTimeDays: Int
        package var energySaving: CategoryInfo.EnergySaving
        package var directPurchaseAllowed: Bool
        /// The lowest reference price captured within the freshness window (DOMAIN.md §C3), a cap on the price.
        package var lowestReferenceFen: Fen?
    }

    /// A cart priced by the engine (DOMAIN.md §P): one order per supplier (§O1), in the order the suppliers
    /// first appear in the request.
    package struct PricedCart: Sendable, Equatable {
        /// One line with the request position it came from.
        package struct Line: Sendable, Equatable {
            package var requestIndex: Int
            package var listing: OrderableListing
            package var quote: LineQuote
        }

        /// One prospective order.
        package struct SupplierOrder: Sendable, Equatable {
            package var supplierID: ID<Organisation>
            package var supplierName: String
            package var supplierSize: EnterpriseSize
            package var lines: [Line]
            package var quote: OrderQuote
            /// DOMAIN.md §O3: the direct purchase max that binds this order (the lowest over its categories).
            package var directPurchaseMax: Fen

            /// The order's category codes, in line order without repeats.
            package var categories: [String] {
                var seen = Set<String>()
                return lines.map(\.listing.content.categoryCode).filter { seen.insert($0).inserted }
            }

            /// The longest lead time of the order's listings, in days.
            package var leadTimeDays: Int { lines.map(\.listing.leadTimeDays).max() ?? 0 }
        }

        package var orders: [SupplierOrder]
        package var amountFen: Fen
        package var feesFen: Fen
        package var totalFen: Fen
        /// The business date the prices are for.
        package var pricedOn: LocalDate
        /// The buyer's region the lines were priced for.
        package var buyerRegion: RegionCode
    }

    /// The 409 of DOMAIN.md issue 4 point 4: the prices moved since the client's quote. Carries the new quote;
    /// the transaction rolls back, so nothing is placed and the idempotency key stays free for the retry.
    package struct PriceChanged: Error, Sendable {
        package var expected: Fen
        package var cart: PricedCart

        /// The domain error the problem document is built from.
        package var error: DomainError {
            DomainError(
                .orderPriceChanged,
                "the total is \(cart.totalFen) yuan now, not the \(expected) yuan expected: check the new quote and "
                    + "place the order again with expectedTotalFen = \(cart.totalFen.rawValue)",
                fields: [
                    .init(
                        field: "expectedTotalFen", code: "price_changed", message: "\(cart.totalFen.rawValue) fen now")
                ])
        }
    }

    // MARK: - Quotes

    /// Prices a prospective cart for a unit without placing it (issue 4 point 3): the same checks and the same
    /// engine as placement (listing approved and not flagged, §C3; certificate in mandatory green categories,
    /// §C5; delivery to the unit's region), without locks, stock or budget.
    package func quote(lines: [CartLine], buyerRegion: RegionCode, now: Date, logger: Logger) async throws
        -> PricedCart
    {
        try validate(lines: lines)
        return try await database.withConnection { conn in
            let listings = try await loadListings(
                lines.map(\.listingID), lock: false, now: now, on: conn, logger: logger)
            return try price(lines: lines, listings: listings, buyerRegion: buyerRegion, on: LocalDate(now))
        }
    }

    /// Throws `request.validation_failed` for an empty or oversized cart and for a listing named twice.
    func validate(lines: [CartLine]) throws(DomainError) {
        var validator = Validator()
        validator.check(!lines.isEmpty, "lines", "required", "at least one line")
        validator.check(
            lines.count <= policy.maxLinesPerRequest, "lines", "too_many",
            "at most \(policy.maxLinesPerRequest) lines")
        var seen = Set<ID<Listing>>()
        for (index, line) in lines.enumerated() {
            validator.check(
                seen.insert(line.listingID).inserted, "lines[\(index)].listingId", "duplicate",
                "each listing appears once; raise the quantity instead")
        }
        try validator.validate()
    }

    /// Reads the listings of a cart, with their supplier, category settings and lowest fresh reference price;
    /// `lock` takes their row locks in id order (placement), so concurrent orders queue instead of overselling.
    func loadListings(
        _ ids: [ID<Listing>], lock: Bool, now: Date, on conn: PostgresConnection, logger: Logger
    ) async throws -> [ID<Listing>: OrderableListing] {
        let freshSince = now.addingTimeInterval(-priceControl.freshness)
        var result: [ID<Listing>: OrderableListing] = [:]
        if lock {
            let rows = try await conn.execute(
                CartListingsForUpdate(ids: ids.map(\.uuid), freshSince: freshSince), logger: logger)
            for try await listing in rows {
                if let listing { result[listing.id] = listing }
            }
        } else {
            let rows = try await conn.execute(
                CartListings(ids: ids.map(\.uuid), freshSince: freshSince), logger: logger)
            for try await listing in rows {
                if let listing { result[listing.id] = listing }
            }
        }
        return result
    }

    /// One row of `CartListings.select` as an orderable listing (`nil` for an unknown status).
    static func orderable(from row: PostgresRow) throws -> OrderableListing? {
        let (
            id, supplier, supplierName, size, status, flagged, category, title, brand, model, unit, price, tiers,
            fees, regions, certificates, stock, lead, energy, direct, reference
        ) = try row.decode(
            (
                ID<Listing>, ID<Organisation>, String, String?, String, Date?, String, String, String, String,
                String, Fen, String, String, [String], String, Int64, Int, String, Bool, Fen?
            ).self)
        guard let status = ListingStatus(rawValue: status) else { return nil }
        let decoder = JSONDecoder()
        let content = ListingContent(
            categoryCode: category, title: title, brand: brand, model: model, unit: unit, priceFen: price,
            tiers: try decoder.decode([PriceTier].self, from: Data(tiers.utf8)),
            fees: try decoder.decode([DeclaredFee].self, from: Data(fees.utf8)),
            deliveryRegions: regions.compactMap(RegionCode.init),
            greenCertificates: try decoder.decode([GreenCertificate].self, from: Data(certificates.utf8)))
        return OrderableListing(
            id: id, supplierID: supplier, supplierName: supplierName,
            supplierSize: size.flatMap(EnterpriseSize.init(rawValue:)) ?? .large, status: status,
            priceFlaggedAt: flagged, content: content, stock: stock, leadTimeDays: lead,
            energySaving: CategoryInfo.EnergySaving(rawValue: energy) ?? .none, directPurchaseAllowed: direct,
            lowestReferenceFen: reference)
    }

    /// Checks every line's listing and prices the cart, one order per supplier. Errors name the request line
    /// (`lines[i]…`):
    /// - `order.listing_unavailable` — unknown or not approved;
    /// - `order.listing_price_flagged` — DOMAIN.md §C3, new orders blocked;
    /// - `order.green_certificate_required` — DOMAIN.md §C5, mandatory category without a valid certificate;
    /// - `order.direct_purchase_not_allowed` — the category's settings forbid direct purchase;
    /// - the engine's `pricing.*` codes, among them `pricing.region_not_served`.
    /// - Parameter agreementTerms: for a stage-2 framework-agreement order, each listing's agreement terms
    ///   (DOMAIN.md §P3); the category's direct-purchase switch does not apply to such orders.
    func price(
        lines: [CartLine], listings: [ID<Listing>: OrderableListing], buyerRegion: RegionCode, on date: LocalDate,
        agreementTerms: [ID<Listing>: AgreementTerms]? = nil
    ) throws(DomainError) -> PricedCart {
        var unavailable: [DomainError.FieldError] = []
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)].listingId"
            guard let listing = listings[line.listingID], listing.status == .approved else {
                unavailable.append(.init(field: field, code: "unavailable", message: "not an approved listing"))
                continue
            }
            if listing.priceFlaggedAt != nil {
                throw DomainError(
                    .orderListingPriceFlagged,
                    "listing \(listing.id) is priced above a fresh reference price and blocked for new orders until "
                        + "its price comes down (DOMAIN.md §C3)",
                    fields: [.init(field: field, code: "price_flagged", message: "blocked for new orders")])
            }
            if listing.energySaving == .mandatory,
                !listing.content.greenCertificates.contains(where: { $0.kind == .energySaving && $0.isValid(on: date) })
            {
                throw DomainError(
                    .orderGreenCertificateRequired,
                    "category \(listing.content.categoryCode) is on the mandatory energy-saving list and listing "
                        + "\(listing.id) has no energy-saving certificate valid on \(date) (DOMAIN.md §C5)",
                    fields: [.init(field: field, code: "certificate_required", message: "no valid certificate")])
            }
            if !listing.directPurchaseAllowed && agreementTerms == nil {
                throw DomainError(
                    .orderDirectPurchaseNotAllowed,
                    "category \(listing.content.categoryCode) is not bought by direct purchase: post a competition "
                        + "(竞价) instead (DOMAIN.md §O3)",
                    fields: [.init(field: field, code: "direct_purchase_not_allowed", message: "use a competition")])
            }
        }
        if !unavailable.isEmpty {
            throw DomainError(
                .orderListingUnavailable,
                unavailable.count == 1
                    ? "a line names a listing that cannot be ordered"
                    : "\(unavailable.count) lines name listings that cannot be ordered", fields: unavailable)
        }

        // Group by supplier in order of first appearance (DOMAIN.md §O1).
        var groups: [(ID<Organisation>, [Int])] = []
        for (index, line) in lines.enumerated() {
            guard let supplier = listings[line.listingID]?.supplierID else { continue }
            if let position = groups.firstIndex(where: { $0.0 == supplier }) {
                groups[position].1.append(index)
            } else {
                groups.append((supplier, [index]))
            }
        }
        var orders: [PricedCart.SupplierOrder] = []
        var amount = Fen.zero
        var fees = Fen.zero
        for (supplier, indices) in groups {
            let group = indices.compactMap { index in listings[lines[index].listingID].map { (index, $0) } }
            let inputs = group.map { index, listing in
                LineInput(
                    listing: ListingPrice(listing.content), quantity: lines[index].quantity,
                    agreement: agreementTerms?[listing.id], referencePriceFen: listing.lowestReferenceFen)
            }
            let quote: OrderQuote
            do {
                quote = try engine.quote(lines: inputs, buyerRegion: buyerRegion, on: date)
            } catch {
                throw Self.renumber(error, indices: indices)
            }
            let first = group[0].1
            let categories = group.map(\.1.content.categoryCode)
            let max =
                categories.map { policy.directPurchaseLimits.limit(region: buyerRegion, category: $0).max }.min()
                ?? policy.directPurchaseLimits.defaultMax
            orders.append(
                PricedCart.SupplierOrder(
                    supplierID: supplier, supplierName: first.supplierName, supplierSize: first.supplierSize,
                    lines: zip(group, quote.lines).map {
                        PricedCart.Line(requestIndex: $0.0, listing: $0.1, quote: $1)
                    },
                    quote: quote, directPurchaseMax: max))
            amount = try Self.add(amount, quote.amountFen)
            fees = try Self.add(fees, quote.feesFen)
        }
        return PricedCart(
            orders: orders, amountFen: amount, feesFen: fees, totalFen: try Self.add(amount, fees), pricedOn: date,
            buyerRegion: buyerRegion)
    }

    /// `a + b`, or `pricing.amount_overflow`.
    static func add(_ a: Fen, _ b: Fen) throws(DomainError) -> Fen {
        let (sum, overflow) = a.rawValue.addingReportingOverflow(b.rawValue)
        guard !overflow else {
            throw DomainError(
                .pricingAmountOverflow, "the cart total does not fit in 64-bit fen",
                fields: [.init(field: "lines", code: "overflow", message: "the amount is too large")])
        }
        return Fen(sum)
    }

    /// An engine error about a supplier's sub-order, with its `lines[j].` fields renamed to the request's
    /// `lines[i].`.
    static func renumber(_ error: DomainError, indices: [Int]) -> DomainError {
        var error = error
        error.fields = error.fields.map { field in
            var field = field
            guard field.field.hasPrefix("lines["), let close = field.field.firstIndex(of: "]"),
                let local = Int(field.field[field.field.index(field.field.startIndex, offsetBy: 6)..<close]),
                indices.indices.contains(local)
            else { return field }
            field.field = "lines[\(indices[local])]" + field.field[field.field.index(after: close)...]
            return field
        }
        return error
    }
}
