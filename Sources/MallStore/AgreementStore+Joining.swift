import Foundation
import Logging
import MallCore
import PostgresNIO

extension AgreementStore {
    // MARK: - Supplementary calls and applications (§F10)

    /// A supplementary call as stored.
    package struct CallRecord: Sendable, Equatable {
        package var id: UUID
        package var agreementID: ID<Agreement>
        package var lotNo: Int
        package var state: String
        package var description: String
        package var openedAt: Date
        package var closedAt: Date?
    }

    func call(id: UUID, agreementID: ID<Agreement>, lock: Bool, on conn: PostgresConnection, logger: Logger)
        async throws -> CallRecord?
    {
        let rows = try await conn.query(
            """
            SELECT id, agreement_id, lot_no, state, description, opened_at, closed_at FROM agreement_calls
            WHERE id = \(id) AND agreement_id = \(agreementID) \(unescaped: lock ? "FOR UPDATE" : "")
            """, logger: logger)
        for try await (id, agreement, lot, state, description, opened, closed) in rows.decode(
            (UUID, ID<Agreement>, Int, String, String, Date, Date?).self)
        {
            return CallRecord(
                id: id, agreementID: agreement, lotNo: lot, state: state, description: description, openedAt: opened,
                closedAt: closed)
        }
        return nil
    }

    /// The supplementary calls of an agreement, newest first.
    package func calls(agreementID: ID<Agreement>, logger: Logger) async throws -> [CallRecord] {
        let rows = try await database.query(
            """
            SELECT id, agreement_id, lot_no, state, description, opened_at, closed_at FROM agreement_calls
            WHERE agreement_id = \(agreementID) ORDER BY opened_at DESC, id DESC LIMIT 1000
            """, logger: logger)
        var result: [CallRecord] = []
        for try await (id, agreement, lot, state, description, opened, closed) in rows.decode(
            (UUID, ID<Agreement>, Int, String, String, Date, Date?).self)
        {
            result.append(
                CallRecord(
                    id: id, agreementID: agreement, lotNo: lot, state: state, description: description,
                    openedAt: opened, closedAt: closed))
        }
        return result
    }

