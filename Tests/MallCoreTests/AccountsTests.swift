import Foundation
import MallCore
import Testing

@Suite("Accounts: roles, regions and the login throttle")
struct AccountsTests {
    let start = Date(timeIntervalSince1970: 1_772_413_200)

    @Test("five failures inside the window lock the account for the lock-out time")
    func lockAfterFailures() {
        let policy = LoginThrottle(maxFailures: 5, window: 900, lockout: 900)
        var state = LoginThrottle.State()
        for i in 0..<4 {
            state = policy.recordingFailure(state, now: start.addingTimeInterval(Double(i)))
            #expect(policy.lockedUntil(state, now: start.addingTimeInterval(Double(i))) == nil)
        }
        state = policy.recordingFailure(state, now: start.addingTimeInterval(4))
        #expect(policy.lockedUntil(state, now: start.addingTimeInterval(5)) == start.addingTimeInterval(904))
        #expect(policy.lockedUntil(state, now: start.addingTimeInterval(904)) == nil)
        // A failure that raced past the lock check neither lifts nor extends the lock.
        #expect(policy.recordingFailure(state, now: start.addingTimeInterval(6)) == state)
        // After the lock, counting starts again.
        #expect(policy.recordingFailure(state, now: start.addingTimeInterval(905)).failedCount == 1)
    }

    @Test("failures further apart than the window start a new count; a success resets it")
    func windowAndReset() {
        let policy = LoginThrottle(maxFailures: 3, window: 60, lockout: 600)
        var state = policy.recordingFailure(.init(), now: start)
        state = policy.recordingFailure(state, now: start.addingTimeInterval(30))
        #expect(state.failedCount == 2)
        state = policy.recordingFailure(state, now: start.addingTimeInterval(200))
        #expect(state.failedCount == 1)
        #expect(policy.recordingSuccess(state) == LoginThrottle.State())
    }

    @Test("region codes nest by prefix: county ⊂ prefecture ⊂ province")
    func regions() throws {
        let county = try #require(RegionCode("532601"))
        #expect(county.isWithin(try #require(RegionCode("530000"))))
        #expect(county.isWithin(try #require(RegionCode("532600"))))
        #expect(!county.isWithin(try #require(RegionCode("110000"))))
        #expect(county.province.rawValue == "530000")
        #expect(RegionCode("53260") == nil)
        #expect(RegionCode("53260a") == nil)
    }

    @Test("each role belongs to one kind of organisation")
    func roleKinds() {
        #expect(Role.buyer.organisationKind == .unit)
        #expect(Role.approver.organisationKind == .unit)
        #expect(Role.supplier.organisationKind == .supplier)
        #expect(EnterpriseSize.micro.isSmallOrMicro && EnterpriseSize.medium.isSME && !EnterpriseSize.large.isSME)
    }

    @Test("a validator reports every bad field at once")
    func validator() {
        var v = Validator()
        v.text(nil, "name", maxLength: 10)
        v.text("   ", "title", maxLength: 10)
        v.text("01234567890", "brand", maxLength: 10)
        v.text("ok", "model", maxLength: 10)
        do {
            try v.validate()
            Issue.record("expected a validation error")
        } catch {
            #expect(error.code == .validationFailed)
            #expect(error.fields.map(\.field) == ["name", "title", "brand"])
            #expect(error.fields.map(\.code) == ["required", "required", "too_long"])
        }
    }
}
