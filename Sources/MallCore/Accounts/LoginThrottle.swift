import Foundation

/// The rule that slows down password guessing for one account (issue: repeated failed logins are slowed
/// down or locked for a while).
///
/// After `maxFailures` consecutive failures that each came within `window` of the previous one, the
/// account is locked for `lockout`. A success resets the count. Pure: the store keeps the state.
package struct LoginThrottle: Sendable, Equatable {
    /// Consecutive failures allowed before a lock.
    package var maxFailures: Int
    /// Failures further apart than this start a new count.
    package var window: TimeInterval
    /// How long a lock lasts.
    package var lockout: TimeInterval

    package init(maxFailures: Int = 5, window: TimeInterval = 15 * 60, lockout: TimeInterval = 15 * 60) {
        self.maxFailures = maxFailures
        self.window = window
        self.lockout = lockout
    }

    /// What the store keeps per account.
    package struct State: Sendable, Equatable {
        package var failedCount: Int
        package var lastFailureAt: Date?
        package var lockedUntil: Date?

        package init(failedCount: Int = 0, lastFailureAt: Date? = nil, lockedUntil: Date? = nil) {
            self.failedCount = failedCount
            self.lastFailureAt = lastFailureAt
            self.lockedUntil = lockedUntil
        }
    }

    /// Whether the account is locked at `now`, and until when.
    package func lockedUntil(_ state: State, now: Date) -> Date? {
        guard let until = state.lockedUntil, until > now else { return nil }
        return until
    }

    /// The state after a failed attempt at `now`.
    /// A failure while the account is locked (a request that raced past the check) changes nothing: it
    /// can neither extend nor lift the lock.
    package func recordingFailure(_ state: State, now: Date) -> State {
        if lockedUntil(state, now: now) != nil { return state }
        var count = state.failedCount
        if let last = state.lastFailureAt, now.timeIntervalSince(last) <= window, state.lockedUntil == nil {
            count += 1
        } else {
            count = 1
        }
        if count >= maxFailures {
            return State(failedCount: 0, lastFailureAt: now, lockedUntil: now.addingTimeInterval(lockout))
        }
        return State(failedCount: count, lastFailureAt: now, lockedUntil: nil)
    }

    /// The state after a successful login.
    package func recordingSuccess(_ state: State) -> State { State() }
}
