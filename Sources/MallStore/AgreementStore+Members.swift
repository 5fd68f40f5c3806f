import Foundation
import Logging
import MallCore
import PostgresNIO

extension AgreementStore {
    // MARK: - Members

    /// Locks a member of `agreementID` that `actor` may act on (its supplier, or any operator); 404 otherwise.
    private func memberForAction(
        _ memberID: ID<AgreementMember>, agreementID: ID<Agreement>, actor: Principal, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> (Record, MemberRecord) {
        guard let agreement = try await agreement(id: agreementID, lock: false, on: conn, logger: logger),
            let member = try await lockMember(id: memberID, on: conn, logger: logger),
            member.agreementID == agreementID,
            actor.organisationKind == .operator || member.supplierID == actor.organisationID
        else { throw DomainError.notFound("member \(memberID)") }
        return (agreement, member)
    }

    private func checkVersion(_ member: MemberRecord, _ expected: Int?) throws(DomainError) {
        if let expected, member.version != expected {
            throw DomainError(.versionMismatch, "member \(member.id) is at version \(member.version), not \(expected)")
        }
    }

    private func memberAfter(_ id: ID<AgreementMember>, on conn: PostgresConnection, logger: Logger) async throws
        -> MemberRecord
    {
        guard let member = try await lockMember(id: id, on: conn, logger: logger) else {
            throw DomainError.notFound("member \(id)")
        }
        return member
    }

    private func auditMember(
        _ action: String, _ agreement: Record, before: MemberRecord?, after: MemberRecord, extra: [String: JSONValue] = [:],
        actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws {
        try await audit.append(
            entry(
                action, entity: "agreement_member", id: after.id.uuid, region: agreement.regionCode, actor: actor,
                now: now, requestID: requestID, before: before.map(Self.snapshot),
                after: Self.snapshot(after).merging(extra.merging(["agreementId": .string(agreement.id.description)]) {
                    $1
                }) { $1 }), on: conn, logger: logger)
    }

    /// A supplier lowers its agreed price during the term (DOMAIN.md §P4): never raised
    /// (`agreement.price_increase_refused`); the new price caps every new order at once. Recorded in
    /// `agreement_price_changes` and audited.
    package func lowerPrice(
        agreementID: ID<Agreement>, memberID: ID<AgreementMember>, to price: Fen, reason: String?, expectedVersion: Int?,
        actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> MemberRecord {
        let (agreement, before) = try await memberForAction(
            memberID, agreementID: agreementID, actor: actor, on: conn, logger: logger)
        guard before.supplierID == actor.organisationID else { throw DomainError.notFound("member \(memberID)") }
        try checkVersion(before, expectedVersion)
        guard agreement.state == .active, before.status.receivesOrders else {
            throw DomainError(.agreementNotActive, "only an active member of an active agreement changes its price")
        }
        let new = try Membership.lowerPrice(from: before.agreedPriceFen, to: price)
        try await conn.query(
            """
            UPDATE agreement_members SET agreed_price_fen = \(new), updated_at = \(now), version = version + 1
            WHERE id = \(memberID)
            """, logger: logger)
        try await conn.query(
            """
            INSERT INTO agreement_price_changes (id, member_id, old_price_fen, new_price_fen, reason, changed_by,
                                                 changed_at)
            VALUES (\(ids.nextUUID()), \(memberID), \(before.agreedPriceFen), \(new), \(Self.nonBlank(reason) ?? ""), \(actor.userID),
                    \(now))
            """, logger: logger)
        let after = try await memberAfter(memberID, on: conn, logger: logger)
        try await auditMember(
            "agreement_member.price_lowered", agreement, before: before, after: after, actor: actor, now: now,
            requestID: requestID, on: conn, logger: logger)
        return after
    }

    /// A supplier withdraws (DOMAIN.md §F10): closed agreements record the reason and wait for an operator
    /// (`withdrawal_requested`), open ones let it leave at once (`withdrawn`).
    package func withdraw(
        agreementID: ID<Agreement>, memberID: ID<AgreementMember>, reason: String?, expectedVersion: Int?,
        actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> MemberRecord {
        let (agreement, before) = try await memberForAction(
            memberID, agreementID: agreementID, actor: actor, on: conn, logger: logger)
        guard before.supplierID == actor.organisationID else { throw DomainError.notFound("member \(memberID)") }
        try checkVersion(before, expectedVersion)
        guard agreement.state == .active else {
            throw DomainError(.agreementNotActive, "the agreement is \(agreement.state.rawValue)")
        }
        let status = try Membership.withdraw(kind: agreement.requirements.kind, status: before.status, reason: reason)
        return try await setStatus(
            status, reason: Self.nonBlank(reason), cause: nil, action: "agreement_member.withdrawal_\(status == .withdrawn ? "left" : "requested")",
            agreement: agreement, before: before, actor: actor, now: now, requestID: requestID, on: conn,
            logger: logger)
    }

    /// An operator accepts or declines a closed agreement's withdrawal request (DOMAIN.md §F10).
    package func decideWithdrawal(
        agreementID: ID<Agreement>, memberID: ID<AgreementMember>, accept: Bool, reason: String?,
        expectedVersion: Int?, actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> MemberRecord {
        let (agreement, before) = try await memberForAction(
            memberID, agreementID: agreementID, actor: actor, on: conn, logger: logger)
        try checkVersion(before, expectedVersion)
        let status = try Membership.decideWithdrawal(status: before.status, accept: accept)
        return try await setStatus(
            status, reason: Self.nonBlank(reason) ?? before.statusReason, cause: nil,
            action: accept ? "agreement_member.withdrawal_accepted" : "agreement_member.withdrawal_declined",
            agreement: agreement, before: before, actor: actor, now: now, requestID: requestID, on: conn,
            logger: logger)
    }

    /// An operator removes a supplier for cause with a reason (DOMAIN.md §F10): it drops out of the rotation
    /// and receives no more orders.
    package func remove(
        agreementID: ID<Agreement>, memberID: ID<AgreementMember>, cause: RemovalCause, reason: String?,
        expectedVersion: Int?, actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> MemberRecord {
        let (agreement, before) = try await memberForAction(
            memberID, agreementID: agreementID, actor: actor, on: conn, logger: logger)
        try checkVersion(before, expectedVersion)
        let status = try Membership.remove(status: before.status, cause: cause, reason: reason)
        return try await setStatus(
            status, reason: Self.nonBlank(reason), cause: cause, action: "agreement_member.removed",
            agreement: agreement, before: before, actor: actor, now: now, requestID: requestID, on: conn,
            logger: logger)
    }

    private func setStatus(
        _ status: MemberStatus, reason: String?, cause: RemovalCause?, action: String, agreement: Record,
        before: MemberRecord, actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> MemberRecord {
        try await conn.query(
            """
            UPDATE agreement_members SET status = \(status.rawValue), status_reason = \(reason),
                removal_cause = \(cause?.rawValue), updated_at = \(now), version = version + 1
            WHERE id = \(before.id)
            """, logger: logger)
        let after = try await memberAfter(before.id, on: conn, logger: logger)
        try await auditMember(
            action, agreement, before: before, after: after, actor: actor, now: now, requestID: requestID, on: conn,
            logger: logger)
        return after
    }

    // MARK: - Replacements (§F11)

    /// A product replacement request as stored.
    package struct ReplacementRecord: Sendable, Equatable {
        package var id: UUID
        package var memberID: ID<AgreementMember>
        package var agreementID: ID<Agreement>
        package var supplierID: ID<Organisation>
        package var oldListingID: ID<Listing>
        package var newListingID: ID<Listing>
        package var oldPriceFen: Fen
        package var newPriceFen: Fen
        package var reason: String
        package var status: String
        package var requestedAt: Date
        package var decidedAt: Date?
        package var decisionReason: String?
    }

    static let replacementColumns = """
        r.id, r.member_id, r.agreement_id, m.supplier_id, r.old_listing_id, r.new_listing_id, r.old_price_fen,
        r.new_price_fen, r.reason, r.status, r.requested_at, r.decided_at, r.decision_reason
        """

    static func decodeReplacements(_ rows: PostgresRowSequence) async throws -> [ReplacementRecord] {
        var result: [ReplacementRecord] = []
        for try await (id, member, agreement, supplier, old, new, oldPrice, newPrice, reason, status, at, decided, why)
            in rows.decode(
                (
                    UUID, ID<AgreementMember>, ID<Agreement>, ID<Organisation>, ID<Listing>, ID<Listing>, Fen, Fen,
                    String, String, Date, Date?, String?
                ).self)
        {
            result.append(
                ReplacementRecord(
                    id: id, memberID: member, agreementID: agreement, supplierID: supplier, oldListingID: old,
                    newListingID: new, oldPriceFen: oldPrice, newPriceFen: newPrice, reason: reason, status: status,
                    requestedAt: at, decidedAt: decided, decisionReason: why))
        }
        return result
    }

    /// A supplier asks to replace its admitted product (DOMAIN.md §F11): its approved listing in the lot's
    /// category at a price ≤ the current agreed price (`agreement.replacement_price_above`); pending until an
    /// operator decides.
    package func requestReplacement(
        agreementID: ID<Agreement>, memberID: ID<AgreementMember>, listingID: ID<Listing>, price: Fen, reason: String,
        actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> ReplacementRecord {
        let (agreement, member) = try await memberForAction(
            memberID, agreementID: agreementID, actor: actor, on: conn, logger: logger)
        guard member.supplierID == actor.organisationID else { throw DomainError.notFound("member \(memberID)") }
        guard agreement.state == .active, member.status.receivesOrders else {
            throw DomainError(.agreementNotActive, "only an active member of an active agreement replaces products")
        }
        var validator = Validator()
        validator.text(reason, "reason", maxLength: 2_000)
        validator.check(listingID != member.listingID, "listingId", "unchanged", "a different listing")
        try validator.validate()
        try Membership.checkReplacement(oldPrice: member.agreedPriceFen, newPrice: price)
        guard let lot = agreement.requirements.lot(member.lotNo) else { throw DomainError.notFound("lot") }
        try await checkProduct(listingID, supplier: actor.organisationID, lot: lot, on: conn, logger: logger)
        let id = ids.nextUUID()
        try await conn.query(
            """
            INSERT INTO agreement_replacements (id, member_id, agreement_id, old_listing_id, new_listing_id,
                                                old_price_fen, new_price_fen, reason, status, requested_by,
                                                requested_at)
            VALUES (\(id), \(memberID), \(agreementID), \(member.listingID), \(listingID), \(member.agreedPriceFen),
                    \(price), \(reason.trimmingCharacters(in: .whitespacesAndNewlines)), 'pending', \(actor.userID),
                    \(now))
            """, logger: logger)
        let record = try await replacement(id: id, on: conn, logger: logger)
        try await auditMember(
            "agreement_member.replacement_requested", agreement, before: nil, after: member,
            extra: [
                "replacementId": .string(id.uuidString.lowercased()), "newListingId": .string(listingID.description),
                "newPriceFen": .int(price.rawValue),
            ], actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
        return record
    }

    func replacement(id: UUID, on conn: PostgresConnection, logger: Logger) async throws -> ReplacementRecord {
        guard
            let record = try await Self.decodeReplacements(
                conn.query(
                    """
                    SELECT \(unescaped: Self.replacementColumns) FROM agreement_replacements r
                    JOIN agreement_members m ON m.id = r.member_id WHERE r.id = \(id)
                    """, logger: logger)
            ).first
        else { throw DomainError.notFound("replacement \(id)") }
        return record
    }

    /// The replacement requests of an agreement, newest first; `supplier` limits them to one supplier's.
    package func replacements(agreementID: ID<Agreement>, supplier: ID<Organisation>?, logger: Logger) async throws
        -> [ReplacementRecord]
    {
        try await Self.decodeReplacements(
            database.query(
                """
                SELECT \(unescaped: Self.replacementColumns) FROM agreement_replacements r
                JOIN agreement_members m ON m.id = r.member_id
                WHERE r.agreement_id = \(agreementID)
                  AND (\(supplier?.uuid)::uuid IS NULL OR m.supplier_id = \(supplier?.uuid)::uuid)
                ORDER BY r.requested_at DESC, r.id DESC LIMIT 1000
                """, logger: logger))
    }

    /// An operator approves (the member's product and agreed price change, DOMAIN.md §F11) or refuses a pending
    /// replacement.
    package func decideReplacement(
        agreementID: ID<Agreement>, replacementID: UUID, approve: Bool, reason: String?, actor: Principal, now: Date,
        requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> ReplacementRecord {
        let rows = try await conn.query(
            """
            SELECT status FROM agreement_replacements WHERE id = \(replacementID) AND agreement_id = \(agreementID)
            FOR UPDATE
            """, logger: logger)
        guard let status = try await rows.decode(String.self).first(where: { _ in true }) else {
            throw DomainError.notFound("replacement \(replacementID)")
        }
        guard status == "pending" else {
            throw DomainError(.agreementAlreadyDecided, "the replacement was already \(status)")
        }
        let request = try await replacement(id: replacementID, on: conn, logger: logger)
        let (agreement, before) = try await memberForAction(
            request.memberID, agreementID: agreementID, actor: actor, on: conn, logger: logger)
        if approve {
            // The price may have been lowered since the request: the replacement never raises it (§F11, §P4).
            try Membership.checkReplacement(oldPrice: before.agreedPriceFen, newPrice: request.newPriceFen)
            guard agreement.state == .active, before.status.receivesOrders else {
                throw DomainError(.agreementNotActive, "the member is \(before.status.rawValue)")
            }
            try await conn.query(
                """
                UPDATE agreement_members SET listing_id = \(request.newListingID),
                    agreed_price_fen = \(request.newPriceFen), updated_at = \(now), version = version + 1
                WHERE id = \(before.id)
                """, logger: logger)
            if request.newPriceFen < before.agreedPriceFen {
                try await conn.query(
                    """
                    INSERT INTO agreement_price_changes (id, member_id, old_price_fen, new_price_fen, reason,
                                                         changed_by, changed_at)
                    VALUES (\(ids.nextUUID()), \(before.id), \(before.agreedPriceFen), \(request.newPriceFen),
                            'replacement', \(actor.userID), \(now))
                    """, logger: logger)
            }
        }
        try await conn.query(
            """
            UPDATE agreement_replacements SET status = \(approve ? "approved" : "refused"), decided_by = \(actor.userID),
                decided_at = \(now), decision_reason = \(Self.nonBlank(reason))
            WHERE id = \(replacementID)
            """, logger: logger)
        let after = try await memberAfter(before.id, on: conn, logger: logger)
        try await auditMember(
            approve ? "agreement_member.replacement_approved" : "agreement_member.replacement_refused", agreement,
            before: before, after: after, extra: ["replacementId": .string(replacementID.uuidString.lowercased())],
            actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
        return try await replacement(id: replacementID, on: conn, logger: logger)
    }

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
                after: ["callId": .string(id.uuidString.lowercased()), "lotNo": .int(Int64(lotNo))]),
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
                requestID: requestID, after: ["callId": .string(callID.uuidString.lowercased())]),
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
                    "applicationId": .string(id.uuidString.lowercased()), "lotNo": .int(Int64(lotNo)),
                    "unitPriceFen": .int(price.rawValue),
                ]), on: conn, logger: logger)
        return try await application(id: id, agreementID: agreementID, on: conn, logger: logger)
    }

    /// An operator accepts (the supplier becomes an active member at the end of the rotation list, DOMAIN.md §F8,
    /// §F10) or refuses a pending application.
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
                    "applicationId": .string(applicationID.uuidString.lowercased()),
                    "supplierId": .string(application.supplierID.description), "lotNo": .int(Int64(application.lotNo)),
                ]), on: conn, logger: logger)
        return try await self.application(id: applicationID, agreementID: agreementID, on: conn, logger: logger)
    }
}
