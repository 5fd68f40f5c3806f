import Foundation
import Logging
import MallCore
import PostgresNIO

extension OrderStore {
    /// `POST /api/v1/orders` as the store sees it.
    package struct PlaceRequest: Sendable {
        package var lines: [CartLine]
        /// The cart total the client expects (from its quote); a different total answers 409 with the new quote.
        /// `nil` only for stage-2 rotation orders, whose supplier the client cannot know in advance.
        package var expectedTotal: Fen?
        package var budgetLineID: ID<BudgetLine>
        /// What starts the §O5 payment clock, and the terms the contract agrees, if any.
        package var clockStart: PaymentTerms.ClockStart
        package var agreedTermDays: Int?
        package var agreedDailyInterest: BasisPoints?
        /// A stage-2 order under a framework agreement (`OrderStore+Agreement`), else `nil` (a direct purchase).
        package var agreement: AgreementContext?

        package init(
            lines: [CartLine], expectedTotal: Fen?, budgetLineID: ID<BudgetLine>,
            clockStart: PaymentTerms.ClockStart = .delivery, agreedTermDays: Int? = nil,
            agreedDailyInterest: BasisPoints? = nil, agreement: AgreementContext? = nil
        ) {
            self.agreement = agreement
            self.lines = lines
            self.expectedTotal = expectedTotal
            self.budgetLineID = budgetLineID
            self.clockStart = clockStart
            self.agreedTermDays = agreedTermDays
            self.agreedDailyInterest = agreedDailyInterest
        }
    }

    /// What a placement created: the orders (one per supplier), their lines and the splitting warnings raised.
    package struct Placement: Sendable {
        package var placementID: UUID
        package var orders: [Record]
        package var lines: [ID<Order>: [LineRecord]]
        package var warnings: [SplitWarningRecord]
    }

    // MARK: - Placing

