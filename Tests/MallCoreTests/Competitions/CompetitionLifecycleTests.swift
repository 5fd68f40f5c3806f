import Foundation
import MallCore
import PropertyBased
import Testing

private typealias F = CompetitionFixtures

@Suite("Competition lifecycle: open → evaluated | failed → awarded, or cancelled (DOMAIN.md §K)")
struct CompetitionLifecycleTests {
    let beforeDeadline = F.at("2026-03-10", 14)
    let afterDeadline = F.at("2026-03-10", 15, 10)
    let candidates = [
        F.candidate(F.quote(1, .small, .yuan(47_000))),  // evaluated 42 300: rank 1
        F.candidate(F.quote(2, .large, .yuan(45_000))),  // rank 2
    ]

    private func makeCompetition() -> Competition { Competition(id: ID(F.uuid(9)), need: F.need()) }

    @Test("§K2 §P5 closing after the deadline evaluates; the unit awards rank 1 at its quoted price")
    func closeAndAward() throws {
        var competition = makeCompetition()
        try competition.close(candidates: candidates, settings: CompetitionSettings(), at: afterDeadline)
        #expect(competition.state.status == .evaluated)
        let award = try competition.award(to: F.org(1), at: afterDeadline)
        #expect(award.contractPrice == .yuan(47_000))
        #expect(award.reason == nil && award.passedOver.isEmpty)
        #expect(competition.state.status == .awarded)
    }

    @Test("§K2 awarding rank 2 needs a recorded reason; the passed-over rank 1 is listed")
    func awardLowerRank() throws {
        var competition = makeCompetition()
        try competition.close(candidates: candidates, settings: CompetitionSettings(), at: afterDeadline)
        let missing = #expect(throws: DomainError.self) {
            try competition.award(to: F.org(2), reason: "  ", at: afterDeadline)
        }
        #expect(missing?.code == .competitionAwardReasonRequired)
        let unknown = #expect(throws: DomainError.self) { try competition.award(to: F.org(3), at: afterDeadline) }
        #expect(unknown?.code == .competitionSupplierNotRanked)
        let award = try competition.award(to: F.org(2), reason: "rank 1 declined to sign", at: afterDeadline)
        #expect(award.contractPrice == .yuan(45_000))
        #expect(award.passedOver.map(\.supplierID) == [F.org(1)])
        #expect(award.reason == "rank 1 declined to sign")
    }

    @Test("§K1 quotes are sealed until the deadline: closing before it is an invalid transition")
    func closeBeforeDeadline() {
        var competition = makeCompetition()
        let error = #expect(throws: DomainError.self) {
            try competition.close(candidates: candidates, settings: CompetitionSettings(), at: beforeDeadline)
        }
        #expect(error?.code == .competitionInvalidTransition)
        #expect(competition.state == .open)
    }

    @Test("§K2 §K3 a competition without a valid quote fails, recording competition.no_valid_quotes")
    func fails() throws {
        var competition = makeCompetition()
        try competition.close(
            candidates: [F.candidate(F.quote(1, .large, .yuan(1)), blacklisted: [.majorTaxViolation])],
            settings: CompetitionSettings(), at: afterDeadline)
        guard case .failed(let failure) = competition.state else {
            Issue.record("expected failed, got \(competition.state.status)")
            return
        }
        #expect(failure.reason.code == .competitionNoValidQuotes)
        #expect(failure.at == afterDeadline)
        let error = #expect(throws: DomainError.self) { try competition.award(to: F.org(1), at: afterDeadline) }
        #expect(error?.code == .competitionInvalidTransition)
    }

    @Test("§K the unit cancels before the deadline with a reason, never after")
    func cancel() throws {
        var blank = makeCompetition()
        let noReason = #expect(throws: DomainError.self) { try blank.cancel(reason: " ", at: beforeDeadline) }
        #expect(noReason?.code == .validationFailed)

        var late = makeCompetition()
        let afterIt = #expect(throws: DomainError.self) {
            try late.cancel(reason: "changed our mind", at: afterDeadline)
        }
        #expect(afterIt?.code == .competitionInvalidTransition)

        var competition = makeCompetition()
        try competition.cancel(reason: "budget withdrawn", at: beforeDeadline)
        #expect(
            competition.state == .cancelled(CompetitionCancellation(reason: "budget withdrawn", at: beforeDeadline)))
        let closing = #expect(throws: DomainError.self) {
            try competition.close(candidates: candidates, settings: CompetitionSettings(), at: afterDeadline)
        }
        #expect(closing?.code == .competitionInvalidTransition)
    }

    // MARK: - Property

    /// The steps a caller can attempt.
    enum Step: CaseIterable, Sendable {
        case closeEarly, closeValid, closeNoQuotes, awardTop, awardSecondWithReason, awardSecondWithoutReason,
            cancelEarly, cancelLate
    }

    @Test("§K the lifecycle accepts exactly the legal transitions and no other")
    func legalTransitionsOnly() async {
        await propertyCheck(input: Gen<Step>.case.array(of: 1...8)) { steps in
            var competition = makeCompetition()
            for step in steps {
                let before = competition.state.status
                let expected: CompetitionState.Status? =
                    switch (before, step) {
                    case (.open, .closeValid): .evaluated
                    case (.open, .closeNoQuotes): .failed
                    case (.open, .cancelEarly): .cancelled
                    case (.evaluated, .awardTop), (.evaluated, .awardSecondWithReason): .awarded
                    default: nil
                    }
                do throws(DomainError) {
                    switch step {
                    case .closeEarly:
                        try competition.close(
                            candidates: candidates, settings: CompetitionSettings(), at: beforeDeadline)
                    case .closeValid:
                        try competition.close(
                            candidates: candidates, settings: CompetitionSettings(), at: afterDeadline)
                    case .closeNoQuotes:
                        try competition.close(candidates: [], settings: CompetitionSettings(), at: afterDeadline)
                    case .awardTop: try competition.award(to: F.org(1), at: afterDeadline)
                    case .awardSecondWithReason:
                        try competition.award(to: F.org(2), reason: "rank 1 declined", at: afterDeadline)
                    case .awardSecondWithoutReason: try competition.award(to: F.org(2), at: afterDeadline)
                    case .cancelEarly: try competition.cancel(reason: "withdrawn", at: beforeDeadline)
                    case .cancelLate: try competition.cancel(reason: "withdrawn", at: afterDeadline)
                    }
                    #expect(expected != nil, "\(step) from \(before) should have been refused")
                    #expect(competition.state.status == expected)
                } catch {
                    #expect(expected == nil, "\(step) from \(before) should have been allowed: \(error)")
                    #expect(competition.state.status == before)
                    let allowed: Set<DomainError.Code> = [
                        .competitionInvalidTransition, .competitionAwardReasonRequired,
                    ]
                    #expect(allowed.contains(error.code))
                }
            }
        }
    }
}
