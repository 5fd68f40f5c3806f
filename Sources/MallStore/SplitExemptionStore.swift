import Foundation
import Logging
import MallCore
import PostgresNIO

/// Exemptions from the §T1 splitting detector (DOMAIN.md §T1: "unless an exemption (budget adjusted,
/// approved) is attached"). A unit files one for a group (fiscal year, second-level category, budget project)
/// of one of its budget lines, citing the approval of the budget adjustment; a regulator of the unit's region
/// approves or rejects it. An approved exemption silences `split_suspected` for orders placed after the
/// approval (`OrderStore.detectSplitting` reads it in the placement's transaction); §T2 is never exempted.
///
/// Writes take `on conn:` and run in the caller's transaction (the API's idempotency wrapper opens it).
package struct SplitExemptionStore: Sendable {
    package let database: Database
    package let ids: IDGenerator
    package let audit: AuditStore

    package init(database: Database, ids: IDGenerator) {
        self.database = database
        self.ids = ids
        self.audit = AuditStore(ids: ids)
    }

    /// Where an exemption is in its review.
    package enum State: String, Sendable, CaseIterable {
        case pending
        case approved
        case rejected
    }

    /// Why the group is exempt: the budget was adjusted and the adjustment approved (§T1).
    package enum Reason: String, Sendable, CaseIterable {
        case budgetAdjusted = "budget_adjusted"
    }

    /// An exemption as stored.
    package struct Record: Sendable, Equatable {
        package var id: UUID
        package var unitID: ID<Organisation>
        package var unitName: String
        package var regionCode: String
        package var fiscalYear: Int
        package var categoryGroup: String
        package var budgetProject: String
        package var reason: Reason
        package var documentNo: String
        package var notes: String?
        package var state: State
        package var requestedBy: ID<User>
        package var requestedAt: Date
        package var decidedBy: ID<User>?
        package var decidedAt: Date?
        package var decisionNote: String?
        package var version: Int
        /// `requested_at` as stored, for cursors.
        package var sortKey: String

        /// The detector's group this exemption covers.
        package var group: SplitGroup {
            SplitGroup(unitID: unitID, fiscalYear: fiscalYear, categoryGroup: categoryGroup, budgetProject: budgetProject)
        }
    }

    /// Who sees which exemptions: a unit its own, a regulator its region's, an operator all.
    package enum Scope: Sendable {
        case unit(ID<Organisation>)
        case region(RegionCode)
        case all
    }

    static let columns = """
        e.id, e.unit_id, u.name, e.region_code::text, e.fiscal_year, e.category_group, e.budget_project, e.reason,
        e.document_no, e.notes, e.state, e.requested_by, e.requested_at, e.decided_by, e.decided_at,
        e.decision_note, e.version, to_char(e.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """

    static func decode(_ rows: PostgresRowSequence) async throws -> [Record] {
        var result: [Record] = []
        for try await row in rows {
            let (
                id, unit, unitName, region, year, group, project, reason, document, notes, state, requestedBy,
                requestedAt, decidedBy, decidedAt, decisionNote, version, sortKey
            ) = try row.decode(
                (
                    UUID, ID<Organisation>, String, String, Int, String, String, String, String, String?, String,
                    ID<User>, Date, ID<User>?, Date?, String?, Int, String
                ).self)
            guard let reason = Reason(rawValue: reason), let state = State(rawValue: state) else {
                throw DomainError(.configInvalid, "split exemption \(id) has a value this server does not know")
            }
            result.append(
                Record(
                    id: id, unitID: unit, unitName: unitName, regionCode: region, fiscalYear: year,
                    categoryGroup: group, budgetProject: project, reason: reason, documentNo: document, notes: notes,
                    state: state, requestedBy: requestedBy, requestedAt: requestedAt, decidedBy: decidedBy,
                    decidedAt: decidedAt, decisionNote: decisionNote, version: version, sortKey: sortKey))
        }
        return result
    }

    // MARK: - Reads

    /// One exemption by id (the API decides whether the caller may see it).
    package func exemption(id: UUID, logger: Logger) async throws -> Record? {
        try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM split_exemptions e JOIN organisations u ON u.id = e.unit_id
                WHERE e.id = \(id)
                """, logger: logger)
        ).first
    }

    /// The exemptions in a scope, newest first, optionally of one state, after a `(requested_at, id)` cursor.
    package func exemptions(
        scope: Scope, state: State?, after cursor: (String, UUID)?, limit: Int, logger: Logger
    ) async throws -> [Record] {
        let (unit, prefix): (UUID?, String?) =
            switch scope {
            case .unit(let id): (id.uuid, nil)
            case .region(let code): (nil, OrderStore.prefix(of: code))
            case .all: (nil, nil)
            }
        return try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM split_exemptions e JOIN organisations u ON u.id = e.unit_id
                WHERE (\(unit)::uuid IS NULL OR e.unit_id = \(unit)::uuid)
                  AND (\(prefix)::text IS NULL OR e.region_code LIKE \(prefix)::text || '%')
                  AND (\(state?.rawValue)::text IS NULL OR e.state = \(state?.rawValue)::text)
                  AND (\(cursor?.0)::timestamptz IS NULL
                       OR (e.requested_at, e.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
                ORDER BY e.requested_at DESC, e.id DESC LIMIT \(limit)
                """, logger: logger))
    }

    /// The approved exemptions of a unit's groups for one fiscal year and budget project, read in the
    /// placement's transaction (DOMAIN.md §T1).
    package static func approvedGroups(
        unit: ID<Organisation>, fiscalYear: Int, project: String, on conn: PostgresConnection, logger: Logger
    ) async throws -> Set<SplitGroup> {
        let rows = try await conn.execute(
            ApprovedSplitExemptions(unit: unit, fiscalYear: fiscalYear, project: project), logger: logger)
        var result = Set<SplitGroup>()
        for try await group in rows {
            result.insert(SplitGroup(unitID: unit, fiscalYear: fiscalYear, categoryGroup: group, budgetProject: project))
        }
        return result
    }

    // MARK: - Writes

    /// What a unit files.
    package struct FileRequest: Sendable {
        package var budgetLineID: ID<BudgetLine>
        package var categoryCode: String
        package var documentNo: String
        package var notes: String?

        package init(budgetLineID: ID<BudgetLine>, categoryCode: String, documentNo: String, notes: String?) {
            self.budgetLineID = budgetLineID
            self.categoryCode = categoryCode
            self.documentNo = documentNo
            self.notes = notes
        }
    }

    /// Files an exemption for the group of one of the unit's budget lines and a category (any code of the
    /// group: it is widened to its second-level parent). `split_exemption.duplicate` when the group already
    /// has a pending or approved one. Audited as `split_exemption.filed`.
    package func file(
        _ request: FileRequest, actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> Record {
        var validator = Validator()
        validator.text(request.documentNo, "documentNo", maxLength: 200)
        validator.text(request.notes, "notes", maxLength: 2_000, required: false)
        let code = request.categoryCode
        validator.check(
            code.wholeMatch(of: /[ABC][0-9]{8}/) != nil, "categoryCode", "invalid", "a category code, e.g. A02010105")
        try validator.validate()
        let group = SplitGroup.secondLevelParent(of: code)
        let known = try await conn.query(
            "SELECT count(*)::int FROM categories WHERE code IN (\(code), \(group))", logger: logger)
        var found = 0
        for try await count in known.decode(Int.self) { found = count }
        guard found == (code == group ? 1 : 2) else {
            throw DomainError.validation([.init(field: "categoryCode", code: "unknown", message: "no category \(code)")])
        }
        let line = try await conn.query(
            """
            SELECT fiscal_year, project_name, region_code::text FROM budget_lines
            WHERE id = \(request.budgetLineID) AND unit_id = \(actor.organisationID)
            """, logger: logger)
        var budget: (Int, String, String)?
        for try await row in line.decode((Int, String, String).self) { budget = row }
        guard let (year, project, region) = budget else {
            throw DomainError.notFound("budget line \(request.budgetLineID)")
        }
        let id = ids.nextUUID()
        let documentNo = request.documentNo.trimmingCharacters(in: .whitespacesAndNewlines)
        let notes = request.notes?.trimmingCharacters(in: .whitespacesAndNewlines)
        let inserted = try await conn.query(
            """
            INSERT INTO split_exemptions (id, unit_id, region_code, fiscal_year, category_group, budget_project, reason,
                                          document_no, notes, state, requested_by, requested_at)
            VALUES (\(id), \(actor.organisationID), \(region), \(year), \(group), \(project),
                    \(Reason.budgetAdjusted.rawValue), \(documentNo), \(notes?.isEmpty == true ? nil : notes),
                    'pending', \(actor.userID), \(now))
            ON CONFLICT (unit_id, fiscal_year, category_group, budget_project) WHERE state <> 'rejected' DO NOTHING
            RETURNING 1
            """, logger: logger)
        guard try await inserted.decode(Int.self).first(where: { _ in true }) != nil else {
            throw DomainError(
                .splitExemptionDuplicate,
                "the group \(group) of project \(project) (\(year)) already has a pending or approved exemption")
        }
        let record = try await locked(id: id, on: conn, logger: logger)
        try await audit.append(
            AuditStore.Entry(
                occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID,
                action: "split_exemption.filed", entityType: "split_exemption", entityID: id, regionCode: region,
                before: nil,
                after: [
                    "fiscalYear": .int(Int64(year)), "categoryGroup": .string(group), "budgetProject": .string(project),
                    "reason": .string(Reason.budgetAdjusted.rawValue), "documentNo": .string(documentNo),
                    "state": .string(State.pending.rawValue),
                ], requestID: requestID),
            on: conn, logger: logger)
        return record
    }

    /// A regulator of the unit's region approves (`approve: true`) or rejects a pending exemption, with a note
    /// (required to reject). `split_exemption.not_pending` once decided. Audited as `split_exemption.approved`
    /// or `split_exemption.rejected`.
    package func decide(
        id: UUID, approve: Bool, note: String?, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        var validator = Validator()
        validator.text(note, "note", maxLength: 2_000, required: !approve)
        try validator.validate()
        let record = try await locked(id: id, on: conn, logger: logger)
        guard RegionCode(record.regionCode)?.isWithin(actor.regionCode) ?? false else {
            throw DomainError.notFound("split exemption \(id)")
        }
        guard record.state == .pending else {
            throw DomainError(.splitExemptionNotPending, "the exemption was \(record.state.rawValue) already")
        }
        let state: State = approve ? .approved : .rejected
        let trimmed = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        try await conn.query(
            """
            UPDATE split_exemptions
            SET state = \(state.rawValue), decided_by = \(actor.userID), decided_at = \(now),
                decision_note = \(trimmed?.isEmpty == true ? nil : trimmed), version = version + 1
            WHERE id = \(id)
            """, logger: logger)
        let after = try await locked(id: id, on: conn, logger: logger)
        try await audit.append(
            AuditStore.Entry(
                occurredAt: now, actorUserID: actor.userID, actorOrgID: actor.organisationID,
                action: "split_exemption.\(state.rawValue)", entityType: "split_exemption", entityID: id,
                regionCode: record.regionCode, before: ["state": .string(record.state.rawValue)],
                after: ["state": .string(state.rawValue), "note": trimmed.map(JSONValue.string) ?? .null],
                requestID: requestID),
            on: conn, logger: logger)
        return after
    }

    private func locked(id: UUID, on conn: PostgresConnection, logger: Logger) async throws -> Record {
        let rows = try await conn.query(
            """
            SELECT \(unescaped: Self.columns) FROM split_exemptions e JOIN organisations u ON u.id = e.unit_id
            WHERE e.id = \(id) FOR UPDATE OF e
            """, logger: logger)
        guard let record = try await Self.decode(rows).first else {
            throw DomainError.notFound("split exemption \(id)")
        }
        return record
    }
}
