import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing on the thread pool, never on an event loop (STYLE.md §2.7).
package struct PasswordHasher: Sendable {
    package let cost: UInt8

    package init(cost: UInt8) { self.cost = cost }

    /// A bcrypt hash of `password` at this hasher's cost.
    package func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash` (the cost is read from the hash).
    package func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
