import Foundation

/// An OCDS amount: a JSON number in currency units (yuan), converted exactly from integer fen (DOMAIN.md §X2,
/// §P2).
///
/// OCDS `Value.amount` is a number of yuan, while GovMall counts fen. The conversion,
/// `OCDSAmount.yuan(exactlyFrom:)`, is a shift of the decimal point, never a division in floating point: the
/// amount is a `Decimal` built from the fen count as significand and the exponent −2 (`129999` fen is
/// written `1299.99`), so no `Double` rounding can creep in, for every `Int64` count of fen. `Decimal` is
/// used only for this encoding, never for arithmetic (STYLE.md §2.5); sums are made in `Fen` before.
package struct OCDSAmount: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount in fen.
    package let fen: Fen

    /// Wraps an amount in fen.
    package init(_ fen: Fen) { self.fen = fen }

    /// The conversion fen → yuan: exact, `fen × 10⁻²` as a decimal (1 yuan = 100 fen).
    package static func yuan(exactlyFrom fen: Fen) -> Decimal {
        Decimal(sign: fen.rawValue < 0 ? .minus : .plus, exponent: -2, significand: Decimal(fen.rawValue.magnitude))
    }

    /// The exact amount in yuan, as encoded in the JSON.
    package var yuan: Decimal { OCDSAmount.yuan(exactlyFrom: fen) }

    /// The amount in yuan as it appears in the JSON, shortest form, e.g. `1299.99`, `0.05`, `-3.1`, `12`; made
    /// with integer division by 100 (an independent check of the `Decimal` encoding).
    package var description: String {
        let (whole, cents) = fen.rawValue.magnitude.quotientAndRemainder(dividingBy: 100)
        let sign = fen.rawValue < 0 ? "-" : ""
        switch cents {
        case 0: return "\(sign)\(whole)"
        case let c where c % 10 == 0: return "\(sign)\(whole).\(c / 10)"
        case let c where c < 10: return "\(sign)\(whole).0\(c)"
        default: return "\(sign)\(whole).\(cents)"
        }
    }

    /// Decodes a number of yuan with at most two decimals back into fen, exactly.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let fenText = (try container.decode(Decimal.self) * 100).description
        guard let fen = Int64(fenText) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "an amount has at most 2 decimals")
        }
        self.fen = Fen(fen)
    }

    /// Encodes the amount as a JSON number of yuan.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(yuan)
    }
}

/// OCDS `Value`: an amount with its currency, always `CNY` here.
package struct OCDSValue: Sendable, Hashable, Codable {
    /// The amount in yuan.
    package var amount: OCDSAmount
    /// ISO 4217 currency code.
    package var currency: String

    /// A value in renminbi.
    package init(_ fen: Fen) {
        self.amount = OCDSAmount(fen)
        self.currency = "CNY"
    }
}

/// OCDS `Period`: start and end as RFC 3339 date-times.
package struct OCDSPeriod: Sendable, Hashable, Codable {
    /// The start of the period.
    package var startDate: String?
    /// The end of the period.
    package var endDate: String?
    /// The period's length in whole days.
    package var durationInDays: Int?

    /// Creates a period.
    package init(startDate: String? = nil, endDate: String? = nil, durationInDays: Int? = nil) {
        self.startDate = startDate
        self.endDate = endDate
        self.durationInDays = durationInDays
    }
}

/// How dates are written in OCDS releases: RFC 3339 date-times in China Standard Time, `+08:00`
/// (`LocalDate.chinaTimeZone`, STYLE.md §2.6), to the second.
///
/// The API serves instants in UTC; open data is read by the public in China, so its dates carry the offset
/// of the business day they belong to (an order paid at 00:30 Beijing time is paid on that day, not on the
/// previous UTC day). Both denote the same instant. The text is built with integer arithmetic, not a
/// Foundation format style, so it cannot change with the platform's defaults (`+0800` is not RFC 3339).
package enum OCDSDate {
    /// China's fixed offset from UTC in seconds (no daylight saving time).
    package static let chinaOffsetSeconds: Int64 = 28_800

    /// An instant in China time, to the second (fractions are dropped), e.g. `2025-03-01T10:03:04+08:00`.
    package static func string(_ instant: Date) -> String {
        let local = Int64(instant.timeIntervalSince1970.rounded(.down)) + chinaOffsetSeconds
        let (days, second) = floorDivision(local, 86_400)
        let date = LocalDate(dayNumber: Int(days))
        return "\(date)T\(two(second / 3_600)):\(two(second % 3_600 / 60)):\(two(second % 60))+08:00"
    }

    /// The start of a business day in China, e.g. `2025-03-01T00:00:00+08:00`.
    package static func startOfDay(_ date: LocalDate) -> String { "\(date)T00:00:00+08:00" }

    /// The last second of a business day in China, e.g. `2026-02-28T23:59:59+08:00`.
    package static func endOfDay(_ date: LocalDate) -> String { "\(date)T23:59:59+08:00" }

    /// Quotient rounded towards minus infinity and a remainder in `0..<divisor` (instants before 1970 too).
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
