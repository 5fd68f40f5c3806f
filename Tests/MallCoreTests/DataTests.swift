import Foundation
import MallCore
import Testing

@Suite("CSV, cursors and ids")
struct DataTests {
    @Test("a UUID's lower-case form is Foundation's uuidString, lower-cased")
    func uuidLowercased() {
        var samples = (0..<1_000).map { _ in UUID() }
        samples += [
            UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
            UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
            UUID(uuid: (0x0F, 0xF0, 0xA5, 0x5A, 0x10, 0x01, 0x9C, 0xC9, 0x7E, 0xE7, 0x3B, 0xB3, 0xD2, 0x2D, 0x64, 0x46)),
        ]
        for id in samples {
            #expect(id.lowercasedString == id.uuidString.lowercased())
            #expect(ID<Int>(id).description == id.uuidString.lowercased())
        }
    }

    @Test("UUID(canonical:) accepts exactly what UUID(uuidString:) accepts, and reads the same bytes")
    func uuidCanonicalParse() {
        var texts = (0..<1_000).flatMap { _ in
            let text = UUID().uuidString
            return [text, text.lowercased()]
        }
        let sample = "019f94d0-58fb-7115-a115-80a9d00d2ead"
        texts += [
            sample, sample.uppercased(), "00000000-0000-0000-0000-000000000000", "FFFFFFFF-ffff-FfFf-fFfF-ffffffffffff",
            "", "0", String(sample.dropLast()), sample + "0", " " + sample, sample + " ",
            sample.replacingOccurrences(of: "-", with: ""), sample.replacingOccurrences(of: "-", with: "_"),
            "019f94d0-58fb-7115-a115-80a9d00d2eaG", "019f94d0-58fb-7115-a115-80a9d00d2ea/",
            "019f94d0-58fb-7115-a115-80a9d00d2ea:", "019f94d0-58fb-7115-a115-80a9d00d2ea@",
            "019f94d0-58fb-7115-a115-80a9d00d2ea`", "019f94d0-58fb-7115-a115-80a9d00d2ea¡",
            "019f94d058fb-7115-a115-80a9d00d2ead-", "-019f94d058fb-7115-a115-80a9d00d2ead",
            "019f94d0-58fb-7115-a115-80a9d00d2e", "019f94d0-58fb-7115-a115-80a9d00d2e打",
            "{019f94d0-58fb-7115-a115-80a9d00d2e}", "019f94d0+58fb-7115-a115-80a9d00d2ead",
        ]
        for text in texts {
            #expect(UUID(canonical: text) == UUID(uuidString: text), "\(text)")
            #expect(UUID(canonical: text[...]) == UUID(uuidString: text), "\(text)")
        }
        #expect(ID<Int>(sample)?.description == sample)
        #expect(ID<Int>(sample.uppercased())?.description == sample)
    }

    @Test("CSV handles a BOM, CRLF, quotes, doubled quotes and commas inside quotes")
    func csv() throws {
        let text = "\u{FEFF}code,name,note\r\n1,\"a, b\",\"say \"\"hi\"\"\"\r\n2,c,\n"
        let rows = try CSV.parse(text)
        #expect(rows == [["code", "name", "note"], ["1", "a, b", "say \"hi\""], ["2", "c", ""]])
        let keyed = try CSV.parseWithHeader(text)
        #expect(keyed[0]["name"] == "a, b")
    }

    @Test("malformed CSV names its line")
    func csvErrors() {
        #expect(throws: CSV.ParseError(line: 2, message: "a quoted field is not closed")) {
            try CSV.parse("a,b\n1,\"open\n")
        }
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a\"b\n") }
    }

    @Test("cursors round-trip and forged ones are refused")
    func cursors() throws {
        let id = UUID()
        let cursor = Cursor(key: "2026-03-02T01:00:00.123456Z", id: id)
        #expect(try Cursor(encoded: cursor.encoded) == cursor)
        #expect(try Cursor(encoded: Cursor(key: "110000").encoded).key == "110000")
        #expect(throws: DomainError.self) { try Cursor(encoded: "%%%") }
        #expect(throws: DomainError.self) { try Cursor(encoded: Cursor(key: "x|not-a-uuid").encoded) }
        // base64url: a key whose base64 has '+', '/' and padding round-trips; over 512 bytes is refused unread.
        let awkward = Cursor(key: "\u{FB}\u{FF}?>", id: id)
        #expect(awkward.encoded.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(try Cursor(encoded: awkward.encoded) == awkward)
        #expect(throws: DomainError.self) { try Cursor(encoded: String(repeating: "QUFB", count: 129)) }
    }

    @Test("time-ordered ids are UUIDv7 and sort by time")
    func uuidV7() {
        let early = IDGenerator.timeOrdered(now: { Date(timeIntervalSince1970: 1_700_000_000) }).nextUUID()
        let late = IDGenerator.timeOrdered(now: { Date(timeIntervalSince1970: 1_700_000_001) }).nextUUID()
        #expect(early.uuidString.lowercased().dropFirst(14).first == "7")
        #expect(early.uuidString < late.uuidString)
    }
}
