import Foundation
import Logging
import MallCore
import PostgresNIO

/// Competitions (DOMAIN.md §K, issue 4 point 8): posting a need, sealed quotes, the deadline close with the
/// evaluation (`CompetitionStore+Closing`), the award that places the order at the quoted price and the
/// credit blacklists (`CompetitionStore+Blacklist`). The rules are MallCore's `Competition`; this store loads
/// and saves it.
///
/// Methods that write take `on conn:` and run in the caller's transaction (the API's idempotency wrapper
/// opens it), except `closeDue`, which the deadline service calls and which opens its own.
package struct CompetitionStore: Sendable {
    package let database: Database
    package let ids: IDGenerator
    package let audit: AuditStore
    package let orders: OrderStore
    /// The settings a new competition is published with (stored on it: later changes never re-rate it).
    package let settings: CompetitionSettings

    package init(database: Database, ids: IDGenerator, orders: OrderStore, settings: CompetitionSettings) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
        self.orders = orders
        self.settings = settings
    }

    // MARK: - Records

    /// A competition as stored.
    package struct Record: Sendable, Equatable {
        package var id: ID<Competition>
        package var competitionNo: String
        package var unitID: ID<Organisation>
        package var unitName: String
        package var regionCode: String
        package var method: CompetitionNeed.Method
        package var agreementID: UUID?
        /// The agreement's lot a second bidding is for (DOMAIN.md §F7); `nil` for a mall competition.
        package var agreementLotNo: Int?
        package var categoryCode: String
        package var categoryName: String
        package var title: String
        package var specs: [String: JSONValue]
        package var quantity: Int64
        package var unit: String
        package var unitCeiling: Fen
        package var budgetLineID: ID<BudgetLine>
        package var publishedAt: Date
        package var deadline: Date
        package var minimumResponseDays: Int
        package var smeDeduction: BasisPoints
        package var status: CompetitionState.Status
        package var evaluatedAt: Date?
        package var result: StoredResult?
        package var failureReason: String?
        package var awardedSupplierID: ID<Organisation>?
        package var awardedQuoteID: ID<CompetitionQuote>?
        package var awardReason: String?
        package var awardedAt: Date?
        package var orderID: ID<Order>?
        package var cancelReason: String?
        package var cancelledAt: Date?
        package var postedBy: ID<User>
        package var version: Int
        package var updatedAt: Date
        /// `published_at` exactly as stored, for cursors.
        package var sortKey: String

        /// The need as MallCore sees it.
        package var need: CompetitionNeed {
            CompetitionNeed(
                postedBy: unitID, method: method, categoryCode: categoryCode, specs: specs, quantity: quantity,
                unitCeiling: unitCeiling, publishedAt: publishedAt, deadline: deadline)
        }

        /// The settings the competition was published with.
        package var settings: CompetitionSettings {
            CompetitionSettings(
                minimumResponseWorkingDays: minimumResponseDays, secondBiddingMinimumResponseWorkingDays: minimumResponseDays,
                smeDeduction: smeDeduction)
        }

        /// The competition as MallCore's state type. The stored result's exclusions are not rebuilt (only the
        /// ranking matters to the award); a failed, awarded or cancelled one carries its stored facts.
        package var competition: Competition {
            let state: CompetitionState
            switch status {
            case .open: state = .open
            case .evaluated:
                if let result = result?.result, let at = evaluatedAt {
                    state = .evaluated(result, at: at)
                } else {
                    state = .failed(CompetitionFailure(reason: DomainError(.competitionNoValidQuotes, "no result"), at: updatedAt))
                }
            case .failed:
                state = .failed(
                    CompetitionFailure(
                        reason: DomainError(.competitionNoValidQuotes, failureReason ?? "no valid quote"),
                        at: evaluatedAt ?? updatedAt))
            case .awarded:
                if let result = result?.result, let supplier = awardedSupplierID, let entry = result.entry(for: supplier) {
                    state = .awarded(
                        CompetitionAward(result: result, awardee: entry, reason: awardReason, at: awardedAt ?? updatedAt))
                } else {
                    state = .cancelled(CompetitionCancellation(reason: "inconsistent award", at: updatedAt))
                }
            case .cancelled:
                state = .cancelled(CompetitionCancellation(reason: cancelReason ?? "", at: cancelledAt ?? updatedAt))
            }
            return Competition(id: id, need: need, state: state)
        }
    }

    /// The evaluation as stored in `competitions.result` and served by the API (DOMAIN.md §K2, §K3).
    package struct StoredResult: Sendable, Equatable, Codable {
        package struct Ranked: Sendable, Equatable, Codable {
            package var rank: Int
            package var quoteId: String
            package var supplierId: String
            package var quotedFen: Int64
            package var evaluatedFen: Int64
            package var deductionApplied: Bool
            package var deductionBp: Int
            package var submittedAt: String
            package var blacklistCheckedAt: String
            package var tieBreak: String?
        }

        package struct Excluded: Sendable, Equatable, Codable {
            package var quoteId: String
            package var supplierId: String
            package var quotedFen: Int64
            package var code: String
            package var message: String
            package var blacklistCheckedAt: String
        }

        package var smeDeductionBp: Int
        package var ranking: [Ranked]
        package var exclusions: [Excluded]

        /// The result of an evaluation, for storage.
        package init(_ result: CompetitionResult) {
            smeDeductionBp = Int(result.smeDeduction.rawValue)
            ranking = result.ranking.map {
                Ranked(
                    rank: $0.rank, quoteId: $0.quoteID.description, supplierId: $0.supplierID.description,
                    quotedFen: $0.quotedFen.rawValue, evaluatedFen: $0.evaluatedFen.rawValue,
                    deductionApplied: $0.deductionApplied, deductionBp: Int($0.deduction.rawValue),
                    submittedAt: Self.format($0.submittedAt), blacklistCheckedAt: Self.format($0.blacklistCheckedAt),
                    tieBreak: $0.tieBreak?.rawValue)
            }
            exclusions = result.exclusions.map(Self.excluded)
        }

        /// A failed evaluation: no ranking, every quote excluded.
        package init(failedWith exclusions: [CompetitionResult.Exclusion], smeDeduction: BasisPoints) {
            smeDeductionBp = Int(smeDeduction.rawValue)
            ranking = []
            self.exclusions = exclusions.map(Self.excluded)
        }

        static func excluded(_ exclusion: CompetitionResult.Exclusion) -> Excluded {
            Excluded(
                quoteId: exclusion.quoteID.description, supplierId: exclusion.supplierID.description,
                quotedFen: exclusion.quotedFen.rawValue, code: exclusion.reason.code, message: exclusion.reason.message,
                blacklistCheckedAt: format(exclusion.blacklistCheckedAt))
        }

        /// The ranking rebuilt as MallCore's result (without exclusions); `nil` when empty or unreadable.
        package var result: CompetitionResult? {
            var entries: [CompetitionResult.RankedQuote] = []
            for entry in ranking {
                guard let quote = ID<CompetitionQuote>(entry.quoteId), let supplier = ID<Organisation>(entry.supplierId),
                    let submitted = Self.parse(entry.submittedAt), let checked = Self.parse(entry.blacklistCheckedAt)
                else { return nil }
                entries.append(
                    CompetitionResult.RankedQuote(
                        rank: entry.rank, quoteID: quote, supplierID: supplier, quotedFen: Fen(entry.quotedFen),
                        evaluatedFen: Fen(entry.evaluatedFen), deductionApplied: entry.deductionApplied,
                        deduction: BasisPoints(Int32(clamping: entry.deductionBp)), submittedAt: submitted,
                        blacklistCheckedAt: checked,
                        tieBreak: entry.tieBreak.flatMap(CompetitionResult.TieBreak.init(rawValue:))))
            }
            return CompetitionResult(
                ranking: entries, exclusions: [], smeDeduction: BasisPoints(Int32(clamping: smeDeductionBp)))
        }

        static func format(_ date: Date) -> String {
            date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        }

        static func parse(_ text: String) -> Date? {
            try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
        }
    }

    /// A quote as stored.
    package struct QuoteRecord: Sendable, Equatable {
        package var id: ID<CompetitionQuote>
        package var competitionID: ID<Competition>
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var listingID: ID<Listing>
        package var listingTitle: String
        package var brand: String
        package var model: String
        package var totalFen: Fen
        package var supplierSize: EnterpriseSize
        package var manufacturerSize: EnterpriseSize?
        package var note: String?
        package var submittedBy: ID<User>
        package var submittedAt: Date

        /// The quote as MallCore's evaluation sees it.
        package var quote: CompetitionQuote {
            CompetitionQuote(
                id: id, supplierID: supplierID, supplierSize: supplierSize, manufacturerSizes: [manufacturerSize],
                totalFen: totalFen, submittedAt: submittedAt)
        }
    }

    static let columns = """
        c.id, c.competition_no, c.unit_id, u.name, c.region_code::text, c.method, c.agreement_id, c.agreement_lot_no,
        c.category_code, cat.name, c.title, c.specs::text, c.quantity, c.unit, c.unit_ceiling_fen, c.budget_line_id,
        c.published_at, c.deadline, c.min_response_days, c.sme_deduction_bp, c.state, c.evaluated_at, c.result::text,
        c.failure_reason, c.awarded_supplier_id, c.awarded_quote_id, c.award_reason, c.awarded_at, c.order_id,
        c.cancel_reason, c.cancelled_at, c.posted_by, c.version, c.updated_at,
        to_char(c.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """

    static let joins = "JOIN organisations u ON u.id = c.unit_id JOIN categories cat ON cat.code = c.category_code"

    static func decode(_ rows: PostgresRowSequence) async throws -> [Record] {
        var result: [Record] = []
        let decoder = JSONDecoder()
        for try await row in rows {
            let (
                id, number, unit, unitName, region, method, agreement, lotNo, category, categoryName, title, specs,
                quantity, unitName2, ceiling, budget, published, deadline, minDays, deduction, state, evaluatedAt,
                resultText, failure, awardedSupplier, awardedQuote, awardReason, awardedAt, order, cancelReason,
                cancelledAt, postedBy, version, updated, sortKey
            ) = try row.decode(
                (
                    ID<Competition>, String, ID<Organisation>, String, String, String, UUID?, Int?, String, String,
                    String, String, Int64, String, Fen, ID<BudgetLine>, Date, Date, Int, Int, String, Date?, String?,
                    String?, ID<Organisation>?, ID<CompetitionQuote>?, String?, Date?, ID<Order>?, String?, Date?,
                    ID<User>, Int, Date, String
                ).self)
            guard let method = CompetitionNeed.Method(rawValue: method),
                let status = CompetitionState.Status(rawValue: state)
            else { throw DomainError(.configInvalid, "competition \(id) has a value this server does not know") }
            result.append(
                Record(
                    id: id, competitionNo: number, unitID: unit, unitName: unitName, regionCode: region,
                    method: method, agreementID: agreement, agreementLotNo: lotNo, categoryCode: category,
                    categoryName: categoryName,
                    title: title, specs: try decoder.decode([String: JSONValue].self, from: Data(specs.utf8)),
                    quantity: quantity, unit: unitName2, unitCeiling: ceiling, budgetLineID: budget,
                    publishedAt: published, deadline: deadline, minimumResponseDays: minDays,
                    smeDeduction: BasisPoints(Int32(clamping: deduction)), status: status, evaluatedAt: evaluatedAt,
                    result: try resultText.map { try decoder.decode(StoredResult.self, from: Data($0.utf8)) },
                    failureReason: failure, awardedSupplierID: awardedSupplier, awardedQuoteID: awardedQuote,
                    awardReason: awardReason, awardedAt: awardedAt, orderID: order, cancelReason: cancelReason,
                    cancelledAt: cancelledAt, postedBy: postedBy, version: version, updatedAt: updated,
                    sortKey: sortKey))
        }
        return result
    }

    // MARK: - Reads

    /// One competition by id (the API decides whether the caller may see it).
    package func competition(id: ID<Competition>, logger: Logger) async throws -> Record? {
        try await Self.decode(
            database.query(
                "SELECT \(unescaped: Self.columns) FROM competitions c \(unescaped: Self.joins) WHERE c.id = \(id)",
                logger: logger)
        ).first
    }

    /// One competition on the caller's connection, locked for an update of its row.
    func lock(id: ID<Competition>, on conn: PostgresConnection, logger: Logger) async throws -> Record? {
        try await Self.decode(
            conn.query(
                """
                SELECT \(unescaped: Self.columns) FROM competitions c \(unescaped: Self.joins)
                WHERE c.id = \(id) FOR UPDATE OF c
                """, logger: logger)
        ).first
    }

    /// Whose competitions a list shows.
    package enum Scope: Sendable, Equatable {
        /// Every competition (operators).
        case all
        /// One unit's own.
        case unit(ID<Organisation>)
        /// What a supplier may quote in or has quoted in: every mall competition, and restricted ones (second
        /// bidding) it is invited to.
        case supplier(ID<Organisation>)
        /// Competitions of units in a region (by code prefix).
        case region(RegionCode)
    }

    /// Filters of the competition list.
    package struct Filter: Sendable, Equatable {
        package var status: CompetitionState.Status?
        package var categoryPrefix: String?

        package init(status: CompetitionState.Status? = nil, categoryPrefix: String? = nil) {
            self.status = status
            self.categoryPrefix = categoryPrefix
        }
    }

    /// Competitions newest first within a scope and filters, after a `(published_at, id)` cursor.
    package func competitions(
        scope: Scope, filter: Filter, after cursor: (String, UUID)?, limit: Int, logger: Logger
    ) async throws -> [Record] {
        var unit: UUID?
        var supplier: UUID?
        var regionPrefix: String?
        switch scope {
        case .all: break
        case .unit(let id): unit = id.uuid
        case .supplier(let id): supplier = id.uuid
        case .region(let region): regionPrefix = OrderStore.prefix(of: region)
        }
        return try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM competitions c \(unescaped: Self.joins)
                WHERE (\(unit)::uuid IS NULL OR c.unit_id = \(unit)::uuid)
                  AND (\(supplier)::uuid IS NULL OR c.method = 'mall'
                       OR EXISTS (SELECT 1 FROM competition_invitations i
                                  WHERE i.competition_id = c.id AND i.supplier_id = \(supplier)::uuid))
                  AND (\(regionPrefix)::text IS NULL OR c.region_code LIKE \(regionPrefix)::text || '%')
                  AND (\(filter.status?.rawValue)::text IS NULL OR c.state = \(filter.status?.rawValue)::text)
                  AND (\(filter.categoryPrefix)::text IS NULL OR c.category_code LIKE \(filter.categoryPrefix)::text || '%')
                  AND (\(cursor?.0)::timestamptz IS NULL
                       OR (c.published_at, c.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
                ORDER BY c.published_at DESC, c.id DESC
                LIMIT \(limit)
                """, logger: logger))
    }

    /// Whether a supplier is invited to a restricted competition, and its agreed unit price there (§F7).
    package func invitation(
        competitionID: ID<Competition>, supplierID: ID<Organisation>, on conn: PostgresConnection, logger: Logger
    ) async throws -> (invited: Bool, agreedUnitPrice: Fen?) {
        let rows = try await conn.query(
            """
            SELECT agreed_unit_price_fen FROM competition_invitations
            WHERE competition_id = \(competitionID) AND supplier_id = \(supplierID)
            """, logger: logger)
        for try await price in rows.decode(Fen?.self) { return (true, price) }
        return (false, nil)
    }

    /// Every quote of a competition, oldest first (the API seals what the viewer may not see).
    package func quotes(
        competitionID: ID<Competition>, on conn: PostgresConnection? = nil, logger: Logger
    ) async throws -> [QuoteRecord] {
        let query: PostgresQuery = """
            SELECT q.id, q.competition_id, q.supplier_id, s.name, q.listing_id, l.title, l.brand, l.model, q.total_fen,
                   q.supplier_size, q.manufacturer_size, q.note, q.submitted_by, q.submitted_at
            FROM competition_quotes q JOIN organisations s ON s.id = q.supplier_id JOIN listings l ON l.id = q.listing_id
            WHERE q.competition_id = \(competitionID)
            ORDER BY q.submitted_at, q.id LIMIT 10000
            """
        let rows: PostgresRowSequence
        if let conn {
            rows = try await conn.query(query, logger: logger)
        } else {
            rows = try await database.query(query, logger: logger)
        }
        var result: [QuoteRecord] = []
        for try await (id, competition, supplier, name, listing, title, brand, model, total, size, manufacturer, note, by, at)
            in rows.decode(
                (
                    ID<CompetitionQuote>, ID<Competition>, ID<Organisation>, String, ID<Listing>, String, String,
                    String, Fen, String, String?, String?, ID<User>, Date
                ).self)
        {
            result.append(
                QuoteRecord(
                    id: id, competitionID: competition, supplierID: supplier, supplierName: name, listingID: listing,
                    listingTitle: title, brand: brand, model: model, totalFen: total,
                    supplierSize: EnterpriseSize(rawValue: size) ?? .large,
                    manufacturerSize: manufacturer.flatMap(EnterpriseSize.init(rawValue:)), note: note,
                    submittedBy: by, submittedAt: at))
        }
        return result
    }

    // MARK: - Audit

    func entry(
        _ action: String, _ record: Record, actor: Principal?, now: Date, requestID: String?,
        before: [String: JSONValue]?, after: [String: JSONValue]?
    ) -> AuditStore.Entry {
        AuditStore.Entry(
            occurredAt: now, actorUserID: actor?.userID, actorOrgID: actor?.organisationID, action: action,
            entityType: "competition", entityID: record.id.uuid, regionCode: record.regionCode, before: before,
            after: after, requestID: requestID)
    }

    static func snapshot(_ record: Record) -> [String: JSONValue] {
        var snapshot: [String: JSONValue] = [
            "competitionNo": .string(record.competitionNo), "state": .string(record.status.rawValue),
            "version": .int(Int64(record.version)), "unitId": .string(record.unitID.description),
            "categoryCode": .string(record.categoryCode), "quantity": .int(record.quantity),
            "unitCeilingFen": .int(record.unitCeiling.rawValue),
            "deadline": .string(StoredResult.format(record.deadline)),
        ]
        if let supplier = record.awardedSupplierID { snapshot["awardedSupplierId"] = .string(supplier.description) }
        if let order = record.orderID { snapshot["orderId"] = .string(order.description) }
        if let reason = record.awardReason { snapshot["awardReason"] = .string(reason) }
        if let reason = record.cancelReason { snapshot["cancelReason"] = .string(reason) }
        return snapshot
    }
}
