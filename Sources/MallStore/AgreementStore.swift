import Foundation
import Logging
import MallCore
import PostgresNIO

/// Framework agreements (DOMAIN.md §F, issue 5): the agreement, its lots and lifecycle
/// (`AgreementStore+Lifecycle`), stage 1 (`AgreementStore+StageOne`), members, prices and replacements
/// (`AgreementStore+Members`), supplementary calls and applications (`AgreementStore+Joining`), stage-2 orders
/// (`AgreementStore+Orders`), and the reads here.
///
/// Methods that write take `on conn:` and run inside the caller's transaction (the API's idempotency
/// wrapper opens it, so the key, the write and the audit rows commit together).
package struct AgreementStore: Sendable {
    package let database: Database
    package let ids: IDGenerator
    package let audit: AuditStore
    package let settings: AgreementSettings
    package let orders: OrderStore

    /// Creates the store; stage-2 orders go through `orders`' pipeline.
    package init(database: Database, ids: IDGenerator, settings: AgreementSettings, orders: OrderStore) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
        self.settings = settings
        self.orders = orders
    }

    // MARK: - Records

    /// An agreement as stored.
    package struct Record: Sendable, Equatable {
        package var id: ID<Agreement>
        package var agreementNo: String
        package var requirements: AgreementRequirements
        package var state: AgreementState
        package var regionCode: String
        package var evaluatedAt: Date?
        package var activatedAt: Date?
        package var terminatedReason: String?
        package var createdBy: ID<User>
        package var createdAt: Date
        package var updatedAt: Date
        package var version: Int
        package var sortKey: String

        /// The `AgreementTerms` reference shown in pricing breakdowns, e.g. `FA2026000001/1`.
        package func reference(lot: Int) -> String { "\(agreementNo)/\(lot)" }
    }

    /// An admitted supplier on a lot, with its product and agreed price (DOMAIN.md §F5, §F10, §P3).
    package struct MemberRecord: Sendable, Equatable {
        package var id: ID<AgreementMember>
        package var agreementID: ID<Agreement>
        package var lotNo: Int
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var listingID: ID<Listing>
        package var listingTitle: String
        package var agreedPriceFen: Fen
        package var admittedPriceFen: Fen
        package var status: MemberStatus
        package var admittedVia: String
        package var rotationPosition: Int
        package var statusReason: String?
        package var removalCause: RemovalCause?
        package var admittedAt: Date
        package var updatedAt: Date
        package var version: Int
    }

    static let columns = """
        a.id, a.agreement_no, a.title, a.subject, a.kind, a.state, to_char(a.term_start, 'YYYY-MM-DD'),
        to_char(a.term_end, 'YYYY-MM-DD'), a.term_reason, a.evaluation, a.elimination_rate_bp, a.stage_two_method,
        a.stage_two_threshold_fen, a.stage_two_above_method, a.regions, a.region_code::text, a.evaluated_at,
        a.activated_at, a.terminated_reason, a.created_by, a.created_at, a.updated_at, a.version,
        to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """

    static let memberColumns = """
        m.id, m.agreement_id, m.lot_no, m.supplier_id, s.name, m.listing_id, l.title, m.agreed_price_fen,
        m.admitted_price_fen, m.status, m.admitted_via, m.rotation_position, m.status_reason, m.removal_cause,
        m.admitted_at, m.updated_at, m.version
        """

    static let memberJoins = """
        JOIN organisations s ON s.id = m.supplier_id JOIN listings l ON l.id = m.listing_id
        """

    /// Decodes agreement rows and loads their lots.
    func decode(_ rows: PostgresRowSequence, on conn: PostgresConnection, logger: Logger) async throws -> [Record] {
        typealias Row = (
            ID<Agreement>, String, String, String, String, String, String, String, String?, String, Int, String,
            Fen?, String?, [String], String, Date?, Date?, String?, ID<User>, Date, Date, Int, String
        )
        var raw: [Row] = []
        for try await row in rows.decode(Row.self) { raw.append(row) }
        let lots = try await self.lots(agreements: raw.map(\.0), on: conn, logger: logger)
        return try raw.map { row in
            let (
                id, number, title, subject, kind, state, start, end, termReason, evaluation, rate, method, threshold,
                above, regions, region, evaluatedAt, activatedAt, terminated, createdBy, createdAt, updatedAt, version,
                sortKey
            ) = row
            guard let subject = AgreementSubject(rawValue: subject), let kind = AgreementKind(rawValue: kind),
                let state = AgreementState(rawValue: state), let start = LocalDate(start), let end = LocalDate(end),
                let evaluation = EvaluationMethod(rawValue: evaluation), let method = StageTwoMethod(rawValue: method)
            else { throw DomainError(.configInvalid, "agreement \(id) has a value this server does not know") }
            let requirements = AgreementRequirements(
                title: title, subject: subject, kind: kind, termStart: start, termEnd: end, termReason: termReason,
                lots: lots[id] ?? [], evaluation: evaluation, eliminationRate: BasisPoints(Int32(clamping: rate)),
                stageTwo: StageTwoRule(
                    method: method, thresholdFen: threshold, aboveMethod: above.flatMap(StageTwoMethod.init(rawValue:))),
                regions: regions.compactMap(RegionCode.init))
            return Record(
                id: id, agreementNo: number, requirements: requirements, state: state, regionCode: region,
                evaluatedAt: evaluatedAt, activatedAt: activatedAt, terminatedReason: terminated, createdBy: createdBy,
                createdAt: createdAt, updatedAt: updatedAt, version: version, sortKey: sortKey)
        }
    }

    func lots(agreements: [ID<Agreement>], on conn: PostgresConnection, logger: Logger) async throws
        -> [ID<Agreement>: [AgreementLot]]
    {
        guard !agreements.isEmpty else { return [:] }
        let rows = try await conn.query(
            """
            SELECT agreement_id, lot_no, name, category_code, specs::text, max_unit_price_fen, volume_tiers::text,
                   estimated_quantity
            FROM agreement_lots WHERE agreement_id = ANY(\(agreements.map(\.uuid)))
            ORDER BY agreement_id, lot_no LIMIT 100000
            """, logger: logger)
        let decoder = JSONDecoder()
        var result: [ID<Agreement>: [AgreementLot]] = [:]
        for try await (id, number, name, category, specs, max, tiers, quantity) in rows.decode(
            (ID<Agreement>, Int, String, String, String, Fen, String, Int64).self)
        {
            result[id, default: []].append(
                AgreementLot(
                    number: number, name: name, categoryCode: category,
                    specs: try decoder.decode([String: JSONValue].self, from: Data(specs.utf8)), maxUnitPriceFen: max,
                    volumeTiers: try decoder.decode([PriceTier].self, from: Data(tiers.utf8)),
                    estimatedQuantity: quantity))
        }
        return result
    }

    static func decodeMembers(_ rows: PostgresRowSequence) async throws -> [MemberRecord] {
        var result: [MemberRecord] = []
        for try await (
            id, agreement, lot, supplier, supplierName, listing, title, agreed, admitted, status, via, position, reason,
            cause, admittedAt, updatedAt, version
        ) in rows.decode(
            (
                ID<AgreementMember>, ID<Agreement>, Int, ID<Organisation>, String, ID<Listing>, String, Fen, Fen,
                String, String, Int, String?, String?, Date, Date, Int
            ).self)
        {
            guard let status = MemberStatus(rawValue: status) else {
                throw DomainError(.configInvalid, "member \(id) has an unknown status")
            }
            result.append(
                MemberRecord(
                    id: id, agreementID: agreement, lotNo: lot, supplierID: supplier, supplierName: supplierName,
                    listingID: listing, listingTitle: title, agreedPriceFen: agreed, admittedPriceFen: admitted,
                    status: status, admittedVia: via, rotationPosition: position, statusReason: reason,
                    removalCause: cause.flatMap(RemovalCause.init(rawValue:)), admittedAt: admittedAt,
                    updatedAt: updatedAt, version: version))
        }
        return result
    }

    // MARK: - Reads

    /// One agreement by id (the API decides whether the caller may see it).
    package func agreement(id: ID<Agreement>, logger: Logger) async throws -> Record? {
        try await database.withConnection { conn in try await agreement(id: id, lock: false, on: conn, logger: logger) }
    }

    /// One agreement on the caller's connection, optionally locked for an update of its row.
    package func agreement(id: ID<Agreement>, lock: Bool, on conn: PostgresConnection, logger: Logger) async throws
        -> Record?
    {
        let rows = try await conn.query(
            """
            SELECT \(unescaped: Self.columns) FROM agreements a WHERE a.id = \(id) \(unescaped: lock ? "FOR UPDATE" : "")
            """, logger: logger)
        return try await decode(rows, on: conn, logger: logger).first
    }

    /// Filters of the agreement list.
    package struct Filter: Sendable, Equatable {
        package var state: AgreementState?
        /// Hide drafts (every caller but operators).
        package var publishedOnly: Bool
        /// Only active agreements serving this region (units' discovery, issue 5 point 6).
        package var servingRegion: RegionCode?

        package init(state: AgreementState? = nil, publishedOnly: Bool = false, servingRegion: RegionCode? = nil) {
            self.state = state
            self.publishedOnly = publishedOnly
            self.servingRegion = servingRegion
        }
    }

    /// Agreements newest first after a `(created_at, id)` cursor.
    package func agreements(filter: Filter, after cursor: (String, UUID)?, limit: Int, logger: Logger) async throws
        -> [Record]
    {
        try await database.withConnection { conn in
            let rows = try await conn.query(
                """
                SELECT \(unescaped: Self.columns) FROM agreements a
                WHERE (\(filter.state?.rawValue)::text IS NULL OR a.state = \(filter.state?.rawValue)::text)
                  AND (NOT \(filter.publishedOnly) OR a.state <> 'draft')
                  AND (\(filter.servingRegion?.rawValue)::text IS NULL
                       OR (a.state = 'active' AND (cardinality(a.region_prefixes) = 0 OR EXISTS (
                           SELECT 1 FROM unnest(a.region_prefixes) p
                           WHERE \(filter.servingRegion?.rawValue)::text LIKE p || '%'))))
                  AND (\(cursor?.0)::timestamptz IS NULL
                       OR (a.created_at, a.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
                ORDER BY a.created_at DESC, a.id DESC
                LIMIT \(limit)
                """, logger: logger)
            return try await decode(rows, on: conn, logger: logger)
        }
    }

    /// The members of an agreement (all statuses), by lot then rotation position.
    package func members(agreementID: ID<Agreement>, logger: Logger) async throws -> [MemberRecord] {
        try await Self.decodeMembers(
            database.query(
                """
                SELECT \(unescaped: Self.memberColumns) FROM agreement_members m \(unescaped: Self.memberJoins)
                WHERE m.agreement_id = \(agreementID) ORDER BY m.lot_no, m.rotation_position LIMIT 10000
                """, logger: logger))
    }

    /// One member on the caller's connection, locked.
    func lockMember(id: ID<AgreementMember>, on conn: PostgresConnection, logger: Logger) async throws -> MemberRecord?
    {
        try await Self.decodeMembers(
            conn.query(
                """
                SELECT \(unescaped: Self.memberColumns) FROM agreement_members m \(unescaped: Self.memberJoins)
                WHERE m.id = \(id) FOR UPDATE OF m
                """, logger: logger)
        ).first
    }

    /// The members of one lot on the caller's connection (all statuses), in rotation order.
    func members(agreementID: ID<Agreement>, lot: Int, on conn: PostgresConnection, logger: Logger) async throws
        -> [MemberRecord]
    {
        try await Self.decodeMembers(
            conn.query(
                """
                SELECT \(unescaped: Self.memberColumns) FROM agreement_members m \(unescaped: Self.memberJoins)
                WHERE m.agreement_id = \(agreementID) AND m.lot_no = \(lot) ORDER BY m.rotation_position LIMIT 10000
                """, logger: logger))
    }

    /// An admitted product as units discover it (issue 5 point 6): the member with its agreement and lot.
    package struct Offer: Sendable, Equatable {
        package var agreementID: ID<Agreement>
        package var agreementNo: String
        package var agreementTitle: String
        package var lot: AgreementLot
        package var stageTwo: StageTwoRule
        package var termEnd: LocalDate
        package var member: MemberRecord
    }

    /// The admitted products a unit in `region` may order (issue 5 point 6): order-receiving members of active
    /// agreements serving the region, optionally of one agreement and category, by agreement then lot then
    /// agreed price. The cursor is the position after the last offer (`agreement id|member id` order).
    package func offers(
        region: RegionCode, agreement: ID<Agreement>?, categoryCode: String?, after cursor: (String, UUID)?,
        limit: Int, logger: Logger
    ) async throws -> [Offer] {
        try await database.withConnection { conn in
            let rows = try await conn.query(
                """
                SELECT a.id FROM agreements a
                WHERE a.state = 'active' AND (\(agreement?.uuid)::uuid IS NULL OR a.id = \(agreement?.uuid)::uuid)
                  AND (cardinality(a.region_prefixes) = 0 OR EXISTS (
                       SELECT 1 FROM unnest(a.region_prefixes) p WHERE \(region.rawValue)::text LIKE p || '%'))
                ORDER BY a.id LIMIT 1000
                """, logger: logger)
            var agreementIDs: [ID<Agreement>] = []
            for try await id in rows.decode(ID<Agreement>.self) { agreementIDs.append(id) }
            guard !agreementIDs.isEmpty else { return [] }
            let memberRows = try await conn.query(
                """
                SELECT \(unescaped: Self.memberColumns) FROM agreement_members m \(unescaped: Self.memberJoins)
                JOIN agreement_lots t ON t.agreement_id = m.agreement_id AND t.lot_no = m.lot_no
                WHERE m.agreement_id = ANY(\(agreementIDs.map(\.uuid)))
                  AND m.status IN ('active', 'withdrawal_requested')
                  AND (\(categoryCode)::text IS NULL OR t.category_code = \(categoryCode)::text)
                  AND (\(cursor?.0)::uuid IS NULL OR (m.agreement_id, m.id) > (\(cursor?.0)::uuid, \(cursor?.1)::uuid))
                ORDER BY m.agreement_id, m.id
                LIMIT \(limit)
                """, logger: logger)
            let members = try await Self.decodeMembers(memberRows)
            let agreements = try await decode(
                conn.query(
                    """
                    SELECT \(unescaped: Self.columns) FROM agreements a
                    WHERE a.id = ANY(\(Array(Set(members.map(\.agreementID.uuid)))))
                    """, logger: logger), on: conn, logger: logger)
            let byID = Dictionary(agreements.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return members.compactMap { member in
                guard let agreement = byID[member.agreementID],
                    let lot = agreement.requirements.lot(member.lotNo)
                else { return nil }
                return Offer(
                    agreementID: agreement.id, agreementNo: agreement.agreementNo,
                    agreementTitle: agreement.requirements.title, lot: lot,
                    stageTwo: agreement.requirements.stageTwo, termEnd: agreement.requirements.termEnd, member: member)
            }
        }
    }

    // MARK: - Audit

    func entry(
        _ action: String, entity: String = "agreement", id: UUID, region: String, actor: Principal?, now: Date,
        requestID: String?, before: [String: JSONValue]? = nil, after: [String: JSONValue]?
    ) -> AuditStore.Entry {
        AuditStore.Entry(
            occurredAt: now, actorUserID: actor?.userID, actorOrgID: actor?.organisationID, action: action,
            entityType: entity, entityID: id, regionCode: region, before: before, after: after, requestID: requestID)
    }

    static func snapshot(_ record: Record) -> [String: JSONValue] {
        let requirements = record.requirements
        return [
            "agreementNo": .string(record.agreementNo), "state": .string(record.state.rawValue),
            "version": .int(Int64(record.version)), "title": .string(requirements.title),
            "kind": .string(requirements.kind.rawValue), "subject": .string(requirements.subject.rawValue),
            "termStart": .string(requirements.termStart.description), "termEnd": .string(requirements.termEnd.description),
            "evaluation": .string(requirements.evaluation.rawValue),
            "eliminationRateBp": .int(Int64(requirements.eliminationRate.rawValue)),
            "stageTwoMethod": .string(requirements.stageTwo.method.rawValue),
            "lots": .array(
                requirements.lots.map {
                    .object([
                        "number": .int(Int64($0.number)), "categoryCode": .string($0.categoryCode),
                        "maxUnitPriceFen": .int($0.maxUnitPriceFen.rawValue),
                    ])
                }),
        ]
    }

    static func snapshot(_ member: MemberRecord) -> [String: JSONValue] {
        var snapshot: [String: JSONValue] = [
            "supplierId": .string(member.supplierID.description), "lotNo": .int(Int64(member.lotNo)),
            "listingId": .string(member.listingID.description), "agreedPriceFen": .int(member.agreedPriceFen.rawValue),
            "status": .string(member.status.rawValue), "version": .int(Int64(member.version)),
        ]
        if let reason = member.statusReason { snapshot["statusReason"] = .string(reason) }
        if let cause = member.removalCause { snapshot["removalCause"] = .string(cause.rawValue) }
        return snapshot
    }
}
