import Foundation
import Logging
import MallCore
import PostgresNIO

extension AgreementStore {
    // MARK: - Creating and editing (§F1, §F4)

    /// Creates a draft agreement (DOMAIN.md §F1) after `AgreementRequirements.validate` and a check that every
    /// lot names a leaf category (§C1); audited `agreement.created`.
    package func create(
        _ requirements: AgreementRequirements, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        try requirements.validate(settings: settings)
        try await checkLeaves(requirements, on: conn, logger: logger)
        let id: ID<Agreement> = ids.next()
        let year = LocalDate(now).year
        try await conn.query(
            """
            INSERT INTO agreements (id, agreement_no, title, subject, kind, state, term_start, term_end, term_reason,
                                    evaluation, elimination_rate_bp, stage_two_method, stage_two_threshold_fen,
                                    stage_two_above_method, regions, region_prefixes, region_code, created_by,
                                    created_at, updated_at, version)
            VALUES (\(id), 'FA' || \(String(year)) || lpad(nextval('agreement_no_seq')::text, 6, '0'),
                    \(requirements.title), \(requirements.subject.rawValue), \(requirements.kind.rawValue), 'draft',
                    \(requirements.termStart.description)::date, \(requirements.termEnd.description)::date,
                    \(Self.nonBlank(requirements.termReason)), \(requirements.evaluation.rawValue),
                    \(Int(requirements.eliminationRate.rawValue)), \(requirements.stageTwo.method.rawValue),
                    \(requirements.stageTwo.thresholdFen), \(requirements.stageTwo.aboveMethod?.rawValue),
                    \(requirements.regions.map(\.rawValue)), \(requirements.regions.map(OrderStore.prefix(of:))),
                    \(actor.regionCode.rawValue), \(actor.userID), \(now), \(now), 1)
            """, logger: logger)
        try await insertLots(requirements.lots, agreement: id, on: conn, logger: logger)
        guard let record = try await agreement(id: id, lock: false, on: conn, logger: logger) else {
            throw DomainError.notFound("agreement \(id)")
        }
        try await audit.append(
            entry(
                "agreement.created", id: id.uuid, region: record.regionCode, actor: actor, now: now,
                requestID: requestID, after: Self.snapshot(record)), on: conn, logger: logger)
        return record
    }

    /// Replaces the requirements of a draft (If-Match `version`). Any other state answers 409
    /// `agreement.frozen` (DOMAIN.md §F4); the API audits the refusal with `auditRefusedEdit`.
    package func update(
        id: ID<Agreement>, _ requirements: AgreementRequirements, expectedVersion: Int, actor: Principal, now: Date,
        requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        guard let before = try await agreement(id: id, lock: true, on: conn, logger: logger) else {
            throw DomainError.notFound("agreement \(id)")
        }
        guard before.state.requirementsEditable else {
            throw DomainError(
                .agreementFrozen,
                "agreement \(before.agreementNo) is \(before.state.rawValue): its requirements cannot change "
                    + "(DOMAIN.md §F4, Order 110 Art 11); the attempt is audited")
        }
        guard before.version == expectedVersion else {
            throw DomainError(.versionMismatch, "agreement \(id) is at version \(before.version), not \(expectedVersion)")
        }
        try requirements.validate(settings: settings)
        try await checkLeaves(requirements, on: conn, logger: logger)
        try await conn.query(
            """
            UPDATE agreements SET title = \(requirements.title), subject = \(requirements.subject.rawValue),
                kind = \(requirements.kind.rawValue), term_start = \(requirements.termStart.description)::date,
                term_end = \(requirements.termEnd.description)::date, term_reason = \(Self.nonBlank(requirements.termReason)),
                evaluation = \(requirements.evaluation.rawValue),
                elimination_rate_bp = \(Int(requirements.eliminationRate.rawValue)),
                stage_two_method = \(requirements.stageTwo.method.rawValue),
                stage_two_threshold_fen = \(requirements.stageTwo.thresholdFen),
                stage_two_above_method = \(requirements.stageTwo.aboveMethod?.rawValue),
                regions = \(requirements.regions.map(\.rawValue)),
                region_prefixes = \(requirements.regions.map(OrderStore.prefix(of:))),
                updated_at = \(now), version = version + 1
            WHERE id = \(id)
            """, logger: logger)
        try await conn.query("DELETE FROM agreement_lots WHERE agreement_id = \(id)", logger: logger)
        try await insertLots(requirements.lots, agreement: id, on: conn, logger: logger)
        guard let after = try await agreement(id: id, lock: false, on: conn, logger: logger) else {
            throw DomainError.notFound("agreement \(id)")
        }
        try await audit.append(
            entry(
                "agreement.updated", id: id.uuid, region: after.regionCode, actor: actor, now: now, requestID: requestID,
                before: Self.snapshot(before), after: Self.snapshot(after)), on: conn, logger: logger)
        return after
    }

