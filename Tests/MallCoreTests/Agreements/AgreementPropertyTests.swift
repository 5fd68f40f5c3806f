import Foundation
import MallCore
import PropertyBased
import Testing

@Suite("Framework agreement properties (DOMAIN.md §F3, §F8, lifecycle)")
struct AgreementPropertyTests {
    typealias F = AgreementFixtures

    @Test("lifecycle: random action sequences only ever take steps in the table; final states accept nothing")
    func lifecycleWalks() async {
        let walks = zip(Gen<AgreementAction>.case, Gen.bool(0.8)).array(of: 1...30)
        await propertyCheck(count: 300, input: walks) { steps in
            var state = AgreementState.draft
            for (action, evaluated) in steps {
                let facts = AgreementLifecycle.Facts(
                    evaluated: evaluated, today: F.day("2027-03-01"), termEnd: F.day("2027-02-28"), reason: "理由")
                let edge = AgreementLifecycle.edges.first { $0.from == state && $0.action == action }
                do throws(DomainError) {
                    let next = try AgreementLifecycle.apply(action, to: state, facts: facts)
                    #expect(edge?.to == next, "\(state) --\(action)--> \(next) is not in the table")
                    state = next
                } catch {
                    #expect(edge == nil || (action == .activate && !evaluated))
                    #expect(error.code == .agreementInvalidTransition)
                }
            }
            if state.isFinal { #expect(AgreementLifecycle.actions(from: state).isEmpty) }
        }
    }

    @Test("§F3 for any N and rate ≥ 0: admitted ≤ ⌊N·(1−r)⌋, ≤ N − 1, and the admission check agrees")
    func admissionBounds() async {
        await propertyCheck(count: 500, input: zip(Gen.int(in: 0...500), Gen.int(in: 0...9_999))) { n, rate in
            let rate = BasisPoints(Int32(rate))
            let admitted = StageOne.admissionCount(validBids: n, eliminationRate: rate)
            #expect(admitted >= 0)
            #expect(n < 2 ? admitted == 0 : admitted <= n - 1)
            #expect(admitted * 10_000 <= n * (10_000 - Int(rate.rawValue)))
            let check = F.code { try StageOne.checkAdmission(admitted: admitted, valid: n, eliminationRate: rate) }
            #expect(check == (admitted == 0 ? .agreementTooFewBids : nil))
            #expect(
                F.code { try StageOne.checkAdmission(admitted: n, valid: n, eliminationRate: rate) }
                    == (n == 0 ? .agreementTooFewBids : .agreementAdmitAllRefused))
        }
    }

    @Test("§F2 §F3 evaluation of random bids: the admitted are a prefix of the ranking, stored prices are the bids")
    func evaluationProperties() async {
        let bids = zip(Gen.int(in: 1...12), Gen.int(in: 1_000...6_500), Gen<EnterpriseSize>.case).array(of: 2...20)
        await propertyCheck(count: 200, input: bids) { raw in
            let input = raw.enumerated().map { index, bid in
                F.bid(bid.0, Int64(bid.1), size: bid.2, at: TimeInterval(index))
            }
            guard
                let ranked = try? StageOne.evaluate(
                    lot: F.lot, bids: input, subject: .goods, kind: .closed, method: .pricePriority,
                    eliminationRate: .percent(20), settings: .init())
            else {
                // Only fewer than 2 valid suppliers can fail.
                let valid = Set(input.filter { $0.unitPriceFen <= F.lot.maxUnitPriceFen }.map(\.supplierID))
                #expect(valid.count < 2)
                return
            }
            #expect(Set(ranked.map(\.bid.supplierID)).count == ranked.count)
            #expect(ranked.allSatisfy { $0.bid.unitPriceFen <= F.lot.maxUnitPriceFen })
            #expect(ranked.allSatisfy { $0.evaluatedFen <= $0.bid.unitPriceFen })  // §P5: a deduction never raises
            let admitted = ranked.filter(\.admitted).count
            #expect(admitted == StageOne.admissionCount(validBids: ranked.count, eliminationRate: .percent(20)))
            #expect(ranked.prefix(admitted).allSatisfy { $0.admitted })
            #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.evaluatedFen <= $1.evaluatedFen })
            #expect(input.contains { $0 == ranked[0].bid })  // the stored agreed price is an actual bid
        }
    }

    /// One step of a rotation walk: place an order (with or without a skip of the next supplier) or change
    /// membership.
    enum Step: CaseIterable { case order, orderWithSkip, remove, restore }

    @Test("§F8 random orders, skips, removals and returns: never two awards in a cycle, unique positions")
    func rotationNeverTwiceInACycle() async {
        let walks = zip(Gen<Step>.case, Gen.int(in: 0...6)).array(of: 1...80)
        await propertyCheck(count: 300, input: walks) { steps in
            let all = (1...7).map(F.supplier)
            var active = Set(all)
            var state = RotationState(order: all)
            var awardsInCycle: [Int: [ID<Organisation>]] = [:]
            var lastCycle = 1
            for (step, pick) in steps {
                switch step {
                case .remove: active.remove(all[pick])
                case .restore: active.insert(all[pick])
                case .order, .orderWithSkip:
                    let skips = step == .orderWithSkip ? [RotationSkip(supplierID: all[pick], reason: "无货")] : []
                    guard let allocation = try? Rotation.allocate(state, active: active, skips: skips) else {
                        #expect(active.isEmpty || active.subtracting(skips.map(\.supplierID)).isEmpty)
                        continue
                    }
                    #expect(active.contains(allocation.supplierID))
                    #expect(!skips.contains { $0.supplierID == allocation.supplierID })
                    #expect(allocation.cycle >= lastCycle)
                    lastCycle = allocation.cycle
                    #expect(!(awardsInCycle[allocation.cycle] ?? []).contains(allocation.supplierID))
                    awardsInCycle[allocation.cycle, default: []].append(allocation.supplierID)
                    // Positions number the awards of a cycle 1, 2, … (the store's unique slot key relies on it).
                    #expect(allocation.position == awardsInCycle[allocation.cycle, default: []].count)
                    state = allocation.after
                }
            }
        }
    }

    @Test("§F8 without skips or membership changes, award counts differ by at most one after any number of orders")
    func rotationIsFair() async {
        await propertyCheck(count: 200, input: zip(Gen.int(in: 1...9), Gen.int(in: 0...100))) { members, orders in
            let all = (1...members).map(F.supplier)
            var state = RotationState(order: all)
            var counts: [ID<Organisation>: Int] = [:]
            for index in 0..<orders {
                guard let allocation = try? Rotation.allocate(state, active: Set(all)) else {
                    Issue.record("allocation failed")
                    return
                }
                #expect(allocation.cycle == index / members + 1)
                #expect(allocation.position == index % members + 1)
                counts[allocation.supplierID, default: 0] += 1
                state = allocation.after
            }
            let values = all.map { counts[$0] ?? 0 }
            #expect((values.max() ?? 0) - (values.min() ?? 0) <= 1)
        }
    }
}
