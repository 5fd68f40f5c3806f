import Foundation

/// Decoding of uploaded text files (issue 3 point 5): UTF-8 with or without a byte order mark, or GB18030,
/// which is what Excel on Chinese Windows writes when it saves "CSV (逗号分隔)" (code page 936, GBK, a subset
/// of GB18030).
///
/// Detection, when the upload names no charset: a UTF-8 byte order mark means UTF-8; otherwise bytes that
/// are valid UTF-8 are UTF-8 (strict validation rejects GBK text in practice: its lead bytes 0x81–0xFE are
/// followed by trail bytes that rarely form valid UTF-8 sequences); anything else is decoded as GB18030.
/// A charset that is named (`charset=gb18030` in the `Content-Type`) is honoured without guessing.
///
/// GB18030 is decoded by Foundation: `String.Encoding(rawValue: 0x8000_0632)` is
/// `CFStringConvertEncodingToNSStringEncoding(kCFStringEncodingGB_18030_2000)`, which swift-foundation also
/// decodes on Linux, through ICU (GB18030-2022 mapping: two-byte, four-byte BMP and supplementary planes;
/// invalid sequences make the decoding fail rather than produce U+FFFD). `TextDecodingTests` pins it.
package enum TextDecoding {
    /// The encodings an upload may use.
    package enum Encoding: String, Sendable, Equatable, Codable {
        case utf8 = "UTF-8"
        case gb18030 = "GB18030"
    }

    /// Why a body could not be read as text.
    package enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The `charset` parameter names an encoding we do not read.
        case unsupportedCharset(String)
        /// The bytes are not valid in the encoding (named, or the last one tried).
        case invalid(Encoding)
        /// The bytes start with a UTF-16 byte order mark (Excel's "Unicode text"), which we do not read.
        case utf16

        package var description: String {
            switch self {
            case .unsupportedCharset(let name):
                "charset \(name) is not supported; send UTF-8 or GB18030 (GBK)"
            case .invalid(.utf8):
                "the body is not valid UTF-8"
            case .invalid(.gb18030):
                "the body is neither valid UTF-8 nor valid GB18030 (GBK); save the file as CSV UTF-8"
            case .utf16:
                "the body is UTF-16 (Excel's \"Unicode text\"); save the file as \"CSV UTF-8\" or \"CSV\" instead"
            }
        }
    }

    /// Foundation's constant for GB18030 (`kCFStringEncodingGB_18030_2000` as an `NSStringEncoding`).
    package static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The UTF-8 byte order mark.
    package static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The `charset` parameter of a `Content-Type` value, lower-cased and unquoted (`nil` when absent).
    package static func charset(ofContentType contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            let value = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\""))
            return value.lowercased()
        }
        return nil
    }

    /// The encoding a charset name stands for: `utf-8`/`utf8`, or GB18030 and its subsets (`gb18030`, `gbk`,
    /// `gb2312`, `cp936`, `windows-936`, `euc-cn`). Throws for anything else.
    package static func encoding(charset: String) throws(Failure) -> Encoding {
        switch charset.lowercased() {
        case "utf-8", "utf8": return .utf8
        case "gb18030", "gbk", "gb2312", "cp936", "windows-936", "x-gbk", "euc-cn", "csgb2312": return .gb18030
        default: throw .unsupportedCharset(charset)
        }
    }

    /// Decodes `bytes` as text, returning the text (without a byte order mark) and the encoding used.
    /// `charset` is the upload's declared charset, if any (see ``charset(ofContentType:)``).
    package static func decode(_ bytes: [UInt8], charset: String? = nil) throws(Failure) -> (
        text: String, encoding: Encoding
    ) {
        let declared = try charset.map { name throws(Failure) in try encoding(charset: name) }
        let hasBOM = bytes.starts(with: utf8BOM)
        if !hasBOM, bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw .utf16
        }
        switch declared {
        case .utf8:
            guard let text = utf8(bytes, skippingBOM: hasBOM) else { throw .invalid(.utf8) }
            return (text, .utf8)
        case .gb18030:
            // A BOM still wins: a file saved as "CSV UTF-8" but labelled GBK by a client is UTF-8.
            if hasBOM, let text = utf8(bytes, skippingBOM: true) { return (text, .utf8) }
            guard let text = gb18030(bytes) else { throw .invalid(.gb18030) }
            return (text, .gb18030)
        case nil:
            if let text = utf8(bytes, skippingBOM: hasBOM) { return (text, .utf8) }
            if hasBOM { throw .invalid(.utf8) }
            guard let text = gb18030(bytes) else { throw .invalid(.gb18030) }
            return (text, .gb18030)
        }
    }

    /// Strict UTF-8 (no replacement characters), without a leading byte order mark.
    static func utf8(_ bytes: [UInt8], skippingBOM: Bool) -> String? {
        String(validating: skippingBOM ? bytes.dropFirst(utf8BOM.count) : bytes[...], as: UTF8.self)
    }

    /// GB18030 through Foundation, without a leading byte order mark (GB18030 encodes U+FEFF as
    /// `84 31 95 33`); `nil` on any invalid sequence.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        guard let text = String(data: Data(bytes), encoding: gb18030) else { return nil }
        if text.unicodeScalars.first == "\u{FEFF}" { return String(text.unicodeScalars.dropFirst()) }
        return text
    }
}
