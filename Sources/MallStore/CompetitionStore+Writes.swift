import Crypto
import Foundation
import Logging
import MallCore
import PostgresNIO

extension CompetitionStore {
    // MARK: - Posting (§K1)

    /// `POST /api/v1/competitions` as the store sees it.
    package struct PostRequest: Sendable {
        package var title: String
        package var categoryCode: String
        package var specs: [String: JSONValue]
        package var quantity: Int64
        package var unit: String
        package var unitCeiling: Fen
        package var budgetLineID: ID<BudgetLine>
        package var deadline: Date
        /// Second bidding under a framework agreement (§F7): the agreement and the invited suppliers with
        /// their agreed unit prices. `nil` posts a mall competition open to every eligible supplier.
        package var restricted: Restriction?

        package struct Restriction: Sendable {
            package var agreementID: UUID
            /// The agreement's lot (stored on the competition, so the award links the order to it).
            package var lotNo: Int
            package var invitations: [(supplierID: ID<Organisation>, agreedUnitPrice: Fen)]

            package init(
                agreementID: UUID, lotNo: Int, invitations: [(supplierID: ID<Organisation>, agreedUnitPrice: Fen)]
            ) {
                self.agreementID = agreementID
                self.lotNo = lotNo
                self.invitations = invitations
            }
        }

        package init(
            title: String, categoryCode: String, specs: [String: JSONValue] = [:], quantity: Int64, unit: String,
            unitCeiling: Fen, budgetLineID: ID<BudgetLine>, deadline: Date, restricted: Restriction? = nil
        ) {
            self.title = title
            self.categoryCode = categoryCode
            self.specs = specs
            self.quantity = quantity
            self.unit = unit
            self.unitCeiling = unitCeiling
            self.budgetLineID = budgetLineID
            self.deadline = deadline
            self.restricted = restricted
        }
    }

