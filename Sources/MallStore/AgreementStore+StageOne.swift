import Foundation
import Logging
import MallCore
import PostgresNIO

extension AgreementStore {
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