    /// Places a unit's cart (DOMAIN.md §O1–§O5, §T; issue 4 point 4) in the caller's transaction:
    ///
    /// 1. one order per supplier at a time per unit: a transaction-scoped advisory lock on the unit, so the
    ///    splitting detectors (§T) see every earlier order of the unit;
    /// 2. the listings are locked in id order and checked and priced (`price`), and the total must be the one
    ///    the client expects (else `PriceChanged`, a 409 with the new quote);
    /// 3. §O3: each order's total is at most the direct purchase max of its region and categories (not for stage-2
    ///    orders under a framework agreement, `OrderStore+Agreement`);
    /// 4. §O4: the budget line (locked) belongs to the unit, is of the order year, covers every category and
    ///    has enough left; its reservation grows by the cart total;
    /// 5. stock is taken by conditional updates of the locked rows: concurrent orders never oversell;
    /// 6. the orders and their priced lines (with the breakdown, §O1) are written, then both detectors of §T
    ///    run against the unit's history and their warnings are stored with the orders that caused them;
    /// 7. every order is audited (`order.placed`), and so is every warning.
    package func place(
        _ request: PlaceRequest, actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> Placement {
        try validate(lines: request.lines)
        let today = LocalDate(now)
        let unitKey = "orders:\(actor.organisationID)"
        try await conn.run(AdvisoryXactLock(key: unitKey), logger: logger)

        let listings = try await loadListings(
            request.lines.map(\.listingID), lock: true, now: now, on: conn, logger: logger)
        let cart = try price(
            lines: request.lines, listings: listings, buyerRegion: actor.regionCode, on: today,
            agreementTerms: request.agreement?.terms)
        if let expected = request.expectedTotal, cart.totalFen != expected {
            throw PriceChanged(expected: expected, cart: cart)
        }
        for order in cart.orders where request.agreement == nil {
            try policy.directPurchaseLimits.check(
                total: order.quote.totalFen, region: actor.regionCode, categories: order.categories)
        }
        let budget = try await reserveBudget(
            request.budgetLineID, cart: cart, unit: actor.organisationID, year: today.year, now: now, on: conn,
            logger: logger)
        try await takeStock(request.lines, listings: listings, on: conn, logger: logger)

        let placementID = ids.nextUUID()
        var written: [(ID<Order>, PricedCart.SupplierOrder, PaymentTerms, Int)] = []
        for order in cart.orders {
            let terms = PaymentTerms(
                supplierSize: order.supplierSize, clockStart: request.clockStart,
                agreedTermDays: request.agreedTermDays, agreedDailyInterest: request.agreedDailyInterest)
            written.append((ids.next(), order, terms, try policy.paymentTerms.termDays(for: terms)))
        }
        try await insertOrders(
            written, placementID: placementID, budgetLineID: request.budgetLineID, actor: actor, now: now, on: conn,
            logger: logger)
        try await insertLines(written.map { ($0.0, $0.1) }, on: conn, logger: logger)
        if let agreement = request.agreement {
            try await link(placementID: placementID, to: agreement, on: conn, logger: logger)
        }

        let records = try await orders(placementID: placementID, on: conn, logger: logger)
        try await audit.append(
            contentsOf: records.map { record in
                entry(
                    "order.placed", record, actor: actor, now: now, requestID: requestID, before: nil,
                    after: Self.snapshot(record).merging([
                        "placementId": .string(placementID.lowercasedString),
                        "budgetReservedFen": .int(budget.reservedAfter.rawValue),
                    ]) { $1 })
            }, on: conn, logger: logger)
        let warnings = try await detectSplitting(
            written.map { ($0.0, $0.1) }, placementID: placementID, budget: budget.line, unit: actor.organisationID,
            region: actor.regionCode, today: today, actor: actor, now: now, requestID: requestID, on: conn,
            logger: logger)
        var lines: [ID<Order>: [LineRecord]] = [:]
        for (order, line) in try await self.lines(orderIDs: records.map(\.id), on: conn, logger: logger) {
            lines[order, default: []].append(line)
        }
        return Placement(placementID: placementID, orders: records, lines: lines, warnings: warnings)
    }

    // MARK: - Steps

    /// DOMAIN.md §O4: locks the budget line, checks it and reserves the cart total on it.
    func reserveBudget(
        _ id: ID<BudgetLine>, cart: PricedCart, unit: ID<Organisation>, year: Int, now: Date,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> (line: BudgetLine, reservedAfter: Fen) {
        let rows = try await conn.execute(BudgetLineForUpdate(id: id, unit: unit), logger: logger)
        guard let (fiscalYear, project, prefix, amount, reserved) = try await rows.first(where: { _ in true })
        else {
            throw DomainError.validation([
                .init(field: "budgetLineId", code: "unknown", message: "not a budget line of your unit")
            ])
        }
        let line = BudgetLine(fiscalYear: fiscalYear, projectName: project, categoryPrefix: prefix, amount: amount)
        var problems: [DomainError.FieldError] = []
        if fiscalYear != year {
            problems.append(
                .init(field: "budgetLineId", code: "wrong_year", message: "a \(fiscalYear) line cannot pay in \(year)"))
        }
        for order in cart.orders {
            for priced in order.lines where !line.covers(priced.listing.content.categoryCode) {
                problems.append(
                    .init(
                        field: "lines[\(priced.requestIndex)].listingId", code: "outside_budget_scope",
                        message: "category \(priced.listing.content.categoryCode) is outside the budget line's "
                            + "scope \(prefix)"))
            }
        }
        if !problems.isEmpty { throw DomainError.validation(problems) }
        try line.checkReservation(of: cart.totalFen, reserved: reserved)
        try await conn.run(ReserveBudget(amount: cart.totalFen, now: now, id: id), logger: logger)
        return (line, reserved + cart.totalFen)
    }

    /// Takes the stock of every line from the locked listing rows; `order.stock_insufficient` names each line
    /// that asks for more than is left.
    func takeStock(
        _ lines: [CartLine], listings: [ID<Listing>: OrderableListing], on conn: PostgresConnection, logger: Logger
    ) async throws {
        var short: [DomainError.FieldError] = []
        for (index, line) in lines.enumerated() {
            let stock = listings[line.listingID]?.stock ?? 0
            if stock < line.quantity {
                short.append(
                    .init(field: "lines[\(index)].quantity", code: "stock_insufficient", message: "\(stock) in stock"))
            }
        }
        if !short.isEmpty {
            throw DomainError(
                .orderStockInsufficient, "not enough stock for \(short.count) line(s)", fields: short)
        }
        let rows = try await conn.execute(
            TakeStock(listings: lines.map(\.listingID.uuid), quantities: lines.map(\.quantity)), logger: logger)
        var updated = 0
        for try await _ in rows { updated += 1 }
        guard updated == lines.count else {
            throw DomainError(.orderStockInsufficient, "the stock changed while the order was placed; try again")
        }
    }

    /// Writes the orders of a placement in one statement, numbered in the request's supplier order.
    func insertOrders(
        _ orders: [(ID<Order>, PricedCart.SupplierOrder, PaymentTerms, Int)], placementID: UUID,
        budgetLineID: ID<BudgetLine>, method: ProcurementMethod = .directPurchase, actor: Principal, now: Date,
        on conn: PostgresConnection, logger: Logger
    ) async throws {
        let today = LocalDate(now)
        let terms = orders.first?.2
        let dailyInterest = terms.map { Int(policy.paymentTerms.dailyInterest(for: $0).rawValue) } ?? 0
        try await conn.run(
            InsertOrders(
                day: today.description.replacingOccurrences(of: "-", with: ""), placementID: placementID,
                unit: actor.organisationID, region: actor.regionCode.rawValue, budgetLine: budgetLineID,
                method: method.rawValue, placedBy: actor.userID, now: now, placedOn: today.description,
                paymentClock: terms?.clockStart.rawValue ?? "delivery", agreedTermDays: terms?.agreedTermDays,
                agreedDailyInterest: terms?.agreedDailyInterest.map { Int($0.rawValue) }, dailyInterest: dailyInterest,
                ids: orders.map(\.0.uuid), suppliers: orders.map(\.1.supplierID.uuid),
                amounts: orders.map(\.1.quote.amountFen.rawValue), fees: orders.map(\.1.quote.feesFen.rawValue),
                totals: orders.map(\.1.quote.totalFen.rawValue),
                expectedDelivery: orders.map { today.adding(days: $0.1.leadTimeDays).description },
                supplierSizes: orders.map(\.1.supplierSize.rawValue), termDays: orders.map(\.3)),
            logger: logger)
    }

    /// Writes every priced line of the placement with its breakdown, in one statement.
    func insertLines(
        _ orders: [(ID<Order>, PricedCart.SupplierOrder)], on conn: PostgresConnection, logger: Logger
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var statement = InsertOrderLines()
        for (id, order) in orders {
            for (index, line) in order.lines.enumerated() {
                statement.orderIDs.append(id.uuid)
                statement.numbers.append(index + 1)
                statement.listingIDs.append(line.listing.id.uuid)
                statement.categories.append(line.listing.content.categoryCode)
                statement.titles.append(line.listing.content.title)
                statement.brands.append(line.listing.content.brand)
                statement.models.append(line.listing.content.model)
                statement.units.append(line.listing.content.unit)
                statement.quantities.append(line.quote.quantity)
                statement.prices.append(line.quote.unitPriceFen.rawValue)
                statement.percents.append(Int(line.quote.percentOff.rawValue))
                statement.amounts.append(line.quote.lineAmountFen.rawValue)
                statement.fees.append(line.quote.feesFen.rawValue)
                statement.totals.append(line.quote.totalFen.rawValue)
                statement.breakdowns.append(String(decoding: try encoder.encode(line.quote.steps), as: UTF8.self))
            }
        }
        try await conn.run(statement, logger: logger)
    }
}
