import Foundation
import Logging
import MallCore
import PostgresNIO

extension AgreementStore {
    /// `POST /api/v1/agreements/{id}/second-biddings` as the store sees it: the need of a second bidding for one
    /// lot (DOMAIN.md §F7). The category is the lot's; the specs default to the lot's.
    package struct SecondBiddingRequest: Sendable {
        package var lotNo: Int
        package var title: String
        package var specs: [String: JSONValue]?
        package var quantity: Int64
        package var unit: String
        package var budgetLineID: ID<BudgetLine>
        package var deadline: Date

        package init(
            lotNo: Int, title: String, specs: [String: JSONValue]? = nil, quantity: Int64, unit: String,
            budgetLineID: ID<BudgetLine>, deadline: Date
        ) {
            self.lotNo = lotNo
            self.title = title
            self.specs = specs
            self.quantity = quantity
            self.unit = unit
            self.budgetLineID = budgetLineID
            self.deadline = deadline
        }
    }

    /// Posts a second bidding under an agreement (DOMAIN.md §F7, §F9; issue 5 point 4) in the caller's
    /// transaction:
    ///
    /// 1. the same checks as a stage-2 order (`stageTwoTarget`: active, in its term, serving the unit, the lot);
    /// 2. the agreement must fix second bidding for the amount (the §F9 rule amount of `placeOrder`), else
    ///    `agreement.method_fixed`;
    /// 3. every order-receiving member of the lot at this moment is invited at its agreed unit price (§F5, §F7);
    ///    a lot without one answers `agreement.supplier_not_admitted`;
    /// 4. the competition is posted by `CompetitionStore.post` (minimum response time of a second bidding,
    ///    budget check, `competition.published` audit) with the lot's category, the highest invited agreed price
    ///    as the unit ceiling, and the agreement and lot stored on it, so the award links its order (§F7).
    ///
    /// Audited as `agreement.second_bidding_posted` on the agreement.
    package func postSecondBidding(
        agreementID: ID<Agreement>, _ request: SecondBiddingRequest, competitions: CompetitionStore, actor: Principal,
        now: Date, requestID: String?, on conn: PostgresConnection, logger: Logger
    ) async throws -> (agreement: Record, competition: CompetitionStore.Record) {
        let (agreement, lot) = try await stageTwoTarget(
            agreementID: agreementID, lotNo: request.lotNo, actor: actor, now: now, on: conn, logger: logger)
        // The members are share-locked: a removal or withdrawal committing meanwhile waits for this posting (or
        // this posting sees it), so exactly the suppliers admitted and active now are invited.
        let members = try await Self.decodeMembers(
            conn.query(
                """
                SELECT \(unescaped: Self.memberColumns) FROM agreement_members m \(unescaped: Self.memberJoins)
                WHERE m.agreement_id = \(agreementID) AND m.lot_no = \(lot.number)
                ORDER BY m.rotation_position
                FOR SHARE OF m
                """, logger: logger))
        _ = try StageTwo.method(
            rule: agreement.requirements.stageTwo, amount: Self.ruleAmount(members: members, quantity: request.quantity),
            requested: .secondBidding)
        // One invitation per supplier, at its agreed price (the highest, should it hold two products on the lot).
        var prices: [ID<Organisation>: Fen] = [:]
        var order: [ID<Organisation>] = []
        for member in members where member.status.receivesOrders {
            if let price = prices[member.supplierID] {
                prices[member.supplierID] = max(price, member.agreedPriceFen)
            } else {
                prices[member.supplierID] = member.agreedPriceFen
                order.append(member.supplierID)
            }
        }
        guard let ceiling = prices.values.max() else {
            throw DomainError(
                .agreementSupplierNotAdmitted,
                "lot \(lot.number) of agreement \(agreement.agreementNo) has no admitted and active supplier to invite "
                    + "(DOMAIN.md §F5, §F7)")
        }
        let post = CompetitionStore.PostRequest(
            title: request.title, categoryCode: lot.categoryCode, specs: request.specs ?? lot.specs,
            quantity: request.quantity, unit: request.unit, unitCeiling: ceiling, budgetLineID: request.budgetLineID,
            deadline: request.deadline,
            restricted: .init(
                agreementID: agreementID.uuid, lotNo: lot.number,
                invitations: order.map { (supplierID: $0, agreedUnitPrice: prices[$0] ?? ceiling) }))
        let competition = try await competitions.post(
            post, actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
        try await audit.append(
            entry(
                "agreement.second_bidding_posted", id: agreementID.uuid, region: actor.regionCode.rawValue, actor: actor,
                now: now, requestID: requestID,
                after: [
                    "lotNo": .int(Int64(lot.number)), "competitionId": .string(competition.id.description),
                    "competitionNo": .string(competition.competitionNo),
                    "invitedSuppliers": .array(order.map { .string($0.description) }),
                ]), on: conn, logger: logger)
        return (agreement, competition)
    }
}
