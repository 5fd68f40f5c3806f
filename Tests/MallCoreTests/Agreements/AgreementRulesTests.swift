import Foundation
import MallCore
import Testing

@Suite("Framework agreement rules (DOMAIN.md §F)")
struct AgreementRulesTests {
    typealias F = AgreementFixtures

    // MARK: - §F1

    @Test("§F1 works are refused, by subject or by a lot's B… category")
    func worksRefused() {
        #expect(F.code { try F.requirements(subject: .works).validate(settings: .init()) } == .agreementWorksRefused)
        let worksLot = AgreementLot(
            number: 1, name: "装修", categoryCode: "B07000000", maxUnitPriceFen: .yuan(100), estimatedQuantity: 1)
        #expect(F.code { try F.requirements(lots: [worksLot]).validate(settings: .init()) } == .agreementWorksRefused)
        #expect(F.code { try F.requirements().validate(settings: .init()) } == nil)
    }

    static let terms: [(AgreementSubject, String, String, String?, DomainError.Code?)] = [
        (.goods, "2026-03-01", "2027-02-28", nil, nil),  // exactly one year
        (.goods, "2026-03-01", "2027-03-01", nil, .agreementTermTooLong),  // a day too long
        (.goods, "2026-03-01", "2027-06-30", "首批设备保修期内统一维护", nil),  // longer with a reason
        (.services, "2026-01-01", "2027-12-31", nil, nil),  // services: two years
        (.services, "2026-01-01", "2028-01-01", nil, .agreementTermTooLong),
        (.goods, "2026-03-01", "2026-02-28", nil, .validationFailed),  // ends before it starts
    ]

    @Test("§F1 term: goods ≤ 1 year, services ≤ 2 years, longer only with a recorded reason", arguments: terms)
    func termRules(subject: AgreementSubject, start: String, end: String, reason: String?, expected: DomainError.Code?)
    {
        let lot = AgreementLot(
            number: 1, name: "物业", categoryCode: subject == .goods ? "A02010105" : "C21040000",
            maxUnitPriceFen: .yuan(100), estimatedQuantity: 10)
        let requirements = F.requirements(subject: subject, start: start, end: end, reason: reason, lots: [lot])
        #expect(F.code { try requirements.validate(settings: .init()) } == expected)
    }

