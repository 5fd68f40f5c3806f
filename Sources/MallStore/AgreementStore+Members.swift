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
    /// `agreement_price_changes` and audited; the agreement's next OCDS release is recorded (DOMAIN.md §X2).
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
        try await OpenDataStore.recordAgreementRelease(
            agreementID: agreementID, stage: .priceLowered, now: now, on: conn, logger: logger)
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
    /// and receives no more orders. Leaving and removal record the agreement's next OCDS release (§X2).
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
        // DOMAIN.md §X2: a supplier leaving or removed changes the published agreement (a withdrawal request, or
        // its refusal, does not: the supplier stays admitted meanwhile).
        if before.status.receivesOrders && !status.receivesOrders {
            try await OpenDataStore.recordAgreementRelease(
                agreementID: agreement.id, stage: status == .removed ? .removed : .left, now: now, on: conn,
                logger: logger)
        }
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
                "replacementId": .string(id.lowercasedString), "newListingId": .string(listingID.description),
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
    /// replacement; an approval that lowers the price records the agreement's next OCDS release (§X2).
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
            before: before, after: after, extra: ["replacementId": .string(replacementID.lowercasedString)],
            actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
        // DOMAIN.md §X2: a replacement at a lower price lowers the published agreed price (the product itself is
        // not published).
        if approve && request.newPriceFen < before.agreedPriceFen {
            try await OpenDataStore.recordAgreementRelease(
                agreementID: agreementID, stage: .priceLowered, now: now, on: conn, logger: logger)
        }
        return try await replacement(id: replacementID, on: conn, logger: logger)
    }
}
