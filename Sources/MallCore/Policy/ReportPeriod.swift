/// The period of a policy report (DOMAIN.md §V3: month, quarter or year): a year, `2026-Q2` or `2026-05`.
package struct ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    /// The granularity.
    package enum Kind: String, Sendable, Hashable { case year, quarter, month }

    package var kind: Kind
    package var year: Int
    /// 1–4 for a quarter, 1–12 for a month, 0 for a year.
    package var index: Int

    /// A whole year.
    package static func year(_ year: Int) -> ReportPeriod { ReportPeriod(kind: .year, year: year, index: 0) }

    private init(kind: Kind, year: Int, index: Int) {
        self.kind = kind
        self.year = year
        self.index = index
    }

    /// Parses `2026`, `2026-Q2` or `2026-05` (years 2000–2100).
    package init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first), (2000...2100).contains(year) else {
            return nil
        }
        switch parts.count {
        case 1: self.init(kind: .year, year: year, index: 0)
        case 2 where parts[1].count == 2 && parts[1].first == "Q":
            guard let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
            self.init(kind: .quarter, year: year, index: q)
        case 2 where parts[1].count == 2:
            guard let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            self.init(kind: .month, year: year, index: m)
        default: return nil
        }
    }

    /// The first day of the first month.
    package var firstMonth: LocalDate {
        let month =
            switch kind {
            case .year: 1
            case .quarter: (index - 1) * 3 + 1
            case .month: index
            }
        return LocalDate(year: year, month: month, day: 1) ?? LocalDate(dayNumber: 0)
    }

    /// The first day of the last month.
    package var lastMonth: LocalDate {
        let month =
            switch kind {
            case .year: 12
            case .quarter: index * 3
            case .month: index
            }
        return LocalDate(year: year, month: month, day: 1) ?? LocalDate(dayNumber: 0)
    }

    /// The first days of every month in the period.
    package var months: [LocalDate] {
        (firstMonth.month...lastMonth.month).compactMap { LocalDate(year: year, month: $0, day: 1) }
    }

    /// `2026`, `2026-Q2`, `2026-05`.
    package var description: String {
        switch kind {
        case .year: "\(year)"
        case .quarter: "\(year)-Q\(index)"
        case .month: index < 10 ? "\(year)-0\(index)" : "\(year)-\(index)"
        }
    }

    /// The period in Chinese, for report titles: `2026年`, `2026年第2季度`, `2026年5月`.
    package var chineseLabel: String {
        switch kind {
        case .year: "\(year)年"
        case .quarter: "\(year)年第\(index)季度"
        case .month: "\(year)年\(index)月"
        }
    }
}
