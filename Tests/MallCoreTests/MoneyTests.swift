import MallCore
import PropertyBased
import Testing

@Suite("Money: integer fen, basis points and named rounding (DOMAIN.md §P2)")
struct MoneyTests {
    @Test(
        "each rounding mode divides as named",
        arguments: [
            // (numerator, denominator, halfUp, halfEven, down, up)
            (Int128(25), Int128(10), Int128(3), Int128(2), Int128(2), Int128(3)),
            (35, 10, 4, 4, 3, 4),
            (34, 10, 3, 3, 3, 4),
            (36, 10, 4, 4, 3, 4),
            (-25, 10, -3, -2, -2, -3),
            (-34, 10, -3, -3, -3, -4),
            (40, 10, 4, 4, 4, 4),
        ])
    func roundingTable(_ n: Int128, _ d: Int128, _ halfUp: Int128, _ halfEven: Int128, _ down: Int128, _ up: Int128) {
        #expect(Rounding.halfUp.divide(n, by: d) == halfUp)
        #expect(Rounding.halfEven.divide(n, by: d) == halfEven)
        #expect(Rounding.down.divide(n, by: d) == down)
        #expect(Rounding.up.divide(n, by: d) == up)
    }

    @Test("a 10 % SME deduction of ¥1 299.99 rounds half up to the fen once (§K2, §P2)")
    func deductionExample() {
        let price = Fen(129_999)
        #expect(price.applying(BasisPoints.percent(10).complement, rounding: .halfUp) == Fen(116_999))  // 116 999.1
        #expect(Fen(15).applying(.percent(50), rounding: .halfUp) == Fen(8))  // 7.5 → 8
        #expect(Fen(15).applying(.percent(50), rounding: .halfEven) == Fen(8))  // 7.5 → 8 (even)
        #expect(Fen(25).applying(.percent(50), rounding: .halfEven) == Fen(12))  // 12.5 → 12 (even)
    }

    @Test("applying a rate is within half a fen of the exact value for half-up, and never rises with .down")
    func applyingProperty() async {
        await propertyCheck(input: Gen.int64(in: 0...10_000_000_000), Gen.int32(in: 0...10_000)) { amount, bp in
            let exactTimes10000 = Int128(amount) * Int128(bp)
            let halfUp = Fen(amount).applying(BasisPoints(bp), rounding: .halfUp).rawValue
            let error = Int128(halfUp) * 10_000 - exactTimes10000
            #expect(error.magnitude * 2 <= 10_000)
            let down = Fen(amount).applying(BasisPoints(bp), rounding: .down).rawValue
            #expect(Int128(down) * 10_000 <= exactTimes10000)
            #expect(down <= amount)  // a rate ≤ 100 % never raises a price
        }
    }

    @Test("shares are basis points of integer amounts")
    func shares() {
        #expect(BasisPoints.share(Fen(1), of: Fen(3), rounding: .halfUp) == BasisPoints(3333))
        #expect(BasisPoints.share(Fen(2), of: Fen(3), rounding: .halfUp) == BasisPoints(6667))
        #expect(BasisPoints.share(Fen(5), of: .zero, rounding: .halfUp) == .zero)
        #expect(BasisPoints(1250).description == "12.50%")
        #expect(Fen(129_900).description == "1299.00")
        #expect(Fen(-5).description == "-0.05")
    }
}