    /// Publishes a unit's need (DOMAIN.md §K1, §W1): a leaf category (§C1), the need's own checks and a
    /// deadline at least the minimum response time in working days away (`competition.deadline_too_early`;
    /// a deadline in a year without a loaded calendar is `calendar.year_not_loaded`). The budget line must be
    /// the unit's, of the year, cover the category and have the ceiling total left (`order.over_budget`):
    /// nothing is reserved until the award places the order. Audited as `competition.published`.
    package func post(
        _ request: PostRequest, actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> Record {
        var validator = Validator()
        validator.text(request.title, "title", maxLength: 200)
        validator.text(request.unit, "unit", maxLength: 20)
        try validator.validate()
        let method: CompetitionNeed.Method = request.restricted == nil ? .mall : .secondBidding
        let need = CompetitionNeed(
            postedBy: actor.organisationID, method: method, categoryCode: request.categoryCode, specs: request.specs,
            quantity: request.quantity, unitCeiling: request.unitCeiling, publishedAt: now, deadline: request.deadline)
        let calendar = try await OrderStore.calendar(on: conn, logger: logger)
        try need.validate(settings: settings, calendar: calendar)
        try await checkLeaf(request.categoryCode, on: conn, logger: logger)
        try await checkBudget(
            request.budgetLineID, need: need, unit: actor.organisationID, year: LocalDate(now).year, on: conn,
            logger: logger)

        let id: ID<Competition> = ids.next()
        let today = LocalDate(now).description.replacingOccurrences(of: "-", with: "")
        let specs = String(decoding: try Self.encoder.encode(request.specs), as: UTF8.self)
        try await conn.query(
            """
            INSERT INTO competitions (id, competition_no, unit_id, region_code, method, agreement_id,
                                      agreement_lot_no, category_code, title, specs, quantity, unit, unit_ceiling_fen,
                                      budget_line_id, published_at, deadline, min_response_days, sme_deduction_bp,
                                      state, posted_by, version, updated_at)
            VALUES (\(id), 'JJ' || \(today) || lpad(nextval('competition_no_seq')::text, 8, '0'),
                    \(actor.organisationID), \(actor.regionCode.rawValue), \(method.rawValue),
                    \(request.restricted?.agreementID), \(request.restricted?.lotNo),
                    \(request.categoryCode), \(request.title), \(specs)::jsonb,
                    \(request.quantity), \(request.unit), \(request.unitCeiling), \(request.budgetLineID), \(now),
                    \(request.deadline), \(settings.minimumResponseWorkingDays(for: method)),
                    \(Int(settings.smeDeduction.rawValue)), 'open', \(actor.userID), 1, \(now))
            """, logger: logger)
        if let restricted = request.restricted, !restricted.invitations.isEmpty {
            try await conn.query(
                """
                INSERT INTO competition_invitations (competition_id, supplier_id, agreed_unit_price_fen)
                SELECT \(id), s, p FROM unnest(\(restricted.invitations.map(\.supplierID.uuid))::uuid[],
                                               \(restricted.invitations.map(\.agreedUnitPrice.rawValue))::int8[]) AS x(s, p)
                """, logger: logger)
        }
        guard let record = try await lock(id: id, on: conn, logger: logger) else {
            throw DomainError.notFound("competition \(id)")
        }
        try await audit.append(
            entry(
                "competition.published", record, actor: actor, now: now, requestID: requestID, before: nil,
                after: Self.snapshot(record).merging([
                    "invitedSuppliers": .int(Int64(request.restricted?.invitations.count ?? 0))
                ]) { $1 }), on: conn, logger: logger)
        return record
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// `category.not_leaf` unless the code is a leaf of the catalogue (DOMAIN.md §C1).
    private func checkLeaf(_ code: String, on conn: PostgresConnection, logger: Logger) async throws {
        let rows = try await conn.query("SELECT is_leaf FROM categories WHERE code = \(code)", logger: logger)
        for try await isLeaf in rows.decode(Bool.self) {
            guard isLeaf else {
                throw DomainError(
                    .categoryNotLeaf, "category \(code) is not a leaf of the catalogue (DOMAIN.md §C1)",
                    fields: [.init(field: "categoryCode", code: "not_leaf", message: "a leaf category code")])
            }
            return
        }
        throw DomainError.validation([.init(field: "categoryCode", code: "unknown", message: "not a category code")])
    }

    /// The budget line of a need (DOMAIN.md §O4), checked without reserving.
    private func checkBudget(
        _ id: ID<BudgetLine>, need: CompetitionNeed, unit: ID<Organisation>, year: Int, on conn: PostgresConnection,
        logger: Logger
    ) async throws {
        let rows = try await conn.query(
            """
            SELECT fiscal_year, project_name, category_prefix, amount_fen, reserved_fen FROM budget_lines
            WHERE id = \(id) AND unit_id = \(unit)
            """, logger: logger)
        for try await (fiscalYear, project, prefix, amount, reserved) in rows.decode((Int, String, String, Fen, Fen).self) {
            let line = BudgetLine(fiscalYear: fiscalYear, projectName: project, categoryPrefix: prefix, amount: amount)
            var validator = Validator()
            validator.check(fiscalYear == year, "budgetLineId", "wrong_year", "a \(fiscalYear) line cannot pay in \(year)")
            validator.check(
                line.covers(need.categoryCode), "budgetLineId", "outside_budget_scope",
                "category \(need.categoryCode) is outside the budget line's scope \(prefix)")
            try validator.validate()
            try line.checkReservation(of: need.totalCeiling, reserved: reserved)
            return
        }
        throw DomainError.validation([
            .init(field: "budgetLineId", code: "unknown", message: "not a budget line of your unit")
        ])
    }

    // MARK: - Quotes (§K1)

    /// `POST /api/v1/competitions/{id}/quotes` as the store sees it.
    package struct QuoteRequest: Sendable {
        package var listingID: ID<Listing>
        package var totalFen: Fen
        package var manufacturerSize: EnterpriseSize?
        package var note: String?

        package init(listingID: ID<Listing>, totalFen: Fen, manufacturerSize: EnterpriseSize?, note: String?) {
            self.listingID = listingID
            self.totalFen = totalFen
            self.manufacturerSize = manufacturerSize
            self.note = note
        }
    }

    /// Takes a supplier's sealed quote (DOMAIN.md §K1, §F7). The competition row is share-locked, so the
    /// deadline close (which locks it for update) never evaluates while a quote is being written. Refused:
    /// `competition.closed` (not open or at/after the deadline), `competition.supplier_not_admitted` (a
    /// restricted competition the supplier is not invited to), `competition.listing_not_eligible`,
    /// `competition.quote_above_ceiling`, `competition.quote_above_agreed_price`. The audit row carries a
    /// SHA-256 commitment to the price instead of the price: quotes stay sealed to everyone who reads the log
    /// before the deadline, and the commitment proves afterwards that the price was not changed.
    package func submitQuote(
        _ request: QuoteRequest, competitionID: ID<Competition>, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> QuoteRecord {
        let rows = try await conn.query(
            """
            SELECT \(unescaped: Self.columns) FROM competitions c \(unescaped: Self.joins)
            WHERE c.id = \(competitionID) FOR SHARE OF c
            """, logger: logger)
        guard let record = try await Self.decode(rows).first else {
            throw DomainError.notFound("competition \(competitionID)")
        }
        let (invited, agreedPrice) = try await invitation(
            competitionID: competitionID, supplierID: actor.organisationID, on: conn, logger: logger)
        if record.method == .secondBidding && !invited {
            // Not invited: the competition does not exist for this supplier (DESIGN.md §4).
            throw DomainError.notFound("competition \(competitionID)")
        }
        try await checkEligible(request.listingID, for: record, supplier: actor.organisationID, now: now, on: conn, logger: logger)
        let quoteID: ID<CompetitionQuote> = ids.next()
        let quote = CompetitionQuote(
            id: quoteID, supplierID: actor.organisationID, supplierSize: actor.enterpriseSize,
            manufacturerSizes: [request.manufacturerSize], totalFen: request.totalFen, submittedAt: now)
        try record.competition.admit(quote, agreedUnitPrice: agreedPrice)
        let size = actor.enterpriseSize ?? .large
        try await conn.query(
            """
            INSERT INTO competition_quotes (id, competition_id, supplier_id, listing_id, total_fen, supplier_size,
                                            manufacturer_size, note, submitted_by, submitted_at)
            VALUES (\(quoteID), \(competitionID), \(actor.organisationID), \(request.listingID), \(request.totalFen),
                    \(size.rawValue), \(request.manufacturerSize?.rawValue), \(request.note), \(actor.userID), \(now))
            """, logger: logger)
        var hasher = SHA256()
        hasher.update(data: Data("\(quoteID.description):\(request.totalFen.rawValue)".utf8))
        try await audit.append(
            AuditStore.Entry(
                occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID,
                action: "competition.quote_submitted", entityType: "competition", entityID: competitionID.uuid,
                regionCode: record.regionCode, before: nil,
                after: [
                    "quoteId": .string(quoteID.description), "listingId": .string(request.listingID.description),
                    "supplierId": .string(actor.organisationID.description),
                    "priceCommitment": .string(hasher.finalize().hexString),
                ], requestID: requestID), on: conn, logger: logger)
        guard let stored = try await quotes(competitionID: competitionID, on: conn, logger: logger).first(where: { $0.id == quoteID })
        else { throw DomainError.notFound("quote \(quoteID)") }
        return stored
    }

    /// `competition.listing_not_eligible` unless the listing is the supplier's own, approved, of the
    /// competition's category, not flagged for its price (§C3) and delivers to the unit's region.
    private func checkEligible(
        _ listingID: ID<Listing>, for record: Record, supplier: ID<Organisation>, now: Date,
        on conn: PostgresConnection, logger: Logger
    ) async throws {
        let listing = try await orders.loadListings([listingID], lock: false, now: now, on: conn, logger: logger)[listingID]
        var why: String?
        if let listing {
            if listing.supplierID != supplier {
                why = "not your listing"
            } else if listing.status != .approved {
                why = "not approved"
            } else if listing.content.categoryCode != record.categoryCode {
                why = "of category \(listing.content.categoryCode), not \(record.categoryCode)"
            } else if listing.priceFlaggedAt != nil {
                why = "blocked for its price (DOMAIN.md §C3)"
            } else if let region = RegionCode(record.regionCode), !ListingPrice(listing.content).delivers(to: region) {
                why = "does not deliver to \(record.regionCode)"
            }
        } else {
            why = "not a listing"
        }
        if let why {
            throw DomainError(
                .competitionListingNotEligible, "listing \(listingID) cannot be quoted here: \(why)",
                fields: [.init(field: "listingId", code: "not_eligible", message: why)])
        }
    }

    // MARK: - Cancelling and awarding

    /// The posting unit's competition, locked; 404 for anyone else's, `request.version_mismatch` (412) when
    /// `If-Match` names another version.
    private func lockOwn(
        id: ID<Competition>, expectedVersion: Int?, actor: Principal, on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        guard let record = try await lock(id: id, on: conn, logger: logger), record.unitID == actor.organisationID else {
            throw DomainError.notFound("competition \(id)")
        }
        if let expectedVersion, expectedVersion != record.version {
            throw DomainError(
                .versionMismatch, "competition \(id) is at version \(record.version), not \(expectedVersion)")
        }
        return record
    }

    /// Cancels an open competition before its deadline with a reason (DOMAIN.md §K; the posting unit only,
    /// which the API checks). Audited as `competition.cancelled`.
    package func cancel(
        id: ID<Competition>, reason: String, expectedVersion: Int?, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        let record = try await lockOwn(id: id, expectedVersion: expectedVersion, actor: actor, on: conn, logger: logger)
        var competition = record.competition
        try competition.cancel(reason: reason, at: now)
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try await conn.query(
            """
            UPDATE competitions SET state = 'cancelled', cancel_reason = \(trimmed), cancelled_at = \(now),
                   version = version + 1, updated_at = \(now)
            WHERE id = \(id)
            """, logger: logger)
        guard let after = try await lock(id: id, on: conn, logger: logger) else { throw DomainError.notFound("competition \(id)") }
        try await audit.append(
            entry(
                "competition.cancelled", after, actor: actor, now: now, requestID: requestID,
                before: Self.snapshot(record), after: Self.snapshot(after)), on: conn, logger: logger)
        return after
    }

    /// Awards an evaluated competition (DOMAIN.md §K2, §K3, §P5) and places the order at the awardee's quoted
    /// total through the order pipeline (`OrderStore.placeAwarded`: budget, stock, splitting detectors, audit).
    /// Rank 1 needs no reason, a lower rank does (`competition.award_reason_required`). The blacklists are
    /// checked again at the award (`competition.supplier_blacklisted`, §K3), the time stored with the award.
    /// A second bidding's awardee must still be admitted and active on the agreement's lot, the agreement active
    /// (`agreement.supplier_not_admitted`, §F5); its order is linked to the agreement and lot with stage-2 method
    /// `second_bidding` (§F7), so it is one of the agreement's stage-2 orders.
    package func award(
        id: ID<Competition>, supplierID: ID<Organisation>, reason: String?, expectedVersion: Int?, actor: Principal,
        now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> (record: Record, placement: OrderStore.Placement) {
        let record = try await lockOwn(id: id, expectedVersion: expectedVersion, actor: actor, on: conn, logger: logger)
        var competition = record.competition
        let award = try competition.award(to: supplierID, reason: reason, at: now)
        let check = try await blacklistChecks(suppliers: [supplierID], at: now, on: conn, logger: logger)[supplierID]
            ?? .clear(at: now)
        if check.isBlacklisted {
            throw DomainError(
                .competitionSupplierBlacklisted,
                "supplier \(supplierID) is on a credit blacklist (\(check.listedOn.sorted().map(\.rawValue).joined(separator: ", "))) "
                    + "and cannot be awarded (DOMAIN.md §K3): award the next ranked quote with a reason",
                fields: [.init(field: "supplierId", code: "blacklisted", message: "on a credit blacklist")])
        }
        if let agreementID = record.agreementID, let lotNo = record.agreementLotNo {
            // DOMAIN.md §F5: a second bidding's order goes only to a supplier admitted and active on the agreement's
            // lot at award time (the member row is share-locked, so a removal waits for the award or is seen).
            let rows = try await conn.query(
                """
                SELECT m.status FROM agreement_members m JOIN agreements a ON a.id = m.agreement_id
                WHERE m.agreement_id = \(agreementID) AND m.lot_no = \(lotNo) AND m.supplier_id = \(supplierID)
                  AND a.state = 'active'
                FOR SHARE OF m
                """, logger: logger)
            var receivesOrders = false
            for try await status in rows.decode(String.self) {
                receivesOrders = receivesOrders || (MemberStatus(rawValue: status)?.receivesOrders ?? false)
            }
            guard receivesOrders else {
                throw DomainError(
                    .agreementSupplierNotAdmitted,
                    "supplier \(supplierID) is no longer admitted and active on lot \(lotNo) of the agreement, or the "
                        + "agreement is no longer active (DOMAIN.md §F5): award another ranked quote with a reason",
                    fields: [.init(field: "supplierId", code: "not_admitted", message: "not admitted and active")])
            }
        }
        guard let quote = try await quotes(competitionID: id, on: conn, logger: logger)
            .first(where: { $0.id == award.awardee.quoteID })
        else { throw DomainError.notFound("quote \(award.awardee.quoteID)") }
        let placement = try await orders.placeAwarded(
            OrderStore.AwardedLine(
                listingID: quote.listingID, quantity: record.quantity, totalFen: award.contractPrice,
                source: "competition \(record.competitionNo)",
                method: record.method == .secondBidding ? .frameworkAgreement : .competition,
                agreement: record.agreementID.flatMap { agreement in
                    record.agreementLotNo.map { lot in
                        OrderStore.AgreementContext(
                            agreementID: ID(agreement), lotNo: lot, method: .secondBidding, terms: [:])
                    }
                }),
            budgetLineID: record.budgetLineID, actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
        guard let order = placement.orders.first else { throw DomainError.notFound("order of competition \(id)") }
        try await conn.query(
            """
            UPDATE competitions SET state = 'awarded', awarded_supplier_id = \(supplierID),
                   awarded_quote_id = \(award.awardee.quoteID), award_reason = \(award.reason), awarded_at = \(now),
                   awarded_by = \(actor.userID), order_id = \(order.id), version = version + 1, updated_at = \(now)
            WHERE id = \(id)
            """, logger: logger)
        guard let after = try await lock(id: id, on: conn, logger: logger) else { throw DomainError.notFound("competition \(id)") }
        try await audit.append(
            entry(
                "competition.awarded", after, actor: actor, now: now, requestID: requestID,
                before: Self.snapshot(record),
                after: Self.snapshot(after).merging([
                    "rank": .int(Int64(award.awardee.rank)), "contractFen": .int(award.contractPrice.rawValue),
                    "evaluatedFen": .int(award.awardee.evaluatedFen.rawValue),
                    "blacklistCheckedAt": .string(StoredResult.format(check.checkedAt)),
                    "passedOver": .array(award.passedOver.map { .string($0.supplierID.description) }),
                ]) { $1 }), on: conn, logger: logger)
        return (after, placement)
    }
}