    /// Audits a refused edit of frozen requirements (DOMAIN.md §F4) in its own transaction, since the request's
    /// transaction rolls back.
    package func auditRefusedEdit(
        id: ID<Agreement>, attempted: [String: JSONValue], actor: Principal, now: Date, requestID: String?,
        logger: Logger
    ) async throws {
        try await database.transaction(logger: logger) { conn in
            guard let record = try await agreement(id: id, lock: false, on: conn, logger: logger) else { return }
            try await audit.append(
                entry(
                    "agreement.edit_refused", id: id.uuid, region: record.regionCode, actor: actor, now: now,
                    requestID: requestID, before: Self.snapshot(record),
                    after: ["refused": .string("§F4 requirements frozen"), "attempted": .object(attempted)]),
                on: conn, logger: logger)
        }
    }

    private func insertLots(_ lots: [AgreementLot], agreement: ID<Agreement>, on conn: PostgresConnection, logger: Logger)
        async throws
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for lot in lots {
            let specs = String(decoding: try encoder.encode(lot.specs), as: UTF8.self)
            guard !specs.contains("\\u0000") else {
                throw DomainError.validation([
                    .init(field: "lots[].specs", code: "invalid", message: "specs contain a NUL character")
                ])
            }
            let tiers = String(decoding: try encoder.encode(lot.volumeTiers), as: UTF8.self)
            try await conn.query(
                """
                INSERT INTO agreement_lots (agreement_id, lot_no, name, category_code, specs, max_unit_price_fen,
                                            volume_tiers, estimated_quantity)
                VALUES (\(agreement), \(lot.number), \(lot.name), \(lot.categoryCode), \(specs)::jsonb,
                        \(lot.maxUnitPriceFen), \(tiers)::jsonb, \(lot.estimatedQuantity))
                """, logger: logger)
        }
    }

    /// DOMAIN.md §C1: every lot names a known leaf category (`listing.category_not_leaf`, one field per lot).
    private func checkLeaves(_ requirements: AgreementRequirements, on conn: PostgresConnection, logger: Logger)
        async throws
    {
        let codes = requirements.lots.map(\.categoryCode)
        let rows = try await conn.query(
            "SELECT code FROM categories WHERE code = ANY(\(codes)) AND is_leaf LIMIT 1000", logger: logger)
        var leaves = Set<String>()
        for try await code in rows.decode(String.self) { leaves.insert(code) }
        let problems = requirements.lots.enumerated().filter { !leaves.contains($0.element.categoryCode) }.map {
            DomainError.FieldError(
                field: "lots[\($0.offset)].categoryCode", code: "not_leaf",
                message: "\($0.element.categoryCode) is not a leaf category (DOMAIN.md §C1)")
        }
        if !problems.isEmpty {
            throw DomainError(.categoryNotLeaf, "every lot maps to a leaf category (DOMAIN.md §C1)", fields: problems)
        }
    }

    static func nonBlank(_ text: String?) -> String? {
        guard
            let trimmed = text?.replacingOccurrences(of: "\u{0}", with: "").trimmingCharacters(in: .whitespacesAndNewlines),
            !trimmed.isEmpty
        else { return nil }
        return trimmed
    }

    // MARK: - Lifecycle

    /// Takes a lifecycle step (open, close, activate, expire, terminate) after `AgreementLifecycle.apply`;
    /// activation admits the evaluated suppliers as members with their unadjusted bids as agreed prices
    /// (DOMAIN.md §F2) and starts each lot's rotation (§F8). Audited `agreement.<action>`. Activation, expiry
    /// and the termination of an activated agreement record its next OCDS release (§X2,
    /// `OpenDataStore.recordAgreementRelease`), as the transaction's last write.
    package func apply(
        _ action: AgreementAction, id: ID<Agreement>, expectedVersion: Int, reason: String?, actor: Principal,
        now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        guard let before = try await agreement(id: id, lock: true, on: conn, logger: logger) else {
            throw DomainError.notFound("agreement \(id)")
        }
        guard before.version == expectedVersion else {
            throw DomainError(.versionMismatch, "agreement \(id) is at version \(before.version), not \(expectedVersion)")
        }
        let to = try AgreementLifecycle.apply(
            action, to: before.state,
            facts: .init(
                evaluated: before.evaluatedAt != nil, today: LocalDate(now), termEnd: before.requirements.termEnd,
                reason: reason))
        try await conn.query(
            """
            UPDATE agreements SET state = \(to.rawValue), updated_at = \(now), version = version + 1,
                activated_at = CASE WHEN \(to.rawValue) = 'active' THEN \(now) ELSE activated_at END,
                terminated_reason = CASE WHEN \(to.rawValue) = 'terminated' THEN \(Self.nonBlank(reason))
                                         ELSE terminated_reason END
            WHERE id = \(id)
            """, logger: logger)
        if action == .activate {
            let admitted = try await conn.query(
                """
                SELECT r.lot_no, r.supplier_id, p.listing_id, r.unit_price_fen, r.rank
                FROM agreement_results r JOIN agreement_responses p ON p.id = r.response_id
                WHERE r.agreement_id = \(id) AND r.admitted ORDER BY r.lot_no, r.rank LIMIT 100000
                """, logger: logger)
            var rows: [(Int, UUID, UUID, Int64, Int)] = []
            for try await (lot, supplier, listing, price, rank) in admitted.decode((Int, UUID, UUID, Int64, Int).self) {
                rows.append((lot, supplier, listing, price, rank))
            }
            try await conn.query(
                """
                INSERT INTO agreement_members (id, agreement_id, lot_no, supplier_id, listing_id, agreed_price_fen,
                                               admitted_price_fen, status, admitted_via, rotation_position,
                                               admitted_at, updated_at, version)
                SELECT i, \(id), l, s, li, p, p, 'active', 'stage_one', r, \(now), \(now), 1
                FROM unnest(\(rows.map { _ in ids.nextUUID() })::uuid[], \(rows.map(\.0))::int[], \(rows.map(\.1))::uuid[],
                            \(rows.map(\.2))::uuid[], \(rows.map(\.3))::int8[], \(rows.map(\.4))::int[])
                    AS x(i, l, s, li, p, r)
                """, logger: logger)
            try await conn.query(
                """
                INSERT INTO agreement_rotations (agreement_id, lot_no, cycle, awarded, updated_at)
                SELECT agreement_id, lot_no, 1, '{}', \(now) FROM agreement_lots WHERE agreement_id = \(id)
                """, logger: logger)
        }
        guard let after = try await agreement(id: id, lock: false, on: conn, logger: logger) else {
            throw DomainError.notFound("agreement \(id)")
        }
        var snapshot = Self.snapshot(after)
        if let reason = Self.nonBlank(reason) { snapshot["reason"] = .string(reason) }
        try await audit.append(
            entry(
                "agreement.\(action.rawValue)", id: id.uuid, region: after.regionCode, actor: actor, now: now,
                requestID: requestID, before: Self.snapshot(before), after: snapshot), on: conn, logger: logger)
        // DOMAIN.md §X2: activation publishes stage 1, the end of a published agreement is a new release; as the
        // transaction's last write (the feed's lock is held to commit).
        let published: OpenDataStore.AgreementStage? =
            switch action {
            case .activate: .activated
            case .expire: .expired
            case .terminate where before.activatedAt != nil: .terminated
            default: nil
            }
        if let published {
            try await OpenDataStore.recordAgreementRelease(
                agreementID: id, stage: published, now: now, on: conn, logger: logger)
        }
        return after
    }
}
