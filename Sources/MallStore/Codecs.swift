import Foundation
import MallCore
import NIOCore
import PostgresNIO

// Our own domain types bind and decode as their raw PostgreSQL types, so the JSONB default for
// `Encodable` can never apply (STYLE.md §2.5). Legal because the types are ours.

extension Fen: PostgresNonThrowingEncodable, PostgresDecodable {
    package static var psqlType: PostgresDataType { .int8 }
    package static var psqlFormat: PostgresFormat { .binary }

    package func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        rawValue.encode(into: &byteBuffer, context: context)
    }

    package init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        self.init(try Int64(from: &buffer, type: type, format: format, context: context))
    }
}

extension ID: PostgresNonThrowingEncodable, PostgresDecodable {
    package static var psqlType: PostgresDataType { .uuid }
    package static var psqlFormat: PostgresFormat { .binary }

    package func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        uuid.encode(into: &byteBuffer, context: context)
    }

    package init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        self.init(try UUID(from: &buffer, type: type, format: format, context: context))
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte: how checksums and hashes are written as text.
    package var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
