import Foundation
import Logging
import MallCore
import PostgresNIO

extension AgreementStore {
    /// `POST /api/v1/agreements/{id}/orders` as the store sees it.
    package struct StageTwoRequest: Sendable {
        package var lotNo: Int
        package var quantity: Int64
        package var budgetLineID: ID<BudgetLine>
        /// The total the client expects (direct selection); a different total answers 409 with the new quote.
        package var expectedTotal: Fen?
        /// The method the unit asks for, if any: it must be the one the agreement fixes (DOMAIN.md §F9).
        package var requestedMethod: StageTwoMethod?
        /// Direct selection: the chosen supplier and why (DOMAIN.md §F6).
        package var selection: DirectSelection?
        /// Rotation: suppliers passed over, each with a reason (DOMAIN.md §F8).
        package var skips: [RotationSkip]
        package var clockStart: PaymentTerms.ClockStart

        package init(
            lotNo: Int, quantity: Int64, budgetLineID: ID<BudgetLine>, expectedTotal: Fen? = nil,
            requestedMethod: StageTwoMethod? = nil, selection: DirectSelection? = nil, skips: [RotationSkip] = [],
            clockStart: PaymentTerms.ClockStart = .delivery
        ) {
            self.lotNo = lotNo
            self.quantity = quantity
            self.budgetLineID = budgetLineID
            self.expectedTotal = expectedTotal
            self.requestedMethod = requestedMethod
            self.selection = selection
            self.skips = skips
            self.clockStart = clockStart
        }
    }

    /// What a stage-2 order created: the order (through the order pipeline), the method and the allocation.
    package struct StageTwoPlacement: Sendable {
        package var placement: OrderStore.Placement
        package var agreement: Record
        package var lotNo: Int
        package var method: StageTwoMethod
        package var member: MemberRecord
        package var selection: DirectSelection?
        package var allocation: RotationAllocation?
    }

    /// The amount the §F9 rule is applied to: the quantity at the highest agreed price of the lot's
    /// order-receiving members (the most the order can cost before volume tiers), so the method does not
    /// depend on which supplier gets the order.
    static func ruleAmount(members: [MemberRecord], quantity: Int64) -> Fen {
        let highest = members.filter(\.status.receivesOrders).map(\.agreedPriceFen).max() ?? .zero
        return Fen(Int64(clamping: Int128(highest.rawValue) * Int128(max(quantity, 0))))
    }

