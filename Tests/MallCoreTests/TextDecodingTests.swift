import Foundation
import MallCore
import Testing

@Suite("Text decoding of uploads: UTF-8 with or without BOM, or GB18030 as Excel on Chinese Windows writes it")
struct TextDecodingTests {
    @Test("UTF-8 without a byte order mark is read as UTF-8")
    func utf8() throws {
        let (text, encoding) = try TextDecoding.decode(Array("品目编码,标题\r\n".utf8))
        #expect(text == "品目编码,标题\r\n")
        #expect(encoding == .utf8)
    }

    @Test("a UTF-8 byte order mark (Excel's \"CSV UTF-8\") is read and removed")
    func utf8WithBOM() throws {
        let (text, encoding) = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("标题,brand".utf8))
        #expect(text == "标题,brand")
        #expect(text.unicodeScalars.first != "\u{FEFF}")
        #expect(encoding == .utf8)
    }

    /// Byte sequences from an independent encoder (Python's `gb18030` codec), so the test does not only check
    /// Foundation against itself.
    @Test(
        "GBK two-byte and GB18030 four-byte sequences decode to the right characters",
        arguments: [
            (
                [0xC6, 0xB7, 0xC4, 0xBF, 0xB1, 0xE0, 0xC2, 0xEB, 0x2C, 0xB1, 0xEA, 0xCC, 0xE2, 0x0D, 0x0A],
                "品目编码,标题\r\n"
            ),
            ([0xB4, 0xF2, 0xD3, 0xA1, 0xBB, 0xFA], "打印机"),
            ([0xC1, 0xAA, 0xCF, 0xEB, 0x20, 0x45, 0x31, 0x34], "联想 E14"),
            ([0xA2, 0xE3, 0xA1, 0xA4], "€·"),
            ([0x81, 0x30, 0x81, 0x30], "\u{80}"),
            ([0x95, 0x32, 0x82, 0x36], "\u{20000}"),
        ] as [([UInt8], String)])
    func gb18030(_ bytes: [UInt8], _ expected: String) throws {
        let (text, encoding) = try TextDecoding.decode(bytes)
        #expect(text == expected)
        #expect(encoding == .gb18030)
    }

    @Test("a long GB18030 document round-trips through Foundation's encoder")
    func roundTrip() throws {
        let line = "A02010108,联想 ThinkPad E14 便携式计算机（黑色）,联想,E14,台,459900,“节能”€·—…𠀀\r\n"
        let document = String(repeating: line, count: 2_000)
        let bytes = try #require(document.data(using: TextDecoding.gb18030))
        #expect(bytes.count < document.utf8.count)
        let (text, encoding) = try TextDecoding.decode(Array(bytes))
        #expect(encoding == .gb18030)
        #expect(text == document)
    }

    @Test("a declared charset is honoured: bytes that are valid UTF-8 are read as GBK when the upload says so")
    func declaredCharset() throws {
        #expect(try TextDecoding.decode([0xC3, 0xA9]).text == "é")
        let declared = try TextDecoding.decode([0xC3, 0xA9], charset: "GBK")
        #expect(declared.text == "茅")
        #expect(declared.encoding == .gb18030)
        #expect(throws: TextDecoding.Failure.invalid(.utf8)) {
            try TextDecoding.decode([0xC4, 0xE3, 0xBA, 0xC3], charset: "utf-8")
        }
    }

    @Test("a GB18030 byte order mark is removed; a UTF-8 BOM wins over a GBK label")
    func boms() throws {
        let gb = try TextDecoding.decode([0x84, 0x31, 0x95, 0x33, 0xC4, 0xE3])
        #expect(gb.text == "你" && gb.encoding == .gb18030)
        let labelled = try TextDecoding.decode([0xEF, 0xBB, 0xBF, 0xE4, 0xBD, 0xA0], charset: "gb18030")
        #expect(labelled.text == "你" && labelled.encoding == .utf8)
    }

    @Test("bytes that are neither UTF-8 nor GB18030, UTF-16 and unknown charsets are refused")
    func failures() {
        #expect(throws: TextDecoding.Failure.invalid(.gb18030)) { try TextDecoding.decode([0x41, 0xFF, 0x42]) }
        #expect(throws: TextDecoding.Failure.invalid(.gb18030)) { try TextDecoding.decode([0x41, 0x81]) }
        #expect(throws: TextDecoding.Failure.invalid(.utf8)) {
            try TextDecoding.decode([0xEF, 0xBB, 0xBF, 0xC4, 0xE3])
        }
        #expect(throws: TextDecoding.Failure.utf16) { try TextDecoding.decode([0xFF, 0xFE, 0x41, 0x00]) }
        #expect(throws: TextDecoding.Failure.unsupportedCharset("latin1")) {
            try TextDecoding.decode([0x41], charset: "latin1")
        }
    }

    @Test(
        "the charset parameter of a Content-Type",
        arguments: [
            ("text/csv; charset=GB18030", "gb18030"), ("text/csv;charset=\"utf-8\"", "utf-8"),
            ("text/csv; header=present; charset=gbk", "gbk"), ("text/csv", nil), (nil, nil),
        ] as [(String?, String?)])
    func charset(_ contentType: String?, _ expected: String?) {
        #expect(TextDecoding.charset(ofContentType: contentType) == expected)
    }
}
