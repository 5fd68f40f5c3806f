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
    /// (DOMAIN.md §F2) and starts each lot's rotation (§F8). Audited `agreement.<action>`.
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
        return after
    }

    // MARK: - Stage-1 responses (§F2)

    /// A stage-1 response as stored.
    package struct ResponseRecord: Sendable, Equatable {
        package var id: ID<StageOneResponse>
        package var agreementID: ID<Agreement>
        package var lotNo: Int
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var listingID: ID<Listing>
        package var unitPriceFen: Fen
        package var supplierSize: EnterpriseSize?
        package var manufacturerSize: EnterpriseSize?
        package var score: Int?
        package var submittedAt: Date

        /// The response as stage-1 evaluation reads it.
        package var bid: StageOneBid {
            StageOneBid(
                id: id, supplierID: supplierID, lotNumber: lotNo, listingID: listingID, unitPriceFen: unitPriceFen,
                supplierSize: supplierSize, manufacturerSize: manufacturerSize, score: score, submittedAt: submittedAt)
        }
    }

    static let responseColumns = """
        p.id, p.agreement_id, p.lot_no, p.supplier_id, s.name, p.listing_id, p.unit_price_fen, p.supplier_size,
        p.manufacturer_size, p.score, p.submitted_at
        """

    static func decodeResponses(_ rows: PostgresRowSequence) async throws -> [ResponseRecord] {
        var result: [ResponseRecord] = []
        for try await (id, agreement, lot, supplier, name, listing, price, size, manufacturer, score, at) in rows.decode(
            (
                ID<StageOneResponse>, ID<Agreement>, Int, ID<Organisation>, String, ID<Listing>, Fen, String?, String?,
                Int?, Date
            ).self)
        {
            result.append(
                ResponseRecord(
                    id: id, agreementID: agreement, lotNo: lot, supplierID: supplier, supplierName: name,
                    listingID: listing, unitPriceFen: price, supplierSize: size.flatMap(EnterpriseSize.init(rawValue:)),
                    manufacturerSize: manufacturer.flatMap(EnterpriseSize.init(rawValue:)), score: score,
                    submittedAt: at))
        }
        return result
    }

    /// Checks that `listing` is the supplier's approved listing in the lot's category; returns nothing or throws
    /// `request.validation_failed` on `listingId`.
    func checkProduct(
        _ listing: ID<Listing>, supplier: ID<Organisation>, lot: AgreementLot, on conn: PostgresConnection,
        logger: Logger
    ) async throws {
        let rows = try await conn.query(
            """
            SELECT category_code, status FROM listings WHERE id = \(listing) AND supplier_id = \(supplier)
            """, logger: logger)
        guard let (category, status) = try await rows.decode((String, String).self).first(where: { _ in true }) else {
            throw DomainError.validation([.init(field: "listingId", code: "unknown", message: "not a listing of yours")])
        }
        var validator = Validator()
        validator.check(status == "approved", "listingId", "not_approved", "the listing is \(status), not approved")
        validator.check(
            category == lot.categoryCode, "listingId", "wrong_category",
            "the listing is in \(category), lot \(lot.number) buys \(lot.categoryCode)")
        try validator.validate()
    }

    /// A supplier's stage-1 response for a lot while soliciting (DOMAIN.md §F2): its approved listing in the
    /// lot's category, a price at most the lot's max unit price (`agreement.bid_above_max_price`), its declared
    /// size (from its organisation, §G1) and the manufacturer's. A resubmission replaces the earlier response.
    package func submitResponse(
        agreementID: ID<Agreement>, lotNo: Int, listingID: ID<Listing>, unitPrice: Fen,
        manufacturerSize: EnterpriseSize?, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> ResponseRecord {
        guard let record = try await agreement(id: agreementID, lock: false, on: conn, logger: logger),
            record.state != .draft
        else { throw DomainError.notFound("agreement \(agreementID)") }
        guard record.state == .soliciting else {
            throw DomainError(
                .agreementNotSoliciting, "agreement \(record.agreementNo) is \(record.state.rawValue): it takes no responses")
        }
        guard let lot = record.requirements.lot(lotNo) else {
            throw DomainError.validation([.init(field: "lotNo", code: "unknown", message: "no lot \(lotNo)")])
        }
        try StageOne.admit(unitPrice: unitPrice, lot: lot)
        try await checkProduct(listingID, supplier: actor.organisationID, lot: lot, on: conn, logger: logger)
        let id: ID<StageOneResponse> = ids.next()
        try await conn.query(
            """
            INSERT INTO agreement_responses (id, agreement_id, lot_no, supplier_id, listing_id, unit_price_fen,
                                             supplier_size, manufacturer_size, submitted_by, submitted_at)
            VALUES (\(id), \(agreementID), \(lotNo), \(actor.organisationID), \(listingID), \(unitPrice),
                    \(actor.enterpriseSize?.rawValue), \(manufacturerSize?.rawValue), \(actor.userID), \(now))
            ON CONFLICT ON CONSTRAINT agreement_responses_supplier_key DO UPDATE
            SET listing_id = EXCLUDED.listing_id, unit_price_fen = EXCLUDED.unit_price_fen,
                supplier_size = EXCLUDED.supplier_size, manufacturer_size = EXCLUDED.manufacturer_size,
                submitted_by = EXCLUDED.submitted_by, submitted_at = EXCLUDED.submitted_at
            """, logger: logger)
        let response = try await Self.decodeResponses(
            conn.query(
                """
                SELECT \(unescaped: Self.responseColumns) FROM agreement_responses p
                JOIN organisations s ON s.id = p.supplier_id
                WHERE p.agreement_id = \(agreementID) AND p.lot_no = \(lotNo) AND p.supplier_id = \(actor.organisationID)
                """, logger: logger)
        ).first
        guard let response else { throw DomainError.notFound("response") }
        try await audit.append(
            entry(
                "agreement.response_submitted", id: agreementID.uuid, region: record.regionCode, actor: actor, now: now,
                requestID: requestID,
                after: [
                    "responseId": .string(response.id.description), "lotNo": .int(Int64(lotNo)),
                    "listingId": .string(listingID.description), "unitPriceFen": .int(unitPrice.rawValue),
                ]), on: conn, logger: logger)
        return response
    }

    /// The responses of an agreement; `supplier` limits them to one supplier's.
    package func responses(agreementID: ID<Agreement>, supplier: ID<Organisation>?, logger: Logger) async throws
        -> [ResponseRecord]
    {
        try await Self.decodeResponses(
            database.query(
                """
                SELECT \(unescaped: Self.responseColumns) FROM agreement_responses p
                JOIN organisations s ON s.id = p.supplier_id
                WHERE p.agreement_id = \(agreementID)
                  AND (\(supplier?.uuid)::uuid IS NULL OR p.supplier_id = \(supplier?.uuid)::uuid)
                ORDER BY p.lot_no, p.submitted_at, p.id LIMIT 10000
                """, logger: logger))
    }

    // MARK: - Evaluation (§F2, §F3)

    /// Evaluates every lot of an agreement that is `evaluating` (DOMAIN.md §F2, §F3) and stores the ranking:
    /// `scores` (response id → 0…100) are required for quality priority; `admit` (lot → count) optionally
    /// admits fewer than the maximum. Re-evaluating replaces the results until activation. Audited.
    package func evaluate(
        id: ID<Agreement>, expectedVersion: Int, scores: [ID<StageOneResponse>: Int], admit: [Int: Int],
        actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        guard let before = try await agreement(id: id, lock: true, on: conn, logger: logger) else {
            throw DomainError.notFound("agreement \(id)")
        }
        guard before.version == expectedVersion else {
            throw DomainError(.versionMismatch, "agreement \(id) is at version \(before.version), not \(expectedVersion)")
        }
        guard before.state == .evaluating else {
            throw DomainError(
                .agreementInvalidTransition,
                "agreement \(before.agreementNo) is \(before.state.rawValue): only an agreement that is evaluating can "
                    + "be evaluated")
        }
        var validator = Validator()
        for (response, score) in scores {
            validator.check((0...100).contains(score), "scores.\(response)", "out_of_range", "a score from 0 to 100")
        }
        try validator.validate()
        var responses = try await Self.decodeResponses(
            conn.query(
                """
                SELECT \(unescaped: Self.responseColumns) FROM agreement_responses p
                JOIN organisations s ON s.id = p.supplier_id
                WHERE p.agreement_id = \(id) ORDER BY p.lot_no, p.id LIMIT 100000
                """, logger: logger))
        for index in responses.indices {
            if let score = scores[responses[index].id] { responses[index].score = score }
        }
        var ranked: [(Int, StageOne.RankedBid)] = []
        for lot in before.requirements.lots {
            do {
                for entry in try StageOne.evaluate(
                    lot: lot, bids: responses.map(\.bid), subject: before.requirements.subject,
                    kind: before.requirements.kind, method: before.requirements.evaluation,
                    eliminationRate: before.requirements.eliminationRate, settings: settings, admit: admit[lot.number])
                {
                    ranked.append((lot.number, entry))
                }
            } catch {
                var error = error
                error.message = "lot \(lot.number): " + error.message
                throw error
            }
        }
        for (response, score) in scores {
            try await conn.query(
                "UPDATE agreement_responses SET score = \(score) WHERE id = \(response) AND agreement_id = \(id)",
                logger: logger)
        }
        try await conn.query("DELETE FROM agreement_results WHERE agreement_id = \(id)", logger: logger)
        try await conn.query(
            """
            INSERT INTO agreement_results (agreement_id, lot_no, rank, response_id, supplier_id, unit_price_fen,
                                           evaluated_fen, deduction_applied, score, admitted)
            SELECT \(id), l, r, p, s, u, e, d, nullif(sc, -1), a
            FROM unnest(\(ranked.map(\.0))::int[], \(ranked.map(\.1.rank))::int[],
                        \(ranked.map(\.1.bid.id.uuid))::uuid[], \(ranked.map(\.1.bid.supplierID.uuid))::uuid[],
                        \(ranked.map(\.1.bid.unitPriceFen.rawValue))::int8[],
                        \(ranked.map(\.1.evaluatedFen.rawValue))::int8[], \(ranked.map(\.1.deductionApplied))::bool[],
                        \(ranked.map { $0.1.bid.score ?? -1 })::int[], \(ranked.map(\.1.admitted))::bool[])
                AS x(l, r, p, s, u, e, d, sc, a)
            """, logger: logger)
        try await conn.query(
            "UPDATE agreements SET evaluated_at = \(now), updated_at = \(now), version = version + 1 WHERE id = \(id)",
            logger: logger)
        guard let after = try await agreement(id: id, lock: false, on: conn, logger: logger) else {
            throw DomainError.notFound("agreement \(id)")
        }
        try await audit.append(
            entry(
                "agreement.evaluated", id: id.uuid, region: after.regionCode, actor: actor, now: now,
                requestID: requestID, before: Self.snapshot(before),
                after: Self.snapshot(after).merging([
                    "admitted": .array(
                        ranked.filter(\.1.admitted).map {
                            .object([
                                "lotNo": .int(Int64($0.0)), "supplierId": .string($0.1.bid.supplierID.description),
                                "agreedPriceFen": .int($0.1.bid.unitPriceFen.rawValue),
                            ])
                        })
                ]) { $1 }), on: conn, logger: logger)
        return after
    }

    /// One row of a lot's published ranking.
    package struct ResultRecord: Sendable, Equatable {
        package var lotNo: Int
        package var rank: Int
        package var responseID: ID<StageOneResponse>
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var unitPriceFen: Fen
        package var evaluatedFen: Fen
        package var deductionApplied: Bool
        package var score: Int?
        package var admitted: Bool
    }

    /// The evaluated ranking of every lot, by lot and rank.
    package func results(agreementID: ID<Agreement>, logger: Logger) async throws -> [ResultRecord] {
        let rows = try await database.query(
            """
            SELECT r.lot_no, r.rank, r.response_id, r.supplier_id, s.name, r.unit_price_fen, r.evaluated_fen,
                   r.deduction_applied, r.score, r.admitted
            FROM agreement_results r JOIN organisations s ON s.id = r.supplier_id
            WHERE r.agreement_id = \(agreementID) ORDER BY r.lot_no, r.rank LIMIT 100000
            """, logger: logger)
        var result: [ResultRecord] = []
        for try await (lot, rank, response, supplier, name, price, evaluated, deduction, score, admitted) in rows.decode(
            (Int, Int, ID<StageOneResponse>, ID<Organisation>, String, Fen, Fen, Bool, Int?, Bool).self)
        {
            result.append(
                ResultRecord(
                    lotNo: lot, rank: rank, responseID: response, supplierID: supplier, supplierName: name,
                    unitPriceFen: price, evaluatedFen: evaluated, deductionApplied: deduction, score: score,
                    admitted: admitted))
        }
        return result
    }
}