    /// An operator opens a supplementary call on a lot of an active closed agreement (DOMAIN.md §F10), the
    /// only way a closed agreement takes new suppliers.
    package func openCall(
        agreementID: ID<Agreement>, lotNo: Int, description: String, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> CallRecord {
        guard let agreement = try await agreement(id: agreementID, lock: false, on: conn, logger: logger) else {
            throw DomainError.notFound("agreement \(agreementID)")
        }
        guard agreement.state == .active else {
            throw DomainError(.agreementNotActive, "the agreement is \(agreement.state.rawValue)")
        }
        guard agreement.requirements.kind == .closed else {
            throw DomainError(
                .agreementMembershipRefused,
                "an open agreement takes applications at any time: it has no supplementary calls (DOMAIN.md §F10)")
        }
        var validator = Validator()
        validator.check(agreement.requirements.lot(lotNo) != nil, "lotNo", "unknown", "no lot \(lotNo)")
        validator.text(description, "description", maxLength: 2_000)
        try validator.validate()
        let id = ids.nextUUID()
        try await conn.query(
            """
            INSERT INTO agreement_calls (id, agreement_id, lot_no, state, description, opened_by, opened_at)
            VALUES (\(id), \(agreementID), \(lotNo), 'open', \(description), \(actor.userID), \(now))
            """, logger: logger)
        try await audit.append(
            entry(
                "agreement.call_opened", id: agreementID.uuid, region: agreement.regionCode, actor: actor, now: now,
                requestID: requestID,
                after: ["callId": .string(id.lowercasedString), "lotNo": .int(Int64(lotNo))]),
            on: conn, logger: logger)
        guard let record = try await call(id: id, agreementID: agreementID, lock: false, on: conn, logger: logger)
        else { throw DomainError.notFound("call \(id)") }
        return record
    }

    /// Closes a supplementary call: no more applications through it (pending ones may still be decided).
    package func closeCall(
        agreementID: ID<Agreement>, callID: UUID, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> CallRecord {
        guard let agreement = try await agreement(id: agreementID, lock: false, on: conn, logger: logger),
            let before = try await call(id: callID, agreementID: agreementID, lock: true, on: conn, logger: logger)
        else { throw DomainError.notFound("call \(callID)") }
        guard before.state == "open" else { throw DomainError(.agreementAlreadyDecided, "the call is already closed") }
        try await conn.query(
            "UPDATE agreement_calls SET state = 'closed', closed_at = \(now) WHERE id = \(callID)", logger: logger)
        try await audit.append(
            entry(
                "agreement.call_closed", id: agreementID.uuid, region: agreement.regionCode, actor: actor, now: now,
                requestID: requestID, after: ["callId": .string(callID.lowercasedString)]),
            on: conn, logger: logger)
        guard let record = try await call(id: callID, agreementID: agreementID, lock: false, on: conn, logger: logger)
        else { throw DomainError.notFound("call \(callID)") }
        return record
    }

    /// An application to join as stored.
    package struct ApplicationRecord: Sendable, Equatable {
        package var id: UUID
        package var agreementID: ID<Agreement>
        package var lotNo: Int
        package var callID: UUID?
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var listingID: ID<Listing>
        package var unitPriceFen: Fen
        package var status: String
        package var submittedAt: Date
        package var decidedAt: Date?
        package var decisionReason: String?
    }

    static let applicationColumns = """
        p.id, p.agreement_id, p.lot_no, p.call_id, p.supplier_id, s.name, p.listing_id, p.unit_price_fen, p.status,
        p.submitted_at, p.decided_at, p.decision_reason
        """

    static func decodeApplications(_ rows: PostgresRowSequence) async throws -> [ApplicationRecord] {
        var result: [ApplicationRecord] = []
        for try await (id, agreement, lot, call, supplier, name, listing, price, status, at, decided, reason)
            in rows.decode(
                (
                    UUID, ID<Agreement>, Int, UUID?, ID<Organisation>, String, ID<Listing>, Fen, String, Date, Date?,
                    String?
                ).self)
        {
            result.append(
                ApplicationRecord(
                    id: id, agreementID: agreement, lotNo: lot, callID: call, supplierID: supplier, supplierName: name,
                    listingID: listing, unitPriceFen: price, status: status, submittedAt: at, decidedAt: decided,
                    decisionReason: reason))
        }
        return result
    }

    func application(id: UUID, agreementID: ID<Agreement>, on conn: PostgresConnection, logger: Logger) async throws
        -> ApplicationRecord
    {
        guard
            let record = try await Self.decodeApplications(
                conn.query(
                    """
                    SELECT \(unescaped: Self.applicationColumns) FROM agreement_applications p
                    JOIN organisations s ON s.id = p.supplier_id
                    WHERE p.id = \(id) AND p.agreement_id = \(agreementID)
                    """, logger: logger)
            ).first
        else { throw DomainError.notFound("application \(id)") }
        return record
    }

    /// The applications of an agreement, newest first; `supplier` limits them to one supplier's.
    package func applications(agreementID: ID<Agreement>, supplier: ID<Organisation>?, logger: Logger) async throws
        -> [ApplicationRecord]
    {
        try await Self.decodeApplications(
            database.query(
                """
                SELECT \(unescaped: Self.applicationColumns) FROM agreement_applications p
                JOIN organisations s ON s.id = p.supplier_id
                WHERE p.agreement_id = \(agreementID)
                  AND (\(supplier?.uuid)::uuid IS NULL OR p.supplier_id = \(supplier?.uuid)::uuid)
                ORDER BY p.submitted_at DESC, p.id DESC LIMIT 1000
                """, logger: logger))
    }

    /// A supplier applies to join a lot during the term (DOMAIN.md §F10): open agreements at any time, closed
    /// ones only through an open supplementary call of that lot. The price obeys the lot's max (§F2); a
    /// supplier already active on the lot cannot apply again.
    package func submitApplication(
        agreementID: ID<Agreement>, lotNo: Int, callID: UUID?, listingID: ID<Listing>, price: Fen, actor: Principal,
        now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> ApplicationRecord {
        guard let agreement = try await agreement(id: agreementID, lock: false, on: conn, logger: logger),
            agreement.state != .draft
        else { throw DomainError.notFound("agreement \(agreementID)") }
        var callOpen: Bool?
        if let callID {
            guard let call = try await call(id: callID, agreementID: agreementID, lock: false, on: conn, logger: logger)
            else {
                throw DomainError.validation([
                    .init(field: "callId", code: "unknown", message: "no supplementary call \(callID) on this agreement")
                ])
            }
            callOpen = call.state == "open" && call.lotNo == lotNo
        }
        try Membership.checkApplication(kind: agreement.requirements.kind, state: agreement.state, callOpen: callOpen)
        guard let lot = agreement.requirements.lot(lotNo) else {
            throw DomainError.validation([.init(field: "lotNo", code: "unknown", message: "no lot \(lotNo)")])
        }
        try StageOne.admit(unitPrice: price, lot: lot)
        try await checkProduct(listingID, supplier: actor.organisationID, lot: lot, on: conn, logger: logger)
        let existing = try await members(agreementID: agreementID, lot: lotNo, on: conn, logger: logger)
        if existing.contains(where: { $0.supplierID == actor.organisationID && $0.status.receivesOrders }) {
            throw DomainError(.agreementMembershipRefused, "you are already admitted on lot \(lotNo)")
        }
        let id = ids.nextUUID()
        try await conn.query(
            """
            INSERT INTO agreement_applications (id, agreement_id, lot_no, call_id, supplier_id, listing_id,
                                                unit_price_fen, status, submitted_by, submitted_at)
            VALUES (\(id), \(agreementID), \(lotNo), \(callID), \(actor.organisationID), \(listingID), \(price),
                    'pending', \(actor.userID), \(now))
            """, logger: logger)
        try await audit.append(
            entry(
                "agreement.application_submitted", id: agreementID.uuid, region: agreement.regionCode, actor: actor,
                now: now, requestID: requestID,
                after: [
                    "applicationId": .string(id.lowercasedString), "lotNo": .int(Int64(lotNo)),
                    "unitPriceFen": .int(price.rawValue),
                ]), on: conn, logger: logger)
        return try await application(id: id, agreementID: agreementID, on: conn, logger: logger)
    }

    /// An operator accepts (the supplier becomes an active member at the end of the rotation list, DOMAIN.md §F8,
    /// §F10, and the agreement's next OCDS release is recorded, §X2) or refuses a pending application.
    package func decideApplication(
        agreementID: ID<Agreement>, applicationID: UUID, accept: Bool, reason: String?, actor: Principal, now: Date,
        requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> ApplicationRecord {
        guard let agreement = try await agreement(id: agreementID, lock: true, on: conn, logger: logger) else {
            throw DomainError.notFound("agreement \(agreementID)")
        }
        let rows = try await conn.query(
            """
            SELECT status FROM agreement_applications WHERE id = \(applicationID) AND agreement_id = \(agreementID)
            FOR UPDATE
            """, logger: logger)
        guard let status = try await rows.decode(String.self).first(where: { _ in true }) else {
            throw DomainError.notFound("application \(applicationID)")
        }
        guard status == "pending" else {
            throw DomainError(.agreementAlreadyDecided, "the application was already \(status)")
        }
        let application = try await application(id: applicationID, agreementID: agreementID, on: conn, logger: logger)
        if accept {
            guard agreement.state == .active else {
                throw DomainError(.agreementNotActive, "the agreement is \(agreement.state.rawValue)")
            }
            let via = application.callID == nil ? "application" : "supplementary_call"
            // A supplier that left may come back; a member still admitted, or one removed for cause, may not.
            let admitted = try await conn.query(
                """
                INSERT INTO agreement_members (id, agreement_id, lot_no, supplier_id, listing_id, agreed_price_fen,
                                               admitted_price_fen, status, admitted_via, rotation_position,
                                               admitted_at, updated_at, version)
                SELECT \(ids.nextUUID()), \(agreementID), \(application.lotNo), \(application.supplierID),
                       \(application.listingID), \(application.unitPriceFen), \(application.unitPriceFen), 'active',
                       \(via), coalesce((SELECT max(rotation_position) FROM agreement_members
                                         WHERE agreement_id = \(agreementID) AND lot_no = \(application.lotNo)), 0) + 1,
                       \(now), \(now), 1
                ON CONFLICT ON CONSTRAINT agreement_members_supplier_key DO UPDATE
                SET listing_id = EXCLUDED.listing_id, agreed_price_fen = EXCLUDED.agreed_price_fen,
                    admitted_price_fen = EXCLUDED.admitted_price_fen, status = 'active',
                    admitted_via = EXCLUDED.admitted_via, rotation_position = EXCLUDED.rotation_position,
                    status_reason = NULL, removal_cause = NULL, updated_at = EXCLUDED.updated_at,
                    version = agreement_members.version + 1
                WHERE agreement_members.status = 'withdrawn'
                RETURNING id
                """, logger: logger)
            guard try await admitted.decode(UUID.self).first(where: { _ in true }) != nil else {
                throw DomainError(
                    .agreementMembershipRefused,
                    "supplier \(application.supplierID) is already admitted on lot \(application.lotNo), or was removed "
                        + "for cause (DOMAIN.md §F10)")
            }
        }
        try await conn.query(
            """
            UPDATE agreement_applications SET status = \(accept ? "accepted" : "refused"), decided_by = \(actor.userID),
                decided_at = \(now), decision_reason = \(Self.nonBlank(reason))
            WHERE id = \(applicationID)
            """, logger: logger)
        try await audit.append(
            entry(
                accept ? "agreement.application_accepted" : "agreement.application_refused", id: agreementID.uuid,
                region: agreement.regionCode, actor: actor, now: now, requestID: requestID,
                after: [
                    "applicationId": .string(applicationID.lowercasedString),
                    "supplierId": .string(application.supplierID.description), "lotNo": .int(Int64(application.lotNo)),
                ]), on: conn, logger: logger)
        if accept {
            // DOMAIN.md §X2: the new member is in the agreement's next OCDS release, as the last write.
            try await OpenDataStore.recordAgreementRelease(
                agreementID: agreementID, stage: .joined, now: now, on: conn, logger: logger)
        }
        return try await self.application(id: applicationID, agreementID: agreementID, on: conn, logger: logger)
    }
}
