/// A JSON value, for audit snapshots and other free-form documents.
package enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "only null, booleans, integers, strings, arrays and objects")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// Parses the JSON that PostgreSQL writes for a `jsonb` value (`::text`) without `JSONDecoder`, or returns
    /// `nil` for anything outside that: a fraction or exponent, an integer beyond `Int64`, a lone surrogate,
    /// malformed text. Callers fall back to `JSONDecoder` on `nil`, so the fast path never changes an answer.
    ///
    /// `JSONDecoder` into `JSONValue` tries each case in turn and throws a `DecodingError` for every miss: a
    /// string spec value costs two thrown errors. On the listing read path that was most of the row's decoding
    /// (docs/benchmarks.md, 2026-11-24 03:02).
    package static func parse(_ text: String) -> JSONValue? {
        var text = text
        return text.withUTF8 { bytes in
            var parser = FastParser(bytes: bytes)
            guard let value = parser.value(depth: 0) else { return nil }
            parser.skipBlanks()
            return parser.index == bytes.count ? value : nil
        }
    }

    private struct FastParser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipBlanks() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipBlanks()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return nil }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return nil }
            index += count
            return value
        }

        mutating func value(depth: Int) -> JSONValue? {
            skipBlanks()
            guard index < bytes.count, depth < 64 else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "{"):
                index += 1
                var object: [String: JSONValue] = [:]
                if take(UInt8(ascii: "}")) { return .object(object) }
                repeat {
                    skipBlanks()
                    guard let key = string(), take(UInt8(ascii: ":")), let member = value(depth: depth + 1) else {
                        return nil
                    }
                    object[key] = member
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "}")) ? .object(object) : nil
            case UInt8(ascii: "["):
                index += 1
                var array: [JSONValue] = []
                if take(UInt8(ascii: "]")) { return .array(array) }
                repeat {
                    guard let element = value(depth: depth + 1) else { return nil }
                    array.append(element)
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "]")) ? .array(array) : nil
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return integer()
            }
        }

        /// An integer literal; `nil` for a fraction, an exponent or one beyond `Int64`.
        mutating func integer() -> JSONValue? {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digits, bytes[digits] != UInt8(ascii: "0") || index == digits + 1 else { return nil }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
                return nil
            }
            // Accumulated below zero, so that Int64.min fits; nil on overflow.
            var value: Int64 = 0
            for offset in digits..<index {
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
                let (next, borrow) = shifted.subtractingReportingOverflow(Int64(bytes[offset] &- UInt8(ascii: "0")))
                guard !overflow, !borrow else { return nil }
                value = next
            }
            if digits == start {
                guard value != .min else { return nil }
                value = -value
            }
            return .int(value)
        }

        /// A string at `index` (which is at its opening quote).
        mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            // The common case: no escapes, so the bytes between the quotes are the string.
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                guard bytes[index] >= 0x20 else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            var result = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                return result
            }
            var scalars = String.UnicodeScalarView()
            while bytes[index] != UInt8(ascii: "\"") {
                // bytes[index] is a backslash, or a plain run follows one.
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        guard let high = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(high) {
                            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                                bytes[index + 1] == UInt8(ascii: "u")
                            else { return nil }
                            index += 2
                            guard let low = hex4(), (0xDC00..<0xE000).contains(low),
                                let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                            else { return nil }
                            scalars.append(scalar)
                        } else {
                            guard let scalar = Unicode.Scalar(high) else { return nil }
                            scalars.append(scalar)
                        }
                    default: return nil
                    }
                } else {
                    let run = index
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                        guard bytes[index] >= 0x20 else { return nil }
                        index += 1
                    }
                    guard index < bytes.count else { return nil }
                    result.unicodeScalars.append(contentsOf: scalars)
                    scalars.removeAll()
                    result += String(decoding: UnsafeBufferPointer(rebasing: bytes[run..<index]), as: UTF8.self)
                    continue
                }
                guard index < bytes.count else { return nil }
            }
            result.unicodeScalars.append(contentsOf: scalars)
            index += 1
            return result
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
    }
}
