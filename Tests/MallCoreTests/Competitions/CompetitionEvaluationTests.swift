import Foundation
import MallCore
import PropertyBased
import Testing

private typealias F = CompetitionFixtures

@Suite("Competition evaluation: SME deduction, blacklist, ties, quoted price paid (DOMAIN.md §K2, §K3, §P5)")
struct CompetitionEvaluationTests {
    let settings = CompetitionSettings()

    private func evaluate(
        _ candidates: [CompetitionCandidate], need: CompetitionNeed = F.need(), settings: CompetitionSettings? = nil
    ) throws -> CompetitionResult {
        try CompetitionEvaluation.evaluate(need: need, candidates: candidates, settings: settings ?? self.settings)
    }

    // MARK: - Tables

    @Test("§K2 small supplier wins on evaluated price, paid its quoted price (§P5)")
    func smallSupplierWins() throws {
        let result = try evaluate([
            F.candidate(F.quote(1, .small, .yuan(47_000))),  // evaluated 42 300
            F.candidate(F.quote(2, .large, .yuan(45_000))),
        ])
        #expect(result.winner.supplierID == F.org(1))
        #expect(result.winner.evaluatedFen == .yuan(42_300))
        #expect(result.winner.deductionApplied)
        #expect(result.winner.deduction == .percent(10))
        #expect(result.contractPrice == .yuan(47_000))
        #expect(result.ranking.map(\.rank) == [1, 2])
        #expect(result.ranking[1].evaluatedFen == .yuan(45_000))
        #expect(!result.ranking[1].deductionApplied && result.ranking[1].deduction == .zero)
    }

    @Test("§K2 a medium-sized supplier is not deducted: the deduction is for small/micro firms")
    func mediumNotDeducted() throws {
        let result = try evaluate([
            F.candidate(F.quote(1, .medium, .yuan(47_000))),
            F.candidate(F.quote(2, .large, .yuan(45_000))),
        ])
        #expect(result.winner.supplierID == F.org(2))
        let medium = try #require(result.entry(for: F.org(1)))
        #expect(!medium.deductionApplied)
        #expect(medium.evaluatedFen == .yuan(47_000))
    }

    @Test("§K2 goods with a large manufacturer on one line are not deducted")
    func largeManufacturerLine() throws {
        let result = try evaluate([
            F.candidate(F.quote(1, .micro, .yuan(47_000), manufacturers: [.small, .large])),
            F.candidate(F.quote(2, .large, .yuan(45_000))),
        ])
        #expect(result.winner.supplierID == F.org(2))
        #expect(result.entry(for: F.org(1))?.deductionApplied == false)
    }

    @Test("§K2 a 20 % deduction and a services need: a small reseller of services is deducted")
    func servicesAndTwentyPercent() throws {
        let need = F.need(categoryCode: "C16000000")
        let result = try evaluate(
            [
                F.candidate(F.quote(1, .small, .yuan(50_000), manufacturers: [.large])),  // manufacturers ignored
                F.candidate(F.quote(2, .large, .yuan(41_000))),
            ], need: need, settings: CompetitionSettings(smeDeduction: .percent(20)))
        #expect(result.winner.supplierID == F.org(1))
        #expect(result.winner.evaluatedFen == .yuan(40_000))
        #expect(result.contractPrice == .yuan(50_000))
        #expect(result.smeDeduction == .percent(20))
    }