    @Test("§F1 field rules: lots numbered once, category of the subject, closed elimination rate ≥ 20 %, §F9 rule")
    func fieldRules() throws {
        let lots = [F.lot, F.lot]
        var error = try #require(
            throwing(F.requirements(lots: lots, rate: .percent(10)), settings: AgreementSettings()))
        #expect(Set(error.fields.map(\.field)) == ["lots[1].number", "eliminationRateBp"])
        let services = AgreementLot(
            number: 2, name: "x", categoryCode: "C21040000", maxUnitPriceFen: .yuan(1), estimatedQuantity: 1)
        error = try #require(
            throwing(
                F.requirements(
                    lots: [F.lot, services], stageTwo: StageTwoRule(method: .rotation, thresholdFen: .yuan(1))),
                settings: AgreementSettings()))
        #expect(Set(error.fields.map(\.field)) == ["lots[1].categoryCode", "stageTwo.aboveMethod"])
        // Open agreements have no elimination rate.
        #expect(F.code { try F.requirements(kind: .open, rate: .zero).validate(settings: .init()) } == nil)
    }

    func throwing(_ requirements: AgreementRequirements, settings: AgreementSettings) -> DomainError? {
        do {
            try requirements.validate(settings: settings)
            return nil
        } catch { return error }
    }

    // MARK: - §F2

    @Test("§F2 a stage-1 bid above the lot's max unit price is refused; at the max it is accepted")
    func bidAboveMax() {
        #expect(F.code { try StageOne.admit(unitPrice: .yuan(6_000), lot: F.lot) } == nil)
        #expect(F.code { try StageOne.admit(unitPrice: Fen(600_001), lot: F.lot) } == .agreementBidAboveMaxPrice)
        #expect(F.code { try StageOne.admit(unitPrice: .zero, lot: F.lot) } == .validationFailed)
    }

    @Test("§F2 price priority ranks by the SME-deducted evaluated price but the agreed price is the unadjusted bid")
    func pricePriorityUsesEvaluatedPrice() throws {
        // Supplier 2 (small, small manufacturer) bids 5 400; 10 % off → evaluated 4 860 < supplier 1's 5 000.
        let bids = [F.bid(1, 5_000), F.bid(2, 5_400, size: .small), F.bid(3, 5_900), F.bid(4, 5_800),
                    F.bid(5, 5_300, size: .micro, manufacturer: .large)]
        let ranked = try StageOne.evaluate(
            lot: F.lot, bids: bids, subject: .goods, kind: .closed, method: .pricePriority,
            eliminationRate: .percent(20), settings: .init())
        #expect(ranked.map(\.bid.supplierID) == [F.supplier(2), F.supplier(1), F.supplier(5), F.supplier(4), F.supplier(3)])
        #expect(ranked[0].evaluatedFen == .yuan(4_860))
        #expect(ranked[0].bid.unitPriceFen == .yuan(5_400))  // the stored agreed price
        #expect(ranked[0].deductionApplied)
        #expect(!ranked[2].deductionApplied)  // a large manufacturer: no deduction for goods (§K2)
        #expect(ranked.filter(\.admitted).count == 4)  // ⌊5 × 0.8⌋ = 4
    }

    @Test("§F2 quality priority ranks by score, then price; every valid bid needs a score")
    func qualityPriority() throws {
        let bids = [F.bid(1, 5_000, score: 80), F.bid(2, 5_900, score: 95), F.bid(3, 4_000, score: 80)]
        let ranked = try StageOne.evaluate(
            lot: F.lot, bids: bids, subject: .goods, kind: .closed, method: .qualityPriority,
            eliminationRate: .percent(20), settings: .init())
        #expect(ranked.map(\.bid.supplierID) == [F.supplier(2), F.supplier(3), F.supplier(1)])
        #expect(ranked.map(\.admitted) == [true, true, false])
        #expect(
            F.code {
                _ = try StageOne.evaluate(
                    lot: F.lot, bids: [F.bid(1, 5_000)], subject: .goods, kind: .closed, method: .qualityPriority,
                    eliminationRate: .percent(20), settings: .init())
            } == .agreementScoreMissing)
    }

    @Test("§F2 only each supplier's latest bid counts, and bids above the max never rank")
    func latestBidCounts() throws {
        let bids = [F.bid(1, 5_000), F.bid(1, 4_000, at: 10), F.bid(2, 4_500), F.bid(3, 7_000)]
        let ranked = try StageOne.evaluate(
            lot: F.lot, bids: bids, subject: .goods, kind: .closed, method: .pricePriority,
            eliminationRate: .percent(20), settings: .init())
        #expect(ranked.map(\.bid.unitPriceFen) == [.yuan(4_000), .yuan(4_500)])
        #expect(ranked.map(\.admitted) == [true, false])
    }

    // MARK: - §F3

    static let admissions: [(Int, Int32, Int)] = [
        (0, 2_000, 0), (1, 2_000, 0), (2, 2_000, 1), (4, 2_000, 3), (5, 2_000, 4), (6, 2_000, 4), (10, 2_000, 8),
        (10, 2_500, 7), (3, 5_000, 1), (7, 3_000, 4), (100, 2_000, 80), (9, 1_000, 8), (4, 0, 3),
    ]

    @Test("§F3 closed admission: at most ⌊N·(1−r)⌋, at least one eliminated", arguments: admissions)
    func admissionCount(valid: Int, rateBp: Int32, expected: Int) {
        #expect(StageOne.admissionCount(validBids: valid, eliminationRate: BasisPoints(rateBp)) == expected)
    }

    @Test("§F3 admitting every bidder is refused (资格入围), as is admitting nobody")
    func admitAllRefused() {
        #expect(
            F.code { try StageOne.checkAdmission(admitted: 5, valid: 5, eliminationRate: .percent(20)) }
                == .agreementAdmitAllRefused)
        #expect(
            F.code { try StageOne.checkAdmission(admitted: 5, valid: 6, eliminationRate: .percent(20)) }
                == .agreementAdmitAllRefused)  // ⌊6 × 0.8⌋ = 4
        #expect(F.code { try StageOne.checkAdmission(admitted: 4, valid: 6, eliminationRate: .percent(20)) } == nil)
        #expect(
            F.code { try StageOne.checkAdmission(admitted: 0, valid: 1, eliminationRate: .percent(20)) }
                == .agreementTooFewBids)
        #expect(
            F.code {
                _ = try StageOne.evaluate(
                    lot: F.lot, bids: [F.bid(1, 5_000)], subject: .goods, kind: .closed, method: .pricePriority,
                    eliminationRate: .percent(20), settings: .init())
            } == .agreementTooFewBids)  // one bidder: admitting it would admit everyone, so nobody can be
        // An open agreement admits every valid bid.
        #expect(
            (try? StageOne.evaluate(
                lot: F.lot, bids: [F.bid(1, 5_000)], subject: .goods, kind: .open, method: .pricePriority,
                eliminationRate: .zero, settings: .init()))?.map(\.admitted) == [true])
    }

    // MARK: - Lifecycle and §F4

    static let transitions: [(AgreementState, AgreementAction, AgreementState?)] = [
        (.draft, .open, .soliciting), (.draft, .close, nil), (.draft, .activate, nil), (.draft, .terminate, .terminated),
        (.soliciting, .close, .evaluating), (.soliciting, .open, nil), (.soliciting, .activate, nil),
        (.evaluating, .activate, .active), (.evaluating, .expire, nil), (.active, .expire, .expired),
        (.active, .terminate, .terminated), (.active, .open, nil), (.expired, .terminate, nil),
        (.terminated, .open, nil), (.expired, .activate, nil),
    ]

    @Test("lifecycle: draft → soliciting → evaluating → active → expired | terminated, nothing else", arguments: transitions)
    func lifecycle(from: AgreementState, action: AgreementAction, to: AgreementState?) {
        let facts = AgreementLifecycle.Facts(
            evaluated: true, today: F.day("2027-03-01"), termEnd: F.day("2027-02-28"), reason: "供应商全部退出")
        let result = try? AgreementLifecycle.apply(action, to: from, facts: facts)
        #expect(result == to)
        if to == nil {
            #expect(
                F.code { _ = try AgreementLifecycle.apply(action, to: from, facts: facts) } == .agreementInvalidTransition)
        }
    }

    @Test("lifecycle preconditions: activate needs an evaluation, expire the end of the term, terminate a reason")
    func lifecyclePreconditions() {
        let facts = AgreementLifecycle.Facts(evaluated: false, today: F.day("2027-02-28"), termEnd: F.day("2027-02-28"))
        #expect(F.code { _ = try AgreementLifecycle.apply(.activate, to: .evaluating, facts: facts) } == .agreementInvalidTransition)
        #expect(F.code { _ = try AgreementLifecycle.apply(.expire, to: .active, facts: facts) } == .agreementInvalidTransition)
        #expect(F.code { _ = try AgreementLifecycle.apply(.terminate, to: .active, facts: facts) } == .validationFailed)
    }

    @Test("§F4 requirements are editable only in draft: frozen from solicitation and through the term")
    func frozen() {
        #expect(AgreementState.allCases.filter(\.requirementsEditable) == [.draft])
    }

    // MARK: - §F5, §F6, §F9

    @Test("§F5 stage-2 orders go only to suppliers admitted and active at order time")
    func eligibility() {
        let active: Set = [F.supplier(1)]
        #expect(F.code { try StageTwo.checkEligible(supplier: F.supplier(1), active: active, state: .active) } == nil)
        #expect(
            F.code { try StageTwo.checkEligible(supplier: F.supplier(2), active: active, state: .active) }
                == .agreementSupplierNotAdmitted)
        #expect(
            F.code { try StageTwo.checkEligible(supplier: F.supplier(1), active: active, state: .expired) }
                == .agreementNotActive)
        #expect(MemberStatus.allCases.filter(\.receivesOrders) == [.active, .withdrawalRequested])
    }

    @Test("§F6 direct selection records its reason; a blank note is refused")
    func directSelection() throws {
        let record = try DirectSelection(supplierID: F.supplier(1), reason: .price, note: "  价格最低  ")
        #expect(record.note == "价格最低")
        #expect(F.code { _ = try DirectSelection(supplierID: F.supplier(1), reason: .quality, note: " ") } == .validationFailed)
    }

    static let methodChoices: [(Int64, StageTwoMethod?, StageTwoMethod?, DomainError.Code?)] = [
        (99_999, nil, .directSelection, nil), (100_000, nil, .secondBidding, nil),
        (50_000, .directSelection, .directSelection, nil), (50_000, .rotation, nil, .agreementMethodFixed),
        (200_000, .directSelection, nil, .agreementMethodFixed),
    ]

    @Test("§F9 the agreement fixes the stage-2 method by amount; the unit cannot override it", arguments: methodChoices)
    func methodByAmount(yuan: Int64, requested: StageTwoMethod?, expected: StageTwoMethod?, code: DomainError.Code?) {
        let rule = StageTwoRule(method: .directSelection, thresholdFen: .yuan(100_000), aboveMethod: .secondBidding)
        #expect((try? StageTwo.method(rule: rule, amount: .yuan(yuan), requested: requested)) == expected)
        #expect(F.code { _ = try StageTwo.method(rule: rule, amount: .yuan(yuan), requested: requested) } == code)
    }

    // MARK: - §F8

    @Test("§F8 rotation: next supplier without an award in the cycle; a new cycle when all had one")
    func rotationOrder() throws {
        var state = RotationState(order: [F.supplier(1), F.supplier(2), F.supplier(3)])
        let active: Set = [F.supplier(1), F.supplier(2), F.supplier(3)]
        var winners: [(Int, Int)] = []
        for _ in 0..<7 {
            let allocation = try Rotation.allocate(state, active: active)
            winners.append((allocation.cycle, F.supplierNumber(allocation.supplierID)))
            state = allocation.after
        }
        #expect(winners.map(\.1) == [1, 2, 3, 1, 2, 3, 1])
        #expect(winners.map(\.0) == [1, 1, 1, 2, 2, 2, 3])
    }

    @Test("§F8 a skip needs a reason, keeps the skipped supplier's place and is reported")
    func rotationSkip() throws {
        let state = RotationState(order: [F.supplier(1), F.supplier(2), F.supplier(3)])
        let active: Set = [F.supplier(1), F.supplier(2), F.supplier(3)]
        let allocation = try Rotation.allocate(
            state, active: active, skips: [RotationSkip(supplierID: F.supplier(1), reason: "无法按期交货")])
        #expect(allocation.supplierID == F.supplier(2))
        #expect(allocation.skipped == [RotationSkip(supplierID: F.supplier(1), reason: "无法按期交货")])
        // Supplier 1 kept its place: it gets the next order.
        #expect(try Rotation.allocate(allocation.after, active: active).supplierID == F.supplier(1))
        #expect(
            F.code { _ = try Rotation.allocate(state, active: active, skips: [.init(supplierID: F.supplier(1), reason: " ")]) }
                == .validationFailed)
        let all = active.map { RotationSkip(supplierID: $0, reason: "停产") }
        #expect(F.code { _ = try Rotation.allocate(state, active: active, skips: all) } == .agreementRotationExhausted)
    }

    @Test("§F8 §F10 removed suppliers drop out of the rotation")
    func rotationDropsRemoved() throws {
        let state = RotationState(order: [F.supplier(1), F.supplier(2), F.supplier(3)], awarded: [F.supplier(1)])
        let allocation = try Rotation.allocate(state, active: [F.supplier(1), F.supplier(3)])
        #expect(allocation.supplierID == F.supplier(3))
        #expect(F.code { _ = try Rotation.allocate(state, active: []) } == .agreementRotationExhausted)
    }

    // MARK: - §F10, §F11, §P4

    @Test("§F10 closed: withdrawal needs a reason and an operator; open: suppliers leave at once")
    func withdrawal() throws {
        #expect(F.code { _ = try Membership.withdraw(kind: .closed, status: .active, reason: nil) } == .validationFailed)
        #expect(try Membership.withdraw(kind: .closed, status: .active, reason: "资质到期") == .withdrawalRequested)
        #expect(try Membership.decideWithdrawal(status: .withdrawalRequested, accept: true) == .withdrawn)
        #expect(try Membership.decideWithdrawal(status: .withdrawalRequested, accept: false) == .active)
        #expect(try Membership.withdraw(kind: .open, status: .active, reason: nil) == .withdrawn)
        #expect(F.code { _ = try Membership.withdraw(kind: .open, status: .removed, reason: nil) } == .agreementMembershipRefused)
    }

    @Test("§F10 closed agreements take new suppliers only through a supplementary call; open ones at any time")
    func joining() {
        #expect(F.code { try Membership.checkApplication(kind: .open, state: .active, callOpen: nil) } == nil)
        #expect(
            F.code { try Membership.checkApplication(kind: .closed, state: .active, callOpen: nil) }
                == .agreementMembershipRefused)
        #expect(F.code { try Membership.checkApplication(kind: .closed, state: .active, callOpen: true) } == nil)
        #expect(F.code { try Membership.checkApplication(kind: .open, state: .expired, callOpen: nil) } == .agreementNotActive)
    }

    @Test("§F10 removal for cause needs a reason; the removed supplier receives no orders")
    func removal() throws {
        #expect(try Membership.remove(status: .active, cause: .collusion, reason: "串通投标") == .removed)
        #expect(F.code { _ = try Membership.remove(status: .active, cause: .other, reason: "") } == .validationFailed)
        #expect(!MemberStatus.removed.receivesOrders)
    }

    @Test("§P4 an agreed price can be lowered, never raised")
    func priceChanges() throws {
        #expect(try Membership.lowerPrice(from: .yuan(5_000), to: .yuan(4_800)) == .yuan(4_800))
        #expect(F.code { _ = try Membership.lowerPrice(from: .yuan(5_000), to: Fen(500_001)) } == .agreementPriceIncreaseRefused)
    }

    @Test("§F11 a replacement product costs at most the old agreed price")
    func replacement() {
        #expect(F.code { try Membership.checkReplacement(oldPrice: .yuan(5_000), newPrice: .yuan(5_000)) } == nil)
        #expect(
            F.code { try Membership.checkReplacement(oldPrice: .yuan(5_000), newPrice: Fen(500_001)) }
                == .agreementReplacementPriceAbove)
    }
}

extension AgreementFixtures {
    static func supplierNumber(_ id: ID<Organisation>) -> Int { Int(id.description.suffix(12), radix: 16) ?? -1 }
}
