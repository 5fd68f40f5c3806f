import Foundation

/// A report as a table (issue 6 point 4): Chinese column headers and typed cells, rendered as CSV that Excel
/// opens with the right characters (UTF-8 with a byte order mark, CRLF, RFC 4180 quoting). Pure: no I/O.
package struct ReportTable: Sendable, Equatable {
    /// One cell. Money is shown in 元 with two decimals, shares as percent with two decimals, so Excel reads
    /// both as numbers.
    package enum Cell: Sendable, Equatable {
        case text(String)
        case fen(Fen)
        case share(BasisPoints)
        case int(Int)
        case bool(Bool)
        case empty
    }

    package var headers: [String]
    package var rows: [[Cell]]

    package init(headers: [String], rows: [[Cell]] = []) {
        self.headers = headers
        self.rows = rows
    }

    /// The UTF-8 byte order mark Excel needs to read UTF-8 CSV as UTF-8.
    package static let byteOrderMark = "\u{FEFF}"

    /// The table as CSV text, starting with the byte order mark; every line ends with CRLF.
    package func csv() -> String {
        var out = Self.byteOrderMark
        out += headers.map { Self.quote($0) }.joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map(Self.field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// The CSV bytes (UTF-8, with the byte order mark).
    package func csvBytes() -> [UInt8] { Array(csv().utf8) }

    static func field(_ cell: Cell) -> String {
        switch cell {
        case .text(let text):
            // A text starting like a formula is prefixed with an apostrophe, so a spreadsheet never runs it.
            if let first = text.first, "=+-@\t\r".contains(first) { return quote("'" + text) }
            return quote(text)
        case .fen(let fen): return Self.yuan(fen)
        case .share(let share): return share.description
        case .int(let n): return String(n)
        case .bool(let b): return b ? "是" : "否"
        case .empty: return ""
        }
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Fen as 元 with two decimals, no grouping: `-1234.05`.
    package static func yuan(_ fen: Fen) -> String {
        let magnitude = fen.rawValue.magnitude
        let cents = magnitude % 100
        return "\(fen.rawValue < 0 ? "-" : "")\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
