import Foundation

extension UUID {
    /// The canonical lower-case form, as PostgreSQL prints a `uuid` (`uuidString.lowercased()`). Written byte by
    /// byte: Foundation's `uuidString` formats each byte with `snprintf`, which was 3 % of a search's CPU.
    package var lowercasedString: String {
        let hex: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                hex.withUTF8Buffer { digits in
                    var at = 0
                    for index in 0..<16 {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            out[at] = UInt8(ascii: "-")
                            at += 1
                        }
                        out[at] = digits[Int(bytes[index] >> 4)]
                        out[at + 1] = digits[Int(bytes[index] & 0x0F)]
                        at += 2
                    }
                    return at
                }
            }
        }
    }
}

extension UUID {
    /// Parses the canonical form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in either letter case: what
    /// `UUID(uuidString:)` accepts, read byte by byte. Foundation's parser calls `sscanf`, which was 0.5 % of the
    /// server's CPU on `GET /api/v1/listings/{id}`.
    package init?(canonical string: some StringProtocol) {
        var parsed: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = string.utf8.withContiguousStorageIfAvailable { UUID.parse($0, into: &parsed) }
            ?? UUID.parse(Array(string.utf8), into: &parsed)
        guard ok else { return nil }
        self.init(uuid: parsed)
    }

    private static func parse(_ text: some Collection<UInt8>, into uuid: inout uuid_t) -> Bool {
        guard text.count == 36 else { return false }
        return withUnsafeMutableBytes(of: &uuid) { bytes in
            var high: UInt8? = nil
            var byte = 0
            for (position, character) in text.enumerated() {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard character == UInt8(ascii: "-") else { return false }
                    continue
                }
                let nibble: UInt8
                switch character {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character &- UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character &- UInt8(ascii: "a") &+ 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character &- UInt8(ascii: "A") &+ 10
                default: return false
                }
                if let first = high {
                    bytes[byte] = first << 4 | nibble
                    byte += 1
                    high = nil
                } else {
                    high = nibble
                }
            }
            return byte == 16
        }
    }
}