    @Test(
        "§K2 §G1 who gets the deduction: small/micro supplier and, for goods, every line's manufacturer",
        arguments: [
            // (supplier, manufacturers, subject, qualifies)
            (EnterpriseSize?.some(.small), [EnterpriseSize?]([.small, .micro]), CompetitionNeed.Subject.goods, true),
            (.micro, [.micro], .goods, true),
            (.small, [.small, .large], .goods, false),
            (.small, [.small, .medium], .goods, false),  // a medium manufacturer is not small/micro
            (.small, [.small, nil], .goods, false),  // an undeclared manufacturer
            (.small, [], .goods, false),  // no lines, nothing to check
            (.medium, [.small], .goods, false),
            (.large, [.small], .goods, false),
            (nil, [.small], .goods, false),  // no declaration, no preference
            (.small, [], .services, true),
            (.micro, [.large], .services, true),
            (.medium, [], .services, false),
        ])
    func qualification(
        supplier: EnterpriseSize?, manufacturers: [EnterpriseSize?], subject: CompetitionNeed.Subject, qualifies: Bool
    ) {
        #expect(
            SMEPriceDeduction.qualifies(supplierSize: supplier, manufacturerSizes: manufacturers, subject: subject)
                == qualifies)
    }

    @Test("§P2 the evaluated price is rounded half-up to the fen, once")
    func rounding() throws {
        #expect(SMEPriceDeduction.evaluatedPrice(quoted: Fen(15), deduction: .percent(10)) == Fen(14))  // 13.5
        #expect(SMEPriceDeduction.evaluatedPrice(quoted: Fen(129_999), deduction: .percent(10)) == Fen(116_999))
        let result = try evaluate([F.candidate(F.quote(1, .small, Fen(15)))])
        #expect(result.winner.evaluatedFen == Fen(14))
        #expect(result.contractPrice == Fen(15))
    }

    @Test("§K2 a tie on evaluated price goes to the lower quoted price, then the earlier submission, then supplier id")
    func ties() throws {
        let byQuoted = try evaluate([
            F.candidate(F.quote(1, .small, .yuan(50_000))),  // evaluated 45 000
            F.candidate(F.quote(2, .large, .yuan(45_000))),  // evaluated 45 000, cheaper to pay
        ])
        #expect(byQuoted.ranking.map(\.supplierID) == [F.org(2), F.org(1)])
        #expect(byQuoted.ranking.map(\.tieBreak) == [nil, .quotedPrice])

        let byTime = try evaluate([
            F.candidate(F.quote(3, .large, .yuan(30_000), minutes: 5)),
            F.candidate(F.quote(4, .large, .yuan(30_000), minutes: 1)),
            F.candidate(F.quote(5, .large, .yuan(31_000), minutes: 0)),
        ])
        #expect(byTime.ranking.map(\.supplierID) == [F.org(4), F.org(3), F.org(5)])
        #expect(byTime.ranking.map(\.tieBreak) == [nil, .submittedAt, nil])

        let byID = try evaluate([
            F.candidate(F.quote(7, .large, .yuan(30_000))),
            F.candidate(F.quote(6, .large, .yuan(30_000))),
        ])
        #expect(byID.ranking.map(\.supplierID) == [F.org(6), F.org(7)])
        #expect(byID.ranking[1].tieBreak == .supplierID)
    }

    @Test("§K3 a blacklisted lowest bidder is excluded and the check time is recorded")
    func blacklisted() throws {
        let result = try evaluate([
            F.candidate(F.quote(1, .large, .yuan(40_000)), blacklisted: [.dishonestJudgmentDebtor]),
            F.candidate(F.quote(2, .large, .yuan(45_000))),
        ])
        #expect(result.winner.supplierID == F.org(2))
        #expect(result.winner.blacklistCheckedAt == F.checkedAt)
        #expect(result.ranking.count == 1)
        let exclusion = try #require(result.exclusions.first)
        #expect(exclusion.supplierID == F.org(1))
        #expect(exclusion.reason == .blacklisted(lists: [.dishonestJudgmentDebtor]))
        #expect(exclusion.reason.code == "competition.blacklisted")
        #expect(exclusion.blacklistCheckedAt == F.checkedAt)
    }

    @Test("§K1 evaluation excludes a quote above the ceiling or the agreed price, and keeps a supplier's latest")
    func exclusions() throws {
        let need = F.need(method: .secondBidding)
        let result = try evaluate(
            [
                F.candidate(F.quote(1, .large, .yuan(50_001)), agreed: .yuan(6_000)),  // above the ceiling
                F.candidate(F.quote(2, .large, .yuan(44_000)), agreed: .yuan(4_300)),  // above 43 000 agreed
                F.candidate(F.quote(3, .large, .yuan(46_000), minutes: 0, supplier: 9), agreed: .yuan(4_800)),
                F.candidate(F.quote(4, .large, .yuan(47_000), minutes: 30, supplier: 9), agreed: .yuan(4_800)),
                F.candidate(F.quote(5, .large, .yuan(40_000))),  // not on the agreement
            ], need: need)
        #expect(result.ranking.map(\.quoteID) == [F.quoteID(4)])  // the later quote counts, though dearer
        #expect(result.contractPrice == .yuan(47_000))
        let reasons = Dictionary(uniqueKeysWithValues: result.exclusions.map { ($0.quoteID, $0.reason) })
        #expect(reasons[F.quoteID(1)] == .refused(.aboveCeiling(ceiling: .yuan(50_000))))
        #expect(reasons[F.quoteID(2)] == .refused(.aboveAgreedPrice(cap: .yuan(43_000))))
        #expect(reasons[F.quoteID(3)] == .superseded(by: F.quoteID(4)))
        #expect(reasons[F.quoteID(5)] == .refused(.notAdmitted))
    }

    @Test("§K2 no valid quotes: the competition fails with competition.no_valid_quotes")
    func noValidQuotes() {
        let none = #expect(throws: DomainError.self) { try evaluate([]) }
        #expect(none?.code == .competitionNoValidQuotes)

        let allOut = #expect(throws: DomainError.self) {
            try evaluate([
                F.candidate(F.quote(1, .small, .yuan(40_000)), blacklisted: [.majorTaxViolation]),
                F.candidate(F.quote(2, .large, .yuan(60_000))),
            ])
        }
        #expect(allOut?.code == .competitionNoValidQuotes)
        #expect(allOut?.fields.map(\.code) == ["competition.blacklisted", "competition.quote_above_ceiling"])
    }

    @Test("§K2 an SME deduction outside 10 %–20 % is refused at evaluation")
    func settingsChecked() {
        let error = #expect(throws: DomainError.self) {
            try evaluate(
                [F.candidate(F.quote(1, .small, .yuan(1)))], settings: CompetitionSettings(smeDeduction: .percent(6)))
        }
        #expect(error?.code == .competitionSettingsInvalid)
    }

    // MARK: - Properties

    /// (size 0–4 with 4 = undeclared, manufacturer pattern 0–3, total fen, minute, blacklisted, supplier, order key)
    private typealias Raw = (Int, Int, Int64, Int, Bool, Int, Int)

    private static let raws = zip(
        Gen.int(in: 0...4), Gen.int(in: 0...3), Gen.int64(in: 1...600_000), Gen.int(in: 0...120), Gen.bool(0.2),
        Gen.int(in: 1...6), Gen.int(in: 0...1_000)
    ).array(of: 0...8)

    private static let ceiling = Fen(500_000)

    private static func candidates(_ raws: [Raw]) -> [CompetitionCandidate] {
        raws.enumerated().map { index, raw in
            let size: EnterpriseSize? = raw.0 < 4 ? EnterpriseSize.allCases[raw.0] : nil
            let manufacturers: [EnterpriseSize?] = [[size], [.small, .micro], [.small, .large], []][raw.1]
            let quote = F.quote(
                index + 1, size, Fen(raw.2), manufacturers: manufacturers, minutes: raw.3, supplier: raw.5)
            return F.candidate(quote, blacklisted: raw.4 ? [.seriousIllegalDishonesty] : [])
        }
    }

    private static func need(services: Bool) -> CompetitionNeed {
        F.need(categoryCode: services ? "C16000000" : "A02010105", quantity: 1, unitCeiling: ceiling)
    }

    private static func outcome(
        _ candidates: [CompetitionCandidate], services: Bool, deduction: Int32
    ) -> Result<CompetitionResult, DomainError> {
        Result { () throws(DomainError) -> CompetitionResult in
            try CompetitionEvaluation.evaluate(
                need: need(services: services), candidates: candidates,
                settings: CompetitionSettings(smeDeduction: BasisPoints(deduction)))
        }
    }

    @Test("§K2 §P5 the winner's evaluated price is ≤ every valid quote's; the contract is at its quoted price")
    func winnerIsLowest() async {
        await propertyCheck(input: Self.raws, Gen.int32(in: 1_000...2_000), Gen.bool) { raws, bp, services in
            let candidates = Self.candidates(raws)
            // The valid quotes, computed independently: not blacklisted, within the ceiling, latest per supplier.
            var latest: [ID<Organisation>: CompetitionQuote] = [:]
            for candidate in candidates
            where !candidate.blacklist.isBlacklisted && candidate.quote.totalFen <= Self.ceiling {
                let q = candidate.quote
                if let current = latest[q.supplierID],
                    (current.submittedAt, current.id.description) > (q.submittedAt, q.id.description)
                {
                    continue
                }
                latest[q.supplierID] = q
            }
            func expectedEvaluated(_ q: CompetitionQuote) -> Int128 {
                let small = { (s: EnterpriseSize?) in s == .small || s == .micro }
                let qualifies =
                    small(q.supplierSize)
                    && (services || (!q.manufacturerSizes.isEmpty && q.manufacturerSizes.allSatisfy(small)))
                let quoted = Int128(q.totalFen.rawValue)
                return qualifies ? (quoted * Int128(10_000 - bp) * 2 + 10_000) / 20_000 : quoted
            }

            switch Self.outcome(candidates, services: services, deduction: bp) {
            case .failure(let error):
                #expect(error.code == .competitionNoValidQuotes)
                #expect(latest.isEmpty)
            case .success(let result):
                #expect(result.ranking.count == latest.count)
                for q in latest.values {
                    #expect(Int128(result.winner.evaluatedFen.rawValue) <= expectedEvaluated(q))
                }
                let winnerQuote = latest[result.winner.supplierID]
                #expect(winnerQuote?.id == result.winner.quoteID)
                #expect(result.contractPrice == winnerQuote?.totalFen)
                #expect(result.contractPrice == result.winner.quotedFen)
                for entry in result.ranking {
                    #expect(entry.evaluatedFen <= entry.quotedFen)  // a deduction never raises a price
                    #expect(entry.deductionApplied || entry.evaluatedFen == entry.quotedFen)
                }
                #expect(
                    zip(result.ranking, result.ranking.dropFirst()).allSatisfy { $0.evaluatedFen <= $1.evaluatedFen })
                #expect(result.ranking.count + result.exclusions.count == candidates.count)
            }
        }
    }

    @Test("§K2 evaluation does not depend on the order of the quotes")
    func orderIndependent() async {
        await propertyCheck(input: Self.raws, Gen.int32(in: 1_000...2_000), Gen.bool) { raws, bp, services in
            let candidates = Self.candidates(raws)
            let shuffled = zip(raws, candidates).sorted { $0.0.6 < $1.0.6 }.map(\.1)
            let reversed = Array(candidates.reversed())
            let expected = Self.outcome(candidates, services: services, deduction: bp)
            #expect(Self.outcome(shuffled, services: services, deduction: bp) == expected)
            #expect(Self.outcome(reversed, services: services, deduction: bp) == expected)
        }
    }
}
