import Foundation

/// An OCDS amount: a JSON number in currency units (yuan), converted exactly from integer fen (DOMAIN.md §X2,
/// §P2).
///
/// OCDS `Value.amount` is a number of yuan, while GovMall counts fen. The conversion is a shift of the decimal
/// point, never a division in floating point: the amount is encoded as a `Decimal` built from the fen count
/// and the exponent −2 (`129999` fen is written `1299.99`), so no `Double` rounding can creep in. `Decimal`
/// is used only for this encoding, never for arithmetic (STYLE.md §2.5).
package struct OCDSAmount: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount in fen.
    package let fen: Fen

    /// Wraps an amount in fen.
    package init(_ fen: Fen) { self.fen = fen }

    /// The exact amount in yuan.
    package var yuan: Decimal {
        let magnitude = Decimal(fen.rawValue.magnitude)
        return Decimal(sign: fen.rawValue < 0 ? .minus : .plus, exponent: -2, significand: magnitude)
    }

    /// The amount in yuan as it appears in the JSON, e.g. `1299.99`, `0.05`, `-3.1`, `12`.
    package var description: String { yuan.description }

    /// Decodes a number of yuan with at most two decimals back into fen, exactly.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let fenText = (try container.decode(Decimal.self) * 100).description
        guard let fen = Int64(fenText) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "an amount has at most 2 decimals")
        }
        self.fen = Fen(fen)
    }

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

/// How dates are written in OCDS releases: RFC 3339 date-times.
package enum OCDSDate {
    /// An instant in UTC, to the second, e.g. `2025-03-01T02:03:04Z`.
    package static func string(_ instant: Date) -> String {
        instant.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// The start of a business day in China, e.g. `2025-03-01T00:00:00+08:00` (STYLE.md §2.6).
    package static func startOfDay(_ date: LocalDate) -> String { "\(date)T00:00:00+08:00" }

    /// The last second of a business day in China, e.g. `2026-02-28T23:59:59+08:00`.
    package static func endOfDay(_ date: LocalDate) -> String { "\(date)T23:59:59+08:00" }

    /// A compact UTC stamp for identifiers, e.g. `20250301T020304Z`.
    package static func compact(_ instant: Date) -> String {
        string(instant).filter { $0 != "-" && $0 != ":" }
    }
}
