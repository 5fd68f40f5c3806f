import Foundation
import MallCore
import Synchronization

/// A clock tests move by hand: the app reads `now` from it, so expiry and lock-outs need no waiting.
package final class TestClock: Sendable {
    private let current: Mutex<Date>

    /// Starts at 2026-03-02 09:00 China time (a Monday, a working day).
    package init(_ start: Date = Date(timeIntervalSince1970: 1_772_413_200)) {
        self.current = Mutex(start)
    }

    package var now: Date { current.withLock { $0 } }

    package func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// The closure the app takes.
    package var closure: @Sendable () -> Date { { self.now } }
}

/// Sequential ids for tests: predictable, and still valid UUIDs.
package final class SequentialIDs: Sendable {
    private let counter = Mutex<UInt64>(0)

    package init() {}

    package var generator: IDGenerator {
        IDGenerator { [self] in
            let n = counter.withLock { value -> UInt64 in
                value += 1
                return value
            }
            let hex = String(n, radix: 16)
            let padded = String(repeating: "0", count: 12 - hex.count) + hex
            return UUID(uuidString: "10000000-0000-7000-8000-\(padded)") ?? UUID()
        }
    }
}
