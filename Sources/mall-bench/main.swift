// Micro benchmark of the pricing engine (DOMAIN.md §P): N order quotes of one realistic line — listing tiers,
// an active promotion, a framework-agreement cap with volume tiers, a reference price and two fees (regional
// delivery, per-unit installation) — on one core. Usage: `swift run -c release mall-bench [N]` (default
// 5 000 000). Prints quotes per second and a checksum that keeps the optimiser from dropping the work.
import MallCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU time of this thread in seconds: on a shared machine wall time also counts other processes.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 5_000_000
guard count > 0 else { fatalError("N must be positive") }

guard let beijing = RegionCode("110000"), let tianjin = RegionCode("120000"), let buyer = RegionCode("110105"),
    let orderDate = LocalDate("2026-03-15"), let promotionStart = LocalDate("2026-03-01"),
    let promotionEnd = LocalDate("2026-03-31")
else { fatalError("benchmark constants are valid literals") }

let listing = ListingPrice(
    priceFen: Fen(459_900),
    tiers: [
        PriceTier(minQuantity: 10, unitPriceFen: Fen(449_900)), PriceTier(minQuantity: 50, unitPriceFen: Fen(439_900)),
        PriceTier(minQuantity: 100, unitPriceFen: Fen(429_900)),
    ],
    fees: [
        FeeRule(kind: .delivery, amountFen: Fen(5_000), perUnit: false, label: "送货（省外）"),
        FeeRule(kind: .delivery, amountFen: .zero, perUnit: false, regions: [beijing], label: "送货（省内）"),
        FeeRule(kind: .installation, amountFen: Fen(3_000), perUnit: true, label: "上门安装"),
    ],
    deliveryRegions: [beijing, tianjin])
let agreement = AgreementTerms(
    reference: "FA-2026-003/2", agreedPriceFen: Fen(445_000),
    volumeTiers: [PriceTier(minQuantity: 20, unitPriceFen: Fen(440_000))])
let promotion = Promotion(
    id: "SPRING-2026", startsOn: promotionStart, endsOn: promotionEnd, offer: .percentOff(.percent(3)))

// 64 inputs differing by quantity (1 … 64), so each iteration prices a different line.
let inputs: [[LineInput]] = (1...64).map { quantity in
    [
        LineInput(
            listing: listing, quantity: Int64(quantity), agreement: agreement, referencePriceFen: Fen(450_000),
            promotions: [promotion])
    ]
}
let engine = PricingEngine()

func run(_ n: Int) -> (checksum: Int64, seconds: Double, cpuSeconds: Double) {
    var checksum: Int64 = 0
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = threadCPUSeconds()
    for i in 0..<n {
        do {
            let quote = try engine.quote(lines: inputs[i & 63], buyerRegion: buyer, on: orderDate)
            checksum &+= quote.totalFen.rawValue &+ Int64(quote.lines[0].steps.count)
        } catch {
            fatalError("the benchmark input is valid: \(error)")
        }
    }
    let cpu = threadCPUSeconds() - cpuStart
    let (seconds, attoseconds) = (clock.now - start).components
    return (checksum, Double(seconds) + Double(attoseconds) / 1e18, cpu)
}

_ = run(min(count, 100_000))  // warm-up
let result = run(count)
print(
    "mall-bench: \(count) one-line order quotes, \(Int(result.seconds * 1000)) ms wall, "
        + "\(Int(result.cpuSeconds * 1000)) ms CPU"
)
print("quotes/s (wall): \(Int(Double(count) / result.seconds))")
print("quotes/s (CPU of one core): \(Int(Double(count) / result.cpuSeconds))")
print("ns/quote (CPU): \(Int(result.cpuSeconds * 1e9 / Double(count)))")
print("checksum: \(result.checksum)")
