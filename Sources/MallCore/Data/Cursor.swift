import Foundation

/// An opaque pagination cursor: the sort key and id of the last item of a page, as base64url
/// (STYLE.md §2.6). Clients pass it back unchanged.
package struct Cursor: Sendable, Equatable {
    /// The sort key of the last item (a timestamp in RFC 3339 with fractional seconds, or a code).
    package var key: String
    /// The tie-breaking id of the last item, when the key is not unique.
    package var id: UUID?

    package init(key: String, id: UUID? = nil) {
        self.key = key
        self.id = id
    }

    /// The opaque form.
    package var encoded: String {
        let raw = id.map { "\(key)|\($0.lowercasedString)" } ?? key
        // base64url without padding, byte by byte (Foundation's replacingOccurrences was 2.5 % of a search's CPU).
        var bytes: [UInt8] = []
        bytes.reserveCapacity((raw.utf8.count + 2) / 3 * 4)
        for byte in Data(raw.utf8).base64EncodedString().utf8 {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): break
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes a cursor; throws `request.invalid_cursor` when it is not one of ours.
    package init(encoded: String) throws(DomainError) {
        guard encoded.utf8.count <= 512 else {
            throw DomainError(.invalidCursor, "the cursor is not one this server issued")
        }
        var base64 = encoded.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "-"): UInt8(ascii: "+")
            case UInt8(ascii: "_"): UInt8(ascii: "/")
            default: byte
            }
        }
        while base64.count % 4 != 0 { base64.append(UInt8(ascii: "=")) }
        guard let data = Data(base64Encoded: Data(base64)),
            let raw = String(data: data, encoding: .utf8), !raw.isEmpty
        else { throw DomainError(.invalidCursor, "the cursor is not one this server issued") }
        if let bar = raw.lastIndex(of: "|") {
            guard let id = UUID(uuidString: String(raw[raw.index(after: bar)...])) else {
                throw DomainError(.invalidCursor, "the cursor is not one this server issued")
            }
            self.key = String(raw[..<bar])
            self.id = id
        } else {
            self.key = raw
            self.id = nil
        }
    }
}

extension DomainError.Code {
    /// A pagination cursor could not be decoded.
    package static let invalidCursor = Self("request.invalid_cursor")
}