    /// The checks every stage-2 request starts with (DOMAIN.md §F5, issue 5 point 4): the agreement is visible
    /// (a draft is 404), active and in its term, serves the unit's region, and has the lot.
    func stageTwoTarget(
        agreementID: ID<Agreement>, lotNo: Int, actor: Principal, now: Date, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> (agreement: Record, lot: AgreementLot) {
        guard let agreement = try await agreement(id: agreementID, lock: false, on: conn, logger: logger),
            agreement.state != .draft
        else { throw DomainError.notFound("agreement \(agreementID)") }
        guard agreement.state == .active else {
            throw DomainError(
                .agreementNotActive, "agreement \(agreement.agreementNo) is \(agreement.state.rawValue): it takes no orders")
        }
        guard agreement.requirements.serves(actor.regionCode) else {
            throw DomainError(
                .pricingRegionNotServed,
                "agreement \(agreement.agreementNo) does not serve region \(actor.regionCode)",
                fields: [.init(field: "agreementId", code: "region_not_served", message: "not for your region")])
        }
        let today = LocalDate(now)
        guard agreement.requirements.termStart <= today && today <= agreement.requirements.termEnd else {
            throw DomainError(
                .agreementNotActive,
                "agreement \(agreement.agreementNo) runs from \(agreement.requirements.termStart) to "
                    + "\(agreement.requirements.termEnd): it takes no orders on \(today) (DOMAIN.md §F5)")
        }
        guard let lot = agreement.requirements.lot(lotNo) else {
            throw DomainError.validation([.init(field: "lotNo", code: "unknown", message: "no lot \(lotNo)")])
        }
        return (agreement, lot)
    }

    /// Places a stage-2 order under an agreement (DOMAIN.md §F5, §F6, §F8, §F9, §P3; issue 5 point 4) in the
    /// caller's transaction:
    ///
    /// 1. the agreement is active and serves the unit's region, the lot exists;
    /// 2. the method is the one the agreement fixes for the amount (`agreement.method_fixed` when the unit asks
    ///    for another); second bidding answers `agreement.method_unsupported` (409): it is a competition, posted
    ///    with `postSecondBidding` (`POST /api/v1/agreements/{id}/second-biddings`, §F7);
    /// 3. direct selection: the chosen supplier must be admitted and active (§F5), the reason is stored (§F6);
    ///    rotation: the lot's rotation row is locked (`SELECT … FOR UPDATE`), the next supplier is allocated
    ///    (`Rotation.allocate`), the award and the skips are stored — the award's unique slot keys make a slot
    ///    impossible to assign twice;
    /// 4. the order goes through `OrderStore.place` (stock, budget, idempotency, audit, splitting detectors)
    ///    with the member's agreed price as a cap and the lot's volume tiers (§P3).
    package func placeOrder(
        agreementID: ID<Agreement>, _ request: StageTwoRequest, actor: Principal, now: Date, requestID: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws -> StageTwoPlacement {
        let (agreement, lot) = try await stageTwoTarget(
            agreementID: agreementID, lotNo: request.lotNo, actor: actor, now: now, on: conn, logger: logger)
        var members = try await members(agreementID: agreementID, lot: lot.number, on: conn, logger: logger)
        let method = try StageTwo.method(
            rule: agreement.requirements.stageTwo, amount: Self.ruleAmount(members: members, quantity: request.quantity),
            requested: request.requestedMethod)
        // The unit cannot steer another method's allocation either (§F9): a selection is direct selection's, skips
        // are rotation's.
        if method != .directSelection && request.selection != nil || method != .rotation && !request.skips.isEmpty {
            throw DomainError(
                .agreementMethodFixed,
                "agreement \(agreement.agreementNo) fixes \(method.rawValue) for this order (DOMAIN.md §F9): "
                    + (request.selection != nil ? "a selection" : "skips") + " cannot be given",
                fields: [
                    .init(
                        field: request.selection != nil ? "selection" : "skips", code: "method_fixed",
                        message: method.rawValue)
                ])
        }

        var allocation: RotationAllocation?
        let member: MemberRecord
        switch method {
        case .secondBidding:
            throw DomainError(
                .agreementMethodUnsupported,
                "agreement \(agreement.agreementNo) fixes second bidding for this order (DOMAIN.md §F7, §F9): post a "
                    + "second-bidding competition to the lot's admitted suppliers instead, at POST "
                    + "/api/v1/agreements/\(agreementID)/second-biddings; its award places the order")
        case .directSelection:
            guard let selection = request.selection else {
                throw DomainError.validation([
                    .init(field: "selection", code: "required", message: "direct selection names a supplier and a reason")
                ])
            }
            // The chosen member's row is share-locked, so a removal or withdrawal committing meanwhile waits for
            // this order (or this order sees it): the supplier is admitted and active at order time (§F5).
            let locked = try await Self.decodeMembers(
                conn.query(
                    """
                    SELECT \(unescaped: Self.memberColumns) FROM agreement_members m \(unescaped: Self.memberJoins)
                    WHERE m.agreement_id = \(agreementID) AND m.lot_no = \(lot.number)
                      AND m.supplier_id = \(selection.supplierID)
                    FOR SHARE OF m
                    """, logger: logger))
            let active = Set(locked.filter(\.status.receivesOrders).map(\.supplierID))
            try StageTwo.checkEligible(supplier: selection.supplierID, active: active, state: agreement.state)
            guard let chosen = locked.first else {
                throw DomainError(.agreementSupplierNotAdmitted, "supplier \(selection.supplierID) is not admitted")
            }
            member = chosen
        case .rotation:
            // The lock that serialises allocations of one lot (DOMAIN.md §F8).
            let rows = try await conn.query(
                """
                SELECT cycle, awarded FROM agreement_rotations
                WHERE agreement_id = \(agreementID) AND lot_no = \(lot.number) FOR UPDATE
                """, logger: logger)
            guard let (cycle, awarded) = try await rows.decode((Int, [UUID]).self).first(where: { _ in true }) else {
                throw DomainError(.agreementNotActive, "lot \(lot.number) has no rotation")
            }
            // Re-read under the lock: a removal committed meanwhile takes the supplier out (§F10).
            members = try await self.members(agreementID: agreementID, lot: lot.number, on: conn, logger: logger)
            let active = Set(members.filter(\.status.receivesOrders).map(\.supplierID))
            var validator = Validator()
            for (index, skip) in request.skips.enumerated() {
                validator.check(
                    active.contains(skip.supplierID), "skips[\(index)].supplierId", "not_admitted",
                    "not an active admitted supplier of lot \(lot.number)")
            }
            try validator.validate()
            let state = RotationState(
                order: members.map(\.supplierID), cycle: cycle, awarded: Set(awarded.map { ID<Organisation>($0) }))
            let allocated = try Rotation.allocate(state, active: active, skips: request.skips)
            guard let chosen = members.first(where: { $0.supplierID == allocated.supplierID }) else {
                throw DomainError(.agreementSupplierNotAdmitted, "not admitted")
            }
            allocation = allocated
            member = chosen
        }

        let terms = AgreementTerms(
            reference: agreement.reference(lot: lot.number), agreedPriceFen: member.agreedPriceFen,
            volumeTiers: lot.volumeTiers)
        let placeRequest = OrderStore.PlaceRequest(
            lines: [OrderStore.CartLine(listingID: member.listingID, quantity: request.quantity)],
            expectedTotal: method == .rotation ? nil : request.expectedTotal, budgetLineID: request.budgetLineID,
            clockStart: request.clockStart,
            agreement: OrderStore.AgreementContext(
                agreementID: agreementID, lotNo: lot.number, method: method, terms: [member.listingID: terms],
                selection: method == .directSelection ? request.selection : nil))
        let placement = try await orders.place(
            placeRequest, actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
        guard let order = placement.orders.first else { throw DomainError.notFound("order") }

        var audited: [AuditStore.Entry] = []
        if let allocation {
            try await conn.query(
                """
                UPDATE agreement_rotations SET cycle = \(allocation.after.cycle),
                    awarded = \(allocation.after.awarded.map(\.uuid).sorted { $0.lowercasedString < $1.lowercasedString }),
                    updated_at = \(now)
                WHERE agreement_id = \(agreementID) AND lot_no = \(lot.number)
                """, logger: logger)
            try await conn.query(
                """
                INSERT INTO rotation_awards (order_id, agreement_id, lot_no, supplier_id, cycle, position, awarded_at)
                VALUES (\(order.id), \(agreementID), \(lot.number), \(allocation.supplierID), \(allocation.cycle),
                        \(allocation.position), \(now))
                """, logger: logger)
            for skip in allocation.skipped {
                let skipID = ids.nextUUID()
                try await conn.query(
                    """
                    INSERT INTO rotation_skips (id, agreement_id, lot_no, order_id, supplier_id, cycle, reason, unit_id,
                                                region_code, skipped_by, skipped_at)
                    VALUES (\(skipID), \(agreementID), \(lot.number), \(order.id), \(skip.supplierID),
                            \(allocation.cycle), \(skip.reason.trimmingCharacters(in: .whitespacesAndNewlines)),
                            \(actor.organisationID), \(actor.regionCode.rawValue), \(actor.userID), \(now))
                    """, logger: logger)
                audited.append(
                    entry(
                        "agreement.rotation_skipped", id: agreementID.uuid, region: actor.regionCode.rawValue,
                        actor: actor, now: now, requestID: requestID,
                        after: [
                            "skipId": .string(skipID.lowercasedString), "lotNo": .int(Int64(lot.number)),
                            "supplierId": .string(skip.supplierID.description), "reason": .string(skip.reason),
                            "orderId": .string(order.id.description),
                        ]))
            }
            audited.append(
                entry(
                    "agreement.rotation_allocated", id: agreementID.uuid, region: actor.regionCode.rawValue,
                    actor: actor, now: now, requestID: requestID,
                    after: [
                        "lotNo": .int(Int64(lot.number)), "supplierId": .string(allocation.supplierID.description),
                        "cycle": .int(Int64(allocation.cycle)), "position": .int(Int64(allocation.position)),
                        "orderId": .string(order.id.description),
                    ]))
        } else if let selection = request.selection {
            audited.append(
                entry(
                    "agreement.direct_selection", id: agreementID.uuid, region: actor.regionCode.rawValue, actor: actor,
                    now: now, requestID: requestID,
                    after: [
                        "lotNo": .int(Int64(lot.number)), "supplierId": .string(selection.supplierID.description),
                        "reason": .string(selection.reason.rawValue), "note": .string(selection.note),
                        "orderId": .string(order.id.description),
                    ]))
        }
        try await audit.append(contentsOf: audited, on: conn, logger: logger)
        return StageTwoPlacement(
            placement: placement, agreement: agreement, lotNo: lot.number, method: method, member: member,
            selection: method == .directSelection ? request.selection : nil, allocation: allocation)
    }

    // MARK: - Rotation reads

    /// One lot's rotation as stored: cycle, who had an award in it, and the members in rotation order.
    package struct RotationRecord: Sendable, Equatable {
        package var lotNo: Int
        package var cycle: Int
        package var awarded: Set<ID<Organisation>>
        package var members: [MemberRecord]
    }

    /// The rotation of every lot of an agreement.
    package func rotations(agreementID: ID<Agreement>, logger: Logger) async throws -> [RotationRecord] {
        let members = try await members(agreementID: agreementID, logger: logger)
        let rows = try await database.query(
            """
            SELECT lot_no, cycle, awarded FROM agreement_rotations WHERE agreement_id = \(agreementID)
            ORDER BY lot_no LIMIT 1000
            """, logger: logger)
        var result: [RotationRecord] = []
        for try await (lot, cycle, awarded) in rows.decode((Int, Int, [UUID]).self) {
            result.append(
                RotationRecord(
                    lotNo: lot, cycle: cycle, awarded: Set(awarded.map { ID($0) }),
                    members: members.filter { $0.lotNo == lot }))
        }
        return result
    }

    /// A rotation skip as the regulators' warnings feed lists it (DOMAIN.md §F8).
    package struct SkipRecord: Sendable, Equatable {
        package var id: UUID
        package var agreementID: ID<Agreement>
        package var agreementNo: String
        package var lotNo: Int
        package var orderID: ID<Order>
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var unitID: ID<Organisation>
        package var unitName: String
        package var regionCode: String
        package var cycle: Int
        package var reason: String
        package var skippedAt: Date
        package var sortKey: String
    }

    /// Rotation skips newest first, of units in a region (code prefix) or everywhere, optionally of one unit,
    /// after a `(skipped_at, id)` cursor.
    package func skips(
        regionPrefix: String?, unit: ID<Organisation>?, after cursor: (String, UUID)?, limit: Int, logger: Logger
    ) async throws -> [SkipRecord] {
        let rows = try await database.query(
            """
            SELECT k.id, k.agreement_id, a.agreement_no, k.lot_no, k.order_id, k.supplier_id, s.name, k.unit_id, u.name,
                   k.region_code::text, k.cycle, k.reason, k.skipped_at,
                   to_char(k.skipped_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            FROM rotation_skips k JOIN agreements a ON a.id = k.agreement_id
            JOIN organisations s ON s.id = k.supplier_id JOIN organisations u ON u.id = k.unit_id
            WHERE (\(regionPrefix)::text IS NULL OR k.region_code LIKE \(regionPrefix)::text || '%')
              AND (\(unit?.uuid)::uuid IS NULL OR k.unit_id = \(unit?.uuid)::uuid)
              AND (\(cursor?.0)::timestamptz IS NULL
                   OR (k.skipped_at, k.id) < (\(cursor?.0)::timestamptz, \(cursor?.1)::uuid))
            ORDER BY k.skipped_at DESC, k.id DESC
            LIMIT \(limit)
            """, logger: logger)
        var result: [SkipRecord] = []
        for try await (
            id, agreement, number, lot, order, supplier, supplierName, unit, unitName, region, cycle, reason, at, key
        ) in rows.decode(
            (
                UUID, ID<Agreement>, String, Int, ID<Order>, ID<Organisation>, String, ID<Organisation>, String, String,
                Int, String, Date, String
            ).self)
        {
            result.append(
                SkipRecord(
                    id: id, agreementID: agreement, agreementNo: number, lotNo: lot, orderID: order, supplierID: supplier,
                    supplierName: supplierName, unitID: unit, unitName: unitName, regionCode: region, cycle: cycle,
                    reason: reason, skippedAt: at, sortKey: key))
        }
        return result
    }
}
