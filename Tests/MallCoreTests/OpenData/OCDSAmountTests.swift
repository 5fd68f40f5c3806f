import Foundation
import MallCore
import PropertyBased
import Testing

@Suite("Open data: fen → yuan exactly, as a JSON number (DOMAIN.md §X2, §P2)")
struct OCDSAmountTests {
    /// The JSON text of one value, e.g. `{"amount":1299.99,"currency":"CNY"}`.
    static func text(_ fen: Int64) throws -> String {
        String(decoding: try OCDSReleasePackage.encoder().encode(OCDSValue(Fen(fen))), as: UTF8.self)
    }

    @Test(
        "amounts are yuan with the decimal point shifted, never rounded",
        arguments: [
            (Int64(129_999), "1299.99"),
            (1, "0.01"),
            (10, "0.1"),
            (100, "1"),
            (0, "0"),
            (-305, "-3.05"),
            (1_129_908, "11299.08"),
            // 2^53 + 1 fen: a Double cannot hold this count, so any detour through Double would change it.
            (9_007_199_254_740_993, "90071992547409.93"),
            (Int64.max, "92233720368547758.07"),
            (Int64.min, "-92233720368547758.08"),
        ])
    func table(fen: Int64, yuan: String) throws {
        #expect(try Self.text(fen) == #"{"amount":\#(yuan),"currency":"CNY"}"#)
        #expect(OCDSAmount(Fen(fen)).description == yuan)
        #expect(OCDSAmount.yuan(exactlyFrom: Fen(fen)) == Decimal(string: yuan))
    }

    @Test("0.1 + 0.2 yuan is 0.3 yuan: sums happen in fen, and 30 fen is written 0.3")
    func noBinaryFractions() throws {
        let sum = Fen(10) + Fen(20)
        #expect(try Self.text(sum.rawValue) == #"{"amount":0.3,"currency":"CNY"}"#)
        #expect(0.1 + 0.2 != 0.3)  // what Double would have done
    }

    @Test("every fen amount is written as its exact yuan text and decodes back to the same fen")
    func roundTrip() async {
        await propertyCheck(input: Gen.int64(in: -1_000_000_000_000_000...1_000_000_000_000_000)) { fen in
            let text = try Self.text(fen)
            let magnitude = fen.magnitude
            var expected = "\(fen < 0 ? "-" : "")\(magnitude / 100)"
            let cents = magnitude % 100
            if cents != 0 { expected += cents % 10 == 0 ? ".\(cents / 10)" : (cents < 10 ? ".0\(cents)" : ".\(cents)") }
            #expect(text == #"{"amount":\#(expected),"currency":"CNY"}"#)
            let decoded = try JSONDecoder().decode(OCDSValue.self, from: Data(text.utf8))
            #expect(decoded.amount.fen == Fen(fen))
        }
    }

    @Test("a number with a third decimal is not an amount in fen")
    func thirdDecimalRefused() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(OCDSValue.self, from: Data(#"{"amount":1.005,"currency":"CNY"}"#.utf8))
        }
    }
}
