import Foundation

/// A typed identifier: `ID<Order>` and `ID<Listing>` cannot be mixed up (STYLE.md §2.6).
package struct ID<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The underlying UUID.
    package let uuid: UUID

    /// Wraps a UUID.
    package init(_ uuid: UUID) { self.uuid = uuid }

    /// Parses the canonical textual form; `nil` when it is not a UUID.
    package init?(_ string: String) {
        guard let uuid = UUID(canonical: string) else { return nil }
        self.uuid = uuid
    }

    /// Lower-case canonical form, as PostgreSQL prints it.
    package var description: String { uuid.lowercasedString }

    package init(from decoder: any Decoder) throws {
        self.uuid = try decoder.singleValueContainer().decode(UUID.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Makes new UUIDs. Injected so that tests can predict ids (STYLE.md §2.6).
package struct IDGenerator: Sendable {
    private let make: @Sendable () -> UUID

    /// Creates a generator from a closure.
    package init(_ make: @escaping @Sendable () -> UUID) { self.make = make }

    /// A new id of any entity type.
    package func next<Entity>(_: Entity.Type = Entity.self) -> ID<Entity> { ID(make()) }

    /// A new raw UUID.
    package func nextUUID() -> UUID { make() }

    /// Time-ordered UUIDs in the UUIDv7 layout (RFC 9562 §5.7): 48 bits of Unix milliseconds, then
    /// random bits. Keeps B-tree inserts local, and ids sort by creation time.
    package static func timeOrdered(now: @escaping @Sendable () -> Date) -> IDGenerator {
        IDGenerator {
            let millis = UInt64(max(0, now().timeIntervalSince1970 * 1000))
            var random = SystemRandomNumberGenerator()
            let a = random.next() as UInt64
            let b = random.next() as UInt64
            let timeBytes = withUnsafeBytes(of: millis.bigEndian) { Array($0) }
            let randomBytes = withUnsafeBytes(of: a) { Array($0) } + withUnsafeBytes(of: b) { Array($0) }
            let bytes: [UInt8] = [
                timeBytes[2], timeBytes[3], timeBytes[4], timeBytes[5], timeBytes[6], timeBytes[7],
                0x70 | (randomBytes[0] & 0x0F), randomBytes[1],
                0x80 | (randomBytes[2] & 0x3F), randomBytes[3], randomBytes[4], randomBytes[5],
                randomBytes[6], randomBytes[7], randomBytes[8], randomBytes[9],
            ]
            return UUID(
                uuid: (
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                    bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
                ))
        }
    }
}
