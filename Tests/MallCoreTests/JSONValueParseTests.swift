import Foundation
import MallCore
import Testing

@Suite("JSONValue's fast parser agrees with JSONDecoder")
struct JSONValueParseTests {
    static func decoded(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test("PostgreSQL's jsonb text, escapes, surrogate pairs, nesting and blanks parse as JSONDecoder reads them")
    func agreesOnValidJSON() {
        let texts = [
            #"{"分辨率": "4800×1200dpi", "打印速度": "33页/分钟", "首页输出时间": "≤6.3秒"}"#,
            #"{"a": 1, "b": -42, "c": true, "d": false, "e": null, "f": [], "g": {}, "h": [1, [2, {"i": "j"}]]}"#,
            #"{"q":"say \"hi\" \\ \/ \b\f\n\r\t","u":"\u00e9\u4e2d\ud83d\ude00","ctl":"\u0001"}"#,
            #"{"mixed": "前\n后\"中\"尾", "max": 9223372036854775807, "min": -9223372036854775808, "zero": 0}"#,
            " \n\t[ 1 , \"x\" , { } ]\r\n",
            #""plain""#, "0", "-0", "true", "null", "[]", "{}",
        ]
        for text in texts {
            let fast = JSONValue.parse(text)
            #expect(fast != nil, "\(text)")
            #expect(fast == Self.decoded(text), "\(text)")
        }
    }

    @Test("what the fast path does not handle answers nil, never a different value")
    func declinesTheRest() {
        let texts = [
            "1.5", "1e3", "-1E2", "9223372036854775808", "-9223372036854775809", "01", "-", "", "[1,]", "{\"a\" 1}",
            "{\"a\":1,}", "[1 2]",
            "\"open", "\"bad \\x escape\"", "\"lone \\ud83d\"", "\"low \\ude00\"", "\"raw\ttab\"", "tru", "nul",
            "[1] x", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        ]
        for text in texts {
            #expect(JSONValue.parse(text) == nil, "\(text)")
        }
    }

    @Test("round trips of generated documents through JSONEncoder")
    func roundTrips() throws {
        var random = SplitMix(seed: 20_261_124)
        let alphabet = Array("ab中文×≤\"\\/\n\t\u{1}é😀 ,:{}[]")
        func string() -> String {
            String((0..<random.below(8)).map { _ in alphabet[random.below(alphabet.count)] })
        }
        func value(_ depth: Int) -> JSONValue {
            switch random.below(depth > 2 ? 4 : 6) {
            case 0: return .null
            case 1: return .bool(random.below(2) == 0)
            case 2: return .int(Int64(bitPattern: random.next()) >> random.below(64))
            case 3: return .string(string())
            case 4: return .array((0..<random.below(4)).map { _ in value(depth + 1) })
            default:
                return .object(Dictionary((0..<random.below(4)).map { _ in (string(), value(depth + 1)) }) { a, _ in a })
            }
        }
        for _ in 0..<500 {
            let document = value(0)
            let text = String(decoding: try JSONEncoder().encode(document), as: UTF8.self)
            #expect(JSONValue.parse(text) == document, "\(text)")
        }
    }
}

/// A small seeded generator, so a failing document can be reproduced.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
