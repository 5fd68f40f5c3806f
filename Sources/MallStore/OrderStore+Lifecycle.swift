import Foundation
import Logging
import MallCore
import PostgresNIO

extension OrderStore {
    // MARK: - Transitions

    /// Applies one lifecycle event to an order (DOMAIN.md §O2) in the caller's transaction, with its side
    /// effects, and audits it as `order.<event>` with before and after:
    ///
    /// - the caller must be the order's unit (buyers, approvers) or its supplier; anyone else gets 404;
    /// - `expectedVersion` is the `If-Match` version (412 when stale);
    /// - `OrderLifecycle.applying` decides whether the event is possible and for whom;
    /// - a delivery (and a passed acceptance when acceptance starts the clock) sets the §O5 due date on the
    ///   working-day calendar (§W1); a delivery after the promised date raises a `late_delivery` credit event
    ///   and a failed acceptance an `acceptance_failed` one (§S1);
    /// - a confirmation opens the order's contract notice (§O6, `ContractNoticeStore.open`);
    /// - a rejection or cancellation gives the order's total back to its budget line (§O4) and its quantities
    ///   back to the listings' stock;
    /// - an order entering `accepted` or `paid` gets its OCDS release in the open-data feed (DOMAIN.md §X2,
    ///   `OpenDataStore.recordOrderRelease`), as the transaction's last write.
    package func transition(
        id: ID<Order>, event: OrderEvent, expectedVersion: Int, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        guard let current = try await lockOrder(id: id, on: conn, logger: logger),
            let party = Self.party(of: actor, in: current)
        else { throw DomainError.notFound("order \(id)") }
        guard current.version == expectedVersion else {
            throw DomainError(
                .versionMismatch, "the order is at version \(current.version), not \(expectedVersion); reload it")
        }
        let transition = try Self.apply(event, by: party, to: current.lifecycle)
        let next = transition.to
        var dueOn = current.dueOn
        var provisional = current.dueOnProvisional
        let credit = CreditStore(database: database, ids: ids)
        switch event {
        case .confirmDelivery(let date):
            if current.terms.clockStart == .delivery {
                (dueOn, provisional) = try await dueDate(
                    start: date, termDays: current.paymentTermDays, on: conn, logger: logger)
            }
            let late = date.dayNumber - current.expectedDeliveryOn.dayNumber
            if late > 0 {
                try await credit.record(
                    .lateDelivery(daysLate: late), supplierID: current.supplierID, occurredAt: now,
                    reference: current.orderNo, orderID: current.id, on: conn, logger: logger)
            }
        case .recordAcceptance(let record):
            if record.result == .passed, current.terms.clockStart == .acceptance {
                (dueOn, provisional) = try await dueDate(
                    start: record.date, termDays: current.paymentTermDays, on: conn, logger: logger)
            }
            if record.result == .failed {
                try await credit.record(
                    .acceptanceFailed, supplierID: current.supplierID, occurredAt: now, reference: current.orderNo,
                    orderID: current.id, on: conn, logger: logger)
            }
        default:
            break
        }
        if next.state == .cancelled || next.state == .rejected {
            try await release(current, now: now, on: conn, logger: logger)
        }
        try await conn.query(
            """
            UPDATE orders SET state = \(next.state.rawValue), delivered_on = \(next.deliveredOn?.description)::date,
                acceptance_on = \(next.acceptance?.date.description)::date,
                acceptor_name = \(next.acceptance?.acceptorName),
                acceptance_result = \(next.acceptance?.result.rawValue),
                acceptance_notes = \(next.acceptance?.notes), due_on = \(dueOn?.description)::date,
                due_on_provisional = \(provisional), paid_fen = \(next.payment?.amount),
                paid_on = \(next.payment?.date.description)::date,
                cancellation_requested_by = \(next.cancellationRequest?.requestedBy.rawValue),
                cancellation_reason = \(next.cancellationRequest?.reason), closing_reason = \(next.closingReason),
                version = version + 1, updated_at = \(now)
            WHERE id = \(id)
            """, logger: logger)
        guard let updated = try await lockOrder(id: id, on: conn, logger: logger) else {
            throw DomainError.notFound("order \(id)")
        }
        if case .confirm = event {
            // DOMAIN.md §O6: the supplier's confirmation signs the contract; its notice is due within N working days.
            try await ContractNoticeStore(database: database, ids: ids).open(
                orderID: updated.id, unitID: updated.unitID, supplierID: updated.supplierID,
                regionCode: updated.regionCode, signedOn: LocalDate(now), workingDays: policy.contractNoticeWorkingDays,
                actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
        }
        var after = Self.snapshot(updated)
        after["summary"] = .string(transition.summary)
        after["actor"] = .string(party.rawValue)
        try await audit.append(
            entry(
                "order.\(event.kind.rawValue)", updated, actor: actor, now: now, requestID: requestID,
                before: Self.snapshot(current), after: after),
            on: conn, logger: logger)
        // DOMAIN.md §X2: an accepted or paid order is published as an OCDS release, in this transaction and as
        // its last write (the feed's lock is held to commit).
        if next.state != current.state, let stage = OpenDataStore.OrderStage(entering: next.state) {
            try await OpenDataStore.recordOrderRelease(
                orderID: id, stage: stage, now: now, on: conn, logger: logger)
        }
        return updated
    }

    /// `lifecycle.applying(event, by: party)`, kept out of line: inlined into the async `transition` it crashes
    /// the release compiler's coroutine splitting (Swift 6.3.1).
    @inline(never)
    static func apply(
        _ event: OrderEvent, by party: OrderActor, to lifecycle: OrderLifecycle
    ) throws -> OrderTransition {
        try lifecycle.applying(event, by: party)
    }

    /// Which party of the order the principal acts for (DOMAIN.md §O2), or `nil` when it is neither.
    package static func party(of principal: Principal, in order: Record) -> OrderActor? {
        switch principal.organisationKind {
        case .unit where order.unitID == principal.organisationID: .unit
        case .supplier where order.supplierID == principal.organisationID: .supplier
        default: nil
        }
    }

    /// DOMAIN.md §O4 and stock: a rejected or cancelled order gives back its budget reservation and its
    /// quantities (listings first, then the budget line: the lock order of placement).
    private func release(_ order: Record, now: Date, on conn: PostgresConnection, logger: Logger) async throws {
        try await conn.query(
            """
            UPDATE listings l SET stock = l.stock + x.q
            FROM (SELECT listing_id, sum(quantity) AS q FROM order_lines WHERE order_id = \(order.id)
                  GROUP BY listing_id) AS x
            WHERE l.id = x.listing_id
            """, logger: logger)
        try await conn.query(
            """
            UPDATE budget_lines SET reserved_fen = reserved_fen - \(order.totalFen), updated_at = \(now)
            WHERE id = \(order.budgetLineID)
            """, logger: logger)
    }

    /// DOMAIN.md §O5, §W1: `start + termDays`, moved to the next working day, on the calendar read on `conn`.
    private func dueDate(
        start: LocalDate, termDays: Int, on conn: PostgresConnection, logger: Logger
    ) async throws -> (LocalDate?, Bool) {
        let calendar = try await Self.calendar(on: conn, logger: logger)
        let (due, provisional) = try Self.dueDate(start: start, termDays: termDays, calendar: calendar)
        return (due, provisional)
    }

    /// `start + termDays` moved to the next working day; when the calendar of the year it falls in is not
    /// loaded, the calendar-day date marked provisional (§W1: flagged, never guessed silently). Synchronous, so
    /// that the typed `catch` stays out of the async caller (inlined there, it crashes the release compiler's
    /// coroutine splitting, Swift 6.3.1).
    @inline(never)
    static func dueDate(
        start: LocalDate, termDays: Int, calendar: WorkdayCalendar
    ) throws -> (LocalDate, Bool) {
        do {
            return (try PaymentTermsPolicy.dueDate(start: start, termDays: termDays, calendar: calendar), false)
        } catch where error.code == .calendarYearNotLoaded {
            return (start.adding(days: termDays), true)
        }
    }

    /// The working-day calendar (DOMAIN.md §W1) read on the caller's connection.
    static func calendar(on conn: PostgresConnection, logger: Logger) async throws -> WorkdayCalendar {
        var years = Set<Int>()
        for try await year in try await conn.query("SELECT year FROM calendar_years LIMIT 1000", logger: logger)
            .decode(Int.self)
        {
            years.insert(year)
        }
        var exceptions: [LocalDate: Bool] = [:]
        let rows = try await conn.query(
            "SELECT to_char(day, 'YYYY-MM-DD'), is_off_day FROM calendar_days ORDER BY day LIMIT 10000",
            logger: logger)
        for try await (day, off) in rows.decode((String, Bool).self) {
            if let date = LocalDate(day) { exceptions[date] = off }
        }
        return WorkdayCalendar(exceptions: exceptions, loadedYears: years)
    }

    // MARK: - Ratings

    /// DOMAIN.md §O7: the unit rates delivery, quality and service (1–5) once, after a passed acceptance; the
    /// rating becomes a `rating` credit event of the supplier (§S1). Audited as `order.rated`.
    package func rate(
        orderID: ID<Order>, rating: CreditRating, comment: String?, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> RatingRecord {
        guard let order = try await lockOrder(id: orderID, on: conn, logger: logger),
            Self.party(of: actor, in: order) == .unit
        else { throw DomainError.notFound("order \(orderID)") }
        guard order.rated || order.rateable else {
            throw DomainError(
                .orderRatingNotAllowed,
                "a \(order.state.rawValue) order cannot be rated: rate the supplier after a passed acceptance "
                    + "(DOMAIN.md §O7)")
        }
        let inserted = try await conn.query(
            """
            INSERT INTO order_ratings (order_id, supplier_id, delivery, quality, service, comment, rated_by, rated_at)
            VALUES (\(orderID), \(order.supplierID), \(rating.delivery), \(rating.quality), \(rating.service),
                    \(comment), \(actor.userID), \(now))
            ON CONFLICT (order_id) DO NOTHING
            RETURNING 1
            """, logger: logger)
        guard try await inserted.decode(Int.self).first(where: { _ in true }) != nil else {
            throw DomainError(.orderAlreadyRated, "order \(order.orderNo) was rated already; a rating is given once")
        }
        try await CreditStore(database: database, ids: ids).record(
            .rating(rating), supplierID: order.supplierID, occurredAt: now, reference: order.orderNo,
            orderID: order.id, on: conn, logger: logger)
        try await audit.append(
            entry(
                "order.rated", order, actor: actor, now: now, requestID: requestID, before: nil,
                after: [
                    "delivery": .int(Int64(rating.delivery)), "quality": .int(Int64(rating.quality)),
                    "service": .int(Int64(rating.service)), "comment": comment.map(JSONValue.string) ?? .null,
                ]),
            on: conn, logger: logger)
        return RatingRecord(
            orderID: orderID, delivery: rating.delivery, quality: rating.quality, service: rating.service,
            comment: comment, ratedBy: actor.userID, ratedAt: now)
    }
}
