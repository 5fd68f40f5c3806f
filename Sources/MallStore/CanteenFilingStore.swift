import Foundation
import Logging
import MallCore
import PostgresNIO

/// Units' yearly canteen-food filings (DOMAIN.md §V2), reviewed by the parent department (the unit's
/// `parent_id`; without one, by the operators). Every change is audited on the caller's connection.
package struct CanteenFilingStore: Sendable {
    package let database: Database
    package let ids: IDGenerator
    package let audit: AuditStore

    package init(database: Database, ids: IDGenerator) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
    }

    /// A filing as stored.
    package struct Record: Sendable, Equatable {
        package var id: ID<CanteenFilingEntity>
        package var unitID: ID<Organisation>
        package var unitName: String
        package var regionCode: String
        /// Whose approvers review it; `nil`: the operators.
        package var reviewerOrgID: ID<Organisation>?
        package var reviewerName: String?
        package var fiscalYear: Int
        package var kind: CanteenFiling.Kind
        package var foodBudgetFen: Fen?
        package var reservedRatio: BasisPoints?
        package var reservedFen: Fen
        package var representativeUnitID: ID<Organisation>?
        package var state: CanteenFiling.State
        package var late: Bool
        package var reviewReason: String?
        package var reviewedBy: ID<User>?
        package var reviewedAt: Date?
        package var version: Int
        package var createdBy: ID<User>
        package var createdAt: Date
        package var updatedAt: Date
        /// `created_at` exactly as stored, for cursors.
        package var sortKey: String
    }

    // MARK: - Writes

    /// Files a declaration for the caller's unit (validated by `CanteenFiling.validate`, `reserved` its result):
    /// 409 `filing.already_filed` when the unit has a submitted or approved filing for the year, 422
    /// `filing.representative_invalid` when a shared canteen's representative is not a unit. Audited as
    /// `canteen_filing.submitted`.
    package func file(
        _ declaration: CanteenFiling.Declaration, reserved: Fen, late: Bool, actor: Principal, now: Date,
        requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        if let representative = declaration.representativeUnit {
            let rows = try await conn.query(
                "SELECT kind FROM organisations WHERE id = \(representative)", logger: logger)
            guard try await rows.decode(String.self).first(where: { _ in true }) == OrganisationKind.unit.rawValue
            else {
                throw DomainError(
                    .filingRepresentativeInvalid, "representative \(representative) is not a purchasing unit")
            }
        }
        let id: ID<CanteenFilingEntity> = ids.next()
        let inserted = try await conn.query(
            """
            INSERT INTO canteen_filings (id, unit_id, region_code, reviewer_org_id, fiscal_year, kind, food_budget_fen,
                                         reserved_ratio_bp, reserved_fen, representative_unit_id, state, late,
                                         created_by, created_at, updated_at)
            SELECT \(id), o.id, o.region_code, o.parent_id, \(declaration.fiscalYear), \(declaration.kind.rawValue),
                   \(declaration.foodBudget), \(declaration.reservedRatio.map { Int($0.rawValue) }), \(reserved),
                   \(declaration.representativeUnit), 'submitted', \(late), \(actor.userID), \(now), \(now)
            FROM organisations o WHERE o.id = \(actor.organisationID)
            ON CONFLICT (unit_id, fiscal_year) WHERE state <> 'returned' DO NOTHING
            RETURNING 1
            """, logger: logger)
        guard try await inserted.decode(Int.self).first(where: { _ in true }) != nil else {
            throw DomainError(
                .filingAlreadyFiled,
                "the unit has a submitted or approved filing for \(declaration.fiscalYear); a returned one may be "
                    + "filed again")
        }
        guard let record = try await filings(ids: [id], lock: false, on: conn, logger: logger).first else {
            throw DomainError.notFound("filing \(id)")
        }
        try await audit.append(
            entry("canteen_filing.submitted", record, actor: actor, now: now, requestID: requestID, before: nil),
            on: conn, logger: logger)
        return record
    }

    /// Approves or returns a submitted filing (its reviewer only: the parent department's approvers, or the
    /// operators for a unit without one). 404 when the caller cannot see it, 403 when it can but does not review
    /// it, 412 on a stale version, 409 `filing.not_submitted` once reviewed. Audited.
    package func review(
        id: ID<CanteenFilingEntity>, approve: Bool, reason: String?, expectedVersion: Int, actor: Principal, now: Date,
        requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        guard let current = try await filings(ids: [id], lock: true, on: conn, logger: logger).first,
            Self.canSee(current, actor)
        else { throw DomainError.notFound("filing \(id)") }
        let reviews =
            current.reviewerOrgID.map { $0 == actor.organisationID && actor.organisationKind == .unit }
            ?? (actor.organisationKind == .operator)
        guard reviews else {
            throw DomainError(
                .forbidden,
                current.reviewerOrgID == nil
                    ? "the operators review filings of units without a parent department"
                    : "only the parent department's approvers review this filing")
        }
        guard current.version == expectedVersion else {
            throw DomainError(
                .versionMismatch, "the filing is at version \(current.version), not \(expectedVersion); reload it")
        }
        guard current.state == .submitted else {
            throw DomainError(.filingNotSubmitted, "the filing was \(current.state.rawValue) already")
        }
        let state: CanteenFiling.State = approve ? .approved : .returned
        try await conn.query(
            """
            UPDATE canteen_filings SET state = \(state.rawValue), review_reason = \(reason),
                reviewed_by = \(actor.userID), reviewed_at = \(now), version = version + 1, updated_at = \(now)
            WHERE id = \(id)
            """, logger: logger)
        guard let updated = try await filings(ids: [id], lock: false, on: conn, logger: logger).first else {
            throw DomainError.notFound("filing \(id)")
        }
        try await audit.append(
            entry(
                "canteen_filing.\(state.rawValue)", updated, actor: actor, now: now, requestID: requestID,
                before: Self.snapshot(current)),
            on: conn, logger: logger)
        return updated
    }

    /// Whether the principal may see a filing: its unit, its reviewing department, the regulators of its
    /// region, the operators.
    package static func canSee(_ record: Record, _ principal: Principal) -> Bool {
        switch principal.organisationKind {
        case .operator: true
        case .regulator: RegionCode(record.regionCode)?.isWithin(principal.regionCode) ?? false
        case .unit: record.unitID == principal.organisationID || record.reviewerOrgID == principal.organisationID
        case .supplier: false
        }
    }

    // MARK: - Reads

    static let columns = """
        f.id, f.unit_id, u.name, f.region_code::text, f.reviewer_org_id, r.name, f.fiscal_year, f.kind,
        f.food_budget_fen, f.reserved_ratio_bp, f.reserved_fen, f.representative_unit_id, f.state, f.late,
        f.review_reason, f.reviewed_by, f.reviewed_at, f.version, f.created_by, f.created_at, f.updated_at,
        to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """
    static let joins = """
        JOIN organisations u ON u.id = f.unit_id LEFT JOIN organisations r ON r.id = f.reviewer_org_id
        """

    static func decode(_ rows: PostgresRowSequence) async throws -> [Record] {
        var result: [Record] = []
        for try await row in rows {
            let (
                id, unit, unitName, region, reviewer, reviewerName, year, kind, budget, ratio, reserved,
                representative, state, late, reason, reviewedBy, reviewedAt, version, createdBy, created, updated,
                sortKey
            ) = try row.decode(
                (
                    ID<CanteenFilingEntity>, ID<Organisation>, String, String, ID<Organisation>?, String?, Int, String,
                    Fen?, Int?, Fen, ID<Organisation>?, String, Bool, String?, ID<User>?, Date?, Int, ID<User>, Date,
                    Date, String
                ).self)
            guard let kind = CanteenFiling.Kind(rawValue: kind), let state = CanteenFiling.State(rawValue: state) else {
                continue
            }
            result.append(
                Record(
                    id: id, unitID: unit, unitName: unitName, regionCode: region, reviewerOrgID: reviewer,
                    reviewerName: reviewerName, fiscalYear: year, kind: kind, foodBudgetFen: budget,
                    reservedRatio: ratio.map { BasisPoints(Int32(clamping: $0)) }, reservedFen: reserved,
                    representativeUnitID: representative, state: state, late: late, reviewReason: reason,
                    reviewedBy: reviewedBy, reviewedAt: reviewedAt, version: version, createdBy: createdBy,
                    createdAt: created, updatedAt: updated, sortKey: sortKey))
        }
        return result
    }

    func filings(ids: [ID<CanteenFilingEntity>], lock: Bool, on conn: PostgresConnection, logger: Logger)
        async throws -> [Record]
    {
        try await Self.decode(
            conn.query(
                """
                SELECT \(unescaped: Self.columns) FROM canteen_filings f \(unescaped: Self.joins)
                WHERE f.id = ANY(\(ids.map(\.uuid))) \(unescaped: lock ? "FOR UPDATE OF f" : "") LIMIT 1000
                """, logger: logger))
    }

    /// One filing by id (the API checks `canSee`).
    package func filing(id: ID<CanteenFilingEntity>, logger: Logger) async throws -> Record? {
        try await database.withConnection { conn in
            try await filings(ids: [id], lock: false, on: conn, logger: logger).first
        }
    }

    /// Whose filings a list shows.
    package enum Scope: Sendable, Equatable {
        case all
        case region(RegionCode)
        /// A unit's own filings and those it reviews as parent department.
        case unit(ID<Organisation>)
    }

    /// Filings newest first within a scope, optionally of one year, state or unit, after a cursor.
    package func filings(
        scope: Scope, year: Int?, state: CanteenFiling.State?, unit: ID<Organisation>?, after cursor: (String, UUID)?,
        limit: Int, logger: Logger
    ) async throws -> [Record] {
        var bounds: RegionBounds?
        var own: UUID?
        switch scope {
        case .all: break
        case .region(let region): bounds = RegionBounds(region)
        case .unit(let id): own = id.uuid
        }
        return try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM canteen_filings f \(unescaped: Self.joins)
                WHERE (\(own)::uuid IS NULL OR f.unit_id = \(own)::uuid OR f.reviewer_org_id = \(own)::uuid)
                  AND (\(bounds?.low)::text IS NULL OR f.region_code BETWEEN \(bounds?.low)::text AND \(bounds?.high)::text)
                  AND (\(year)::int IS NULL OR f.fiscal_year = \(year)::int)
                  AND (\(state?.rawValue)::text IS NULL OR f.state = \(state?.rawValue)::text)
                  AND (\(unit?.uuid)::uuid IS NULL OR f.unit_id = \(unit?.uuid)::uuid)
                  AND (\(cursor?.0)::timestamptz IS NULL
                       OR (f.created_at, f.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
                ORDER BY f.created_at DESC, f.id DESC
                LIMIT \(limit)
                """, logger: logger))
    }

    // MARK: - Audit

    func entry(
        _ action: String, _ record: Record, actor: Principal, now: Date, requestID: String?,
        before: [String: JSONValue]?
    ) -> AuditStore.Entry {
        AuditStore.Entry(
            occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID, action: action,
            entityType: "canteen_filing", entityID: record.id.uuid, regionCode: record.regionCode, before: before,
            after: Self.snapshot(record), requestID: requestID)
    }

    static func snapshot(_ record: Record) -> [String: JSONValue] {
        var snapshot: [String: JSONValue] = [
            "unitId": .string(record.unitID.description), "fiscalYear": .int(Int64(record.fiscalYear)),
            "kind": .string(record.kind.rawValue), "state": .string(record.state.rawValue),
            "reservedFen": .int(record.reservedFen.rawValue), "late": .bool(record.late),
            "version": .int(Int64(record.version)),
        ]
        if let budget = record.foodBudgetFen { snapshot["foodBudgetFen"] = .int(budget.rawValue) }
        if let ratio = record.reservedRatio { snapshot["reservedRatioBp"] = .int(Int64(ratio.rawValue)) }
        if let representative = record.representativeUnitID {
            snapshot["representativeUnitId"] = .string(representative.description)
        }
        if let reason = record.reviewReason { snapshot["reviewReason"] = .string(reason) }
        return snapshot
    }
}
