/// RFC 4180 CSV: comma-separated fields, optional double quotes, `""` for a quote inside a quoted field,
/// CRLF or LF line ends. A leading UTF-8 byte order mark is skipped.
package enum CSV {
    /// A malformed document: an unterminated quoted field, or a quote inside an unquoted field.
    package struct ParseError: Error, Sendable, Equatable {
        /// 1-based line of the problem.
        package var line: Int
        package var message: String

        package init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// The records of `text`, each a list of fields. A trailing empty line makes no record.
    package static func parse(_ text: String) throws(ParseError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var line = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var quoteStartLine = 1
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func next() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return iterator.next()
        }

        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            field.append("\"")
                        } else {
                            inQuotes = false
                            pending = n
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                record.append(String(field))
                field = .init()
                fieldWasQuoted = false
            case "\r":
                if let n = next(), n != "\n" { pending = n }
                fallthrough
            case "\n":
                record.append(String(field))
                records.append(record)
                record = []
                field = .init()
                fieldWasQuoted = false
                line += 1
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else {
                    throw ParseError(line: line, message: "a quote inside an unquoted field")
                }
                inQuotes = true
                fieldWasQuoted = true
                quoteStartLine = line
            default:
                if fieldWasQuoted {
                    throw ParseError(line: line, message: "text after a closing quote")
                }
                field.append(c)
            }
        }
        if inQuotes { throw ParseError(line: quoteStartLine, message: "a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted {
            record.append(String(field))
            records.append(record)
        }
        return records
    }

    /// Records as dictionaries keyed by the header row's names.
    package static func parseWithHeader(_ text: String) throws(ParseError) -> [[String: String]] {
        let records = try parse(text)
        guard let header = records.first else { return [] }
        return records.dropFirst().map { record in
            var row: [String: String] = [:]
            for (index, name) in header.enumerated() { row[name] = index < record.count ? record[index] : "" }
            return row
        }
    }
}
