import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import NIOCore

/// Writes JSON straight into a `ByteBuffer`, for the hot read paths where Foundation's `JSONEncoder` (a tree of
/// boxed values, then a serialiser) was a quarter of the server's CPU (docs/benchmarks.md). It writes what
/// `Response.json` writes for the same values: strings escaped like `JSONEncoder` with `.withoutEscapingSlashes`,
/// instants as RFC 3339 UTC seconds like `.iso8601`. Tests compare the two on the same values.
///
/// ```swift
/// var json = JSONWriter()
/// json.object { json in
///     json.key("id"); json.string(id)
///     json.key("total"); json.int(total)
/// }
/// ```
package struct JSONWriter {
    package private(set) var buffer: ByteBuffer
    /// Whether the next value in the current object or array needs a comma before it.
    private var needsComma = false

    package init(capacity: Int = 4_096) { buffer = ByteBufferAllocator().buffer(capacity: capacity) }

    private mutating func separate() {
        if needsComma { buffer.writeInteger(UInt8(ascii: ",")) }
        needsComma = true
    }

    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        buffer.writeInteger(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        buffer.writeInteger(UInt8(ascii: "}"))
        needsComma = true
    }

    package mutating func array<S: Sequence>(_ elements: S, _ body: (inout JSONWriter, S.Element) -> Void) {
        separate()
        buffer.writeInteger(UInt8(ascii: "["))
        needsComma = false
        for element in elements { body(&self, element) }
        buffer.writeInteger(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An object key (the value follows).
    package mutating func key(_ name: StaticString) {
        // One write for the comma, the quoted name and the colon: every field of a response passes here.
        let comma = needsComma
        needsComma = false
        let count = name.utf8CodeUnitCount
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count + 4) { out in
            var end = 0
            if comma {
                out[end] = UInt8(ascii: ",")
                end += 1
            }
            out[end] = UInt8(ascii: "\"")
            UnsafeMutableRawBufferPointer(rebasing: out[(end + 1)...])
                .copyMemory(from: UnsafeRawBufferPointer(start: name.utf8Start, count: count))
            end += 1 + count
            out[end] = UInt8(ascii: "\"")
            out[end + 1] = UInt8(ascii: ":")
            return end + 2
        }
    }

    package mutating func string(_ value: String) {
        separate()
        Self.writeEscaped(value, to: &buffer)
    }

    package mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    package mutating func int<I: BinaryInteger>(_ value: I) {
        separate()
        buffer.writeString(String(value))
    }

    package mutating func bool(_ value: Bool) {
        separate()
        buffer.writeStaticString(value ? "true" : "false")
    }

    package mutating func null() {
        separate()
        buffer.writeStaticString("null")
    }

    /// A JSON value as `JSONValue` encodes it.
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .string(let text): string(text)
        case .array(let elements): array(elements) { json, element in json.value(element) }
        case .object(let members):
            object { json in
                for (name, member) in members {
                    json.separate()
                    Self.writeEscaped(name, to: &json.buffer)
                    json.buffer.writeInteger(UInt8(ascii: ":"))
                    json.needsComma = false
                    json.value(member)
                }
            }
        }
    }

    /// An instant as `JSONEncoder`'s `.iso8601` writes it: `2026-03-02T01:00:00Z` (whole seconds, UTC).
    package mutating func date(_ value: Date) {
        separate()
        let seconds = Int64(value.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let date = LocalDate(dayNumber: Int(days))
        let (year, month, day) = (Int64(date.year), Int64(date.month), Int64(date.day))
        // "0000-00-00T00:00:00Z", quotes included, written in place.
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 22) { out in
            func put(_ number: Int64, at offset: Int, digits: Int) {
                var n = number
                for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                    out[index] = UInt8(ascii: "0") + UInt8(n % 10)
                    n /= 10
                }
            }
            let template: StaticString = "\"0000-00-00T00:00:00Z\""
            out.copyMemory(from: UnsafeRawBufferPointer(start: template.utf8Start, count: 22))
            put(year, at: 1, digits: 4)
            put(month, at: 6, digits: 2)
            put(day, at: 9, digits: 2)
            put(secondOfDay / 3_600, at: 12, digits: 2)
            put(secondOfDay / 60 % 60, at: 15, digits: 2)
            put(secondOfDay % 60, at: 18, digits: 2)
            return 22
        }
    }

    /// The response: `application/json; charset=utf-8`, like `Response.json`.
    package func response(status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// `"…"` with `"` and `\` escaped, `\b \f \n \r \t`, other control characters as `\u00XX`; everything else,
    /// `/` included, as is (UTF-8).
    static func writeEscaped(_ value: String, to buffer: inout ByteBuffer) {
        var value = value
        value.makeContiguousUTF8()  // a no-op for native strings
        buffer.writeInteger(UInt8(ascii: "\""))
        value.utf8.withContiguousStorageIfAvailable { bytes in
            // Copy runs of plain bytes; escape the rest.
            var start = 0
            for (index, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<index]))
                writeEscape(byte, to: &buffer)
                start = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...]))
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private static func writeEscape(_ byte: UInt8, to buffer: inout ByteBuffer) {
        switch byte {
        case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
        case 0x08: buffer.writeStaticString("\\b")
        case 0x0C: buffer.writeStaticString("\\f")
        case 0x0A: buffer.writeStaticString("\\n")
        case 0x0D: buffer.writeStaticString("\\r")
        case 0x09: buffer.writeStaticString("\\t")
        default:
            let hex = Array("0123456789abcdef".utf8)
            buffer.writeStaticString("\\u00")
            buffer.writeInteger(hex[Int(byte >> 4)])
            buffer.writeInteger(hex[Int(byte & 0x0F)])
        }
    }
}
