import Foundation

/// Splits a SQL script into statements, because PostgresNIO's extended protocol sends one statement per
/// query (DESIGN.md §6). Understands single-quoted strings (with `''` and, after `E`, backslash escapes),
/// double-quoted identifiers, `--` and nested `/* */` comments, and `$tag$ … $tag$` bodies.
package enum SQLScript {
    /// The statements of `script` in order, trimmed, without empty ones and without a trailing `;`.
    /// Comment-only pieces are dropped.
    package static func statements(_ script: String) -> [String] {
        let chars = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var hasCode = false
        var i = 0

        func flush() {
            let text = String(current).trimmingWhitespace()
            if hasCode && !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
            hasCode = false
        }
        func peek(_ offset: Int) -> Unicode.Scalar? { i + offset < chars.count ? chars[i + offset] : nil }

        while i < chars.count {
            let c = chars[i]
            switch c {
            case "-" where peek(1) == "-":
                while i < chars.count && chars[i] != "\n" {
                    current.append(chars[i])
                    i += 1
                }
            case "/" where peek(1) == "*":
                var depth = 0
                repeat {
                    if chars[i] == "/" && peek(1) == "*" {
                        depth += 1
                        current.append(contentsOf: [chars[i], chars[i + 1]])
                        i += 2
                    } else if chars[i] == "*" && peek(1) == "/" {
                        depth -= 1
                        current.append(contentsOf: [chars[i], chars[i + 1]])
                        i += 2
                    } else {
                        current.append(chars[i])
                        i += 1
                    }
                } while depth > 0 && i < chars.count
            case "'":
                let backslashEscapes = i > 0 && (chars[i - 1] == "E" || chars[i - 1] == "e")
                    && (i < 2 || !isIdentifierPart(chars[i - 2]))
                hasCode = true
                current.append(c)
                i += 1
                while i < chars.count {
                    let d = chars[i]
                    current.append(d)
                    i += 1
                    if backslashEscapes && d == "\\", i < chars.count {
                        current.append(chars[i])
                        i += 1
                    } else if d == "'" {
                        if peek(0) == "'" {
                            current.append(chars[i])
                            i += 1
                        } else {
                            break
                        }
                    }
                }
            case "\"":
                hasCode = true
                current.append(c)
                i += 1
                while i < chars.count {
                    let d = chars[i]
                    current.append(d)
                    i += 1
                    if d == "\"" {
                        if peek(0) == "\"" {
                            current.append(chars[i])
                            i += 1
                        } else {
                            break
                        }
                    }
                }
            case "$":
                hasCode = true
                if let tag = dollarTag(chars, at: i) {
                    current.append(contentsOf: tag)
                    i += tag.count
                    while i < chars.count {
                        if chars[i] == "$", matches(chars, at: i, tag) {
                            current.append(contentsOf: tag)
                            i += tag.count
                            break
                        }
                        current.append(chars[i])
                        i += 1
                    }
                } else {
                    current.append(c)
                    i += 1
                }
            case ";":
                i += 1
                flush()
            default:
                if !c.properties.isWhitespace { hasCode = true }
                current.append(c)
                i += 1
            }
        }
        flush()
        return statements
    }

    /// Whether a script's header asks to run outside a transaction (`-- govmall:no-transaction`).
    package static func wantsNoTransaction(_ script: String) -> Bool {
        for line in script.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingWhitespace()
            guard trimmed.hasPrefix("--") else { return false }
            if trimmed.replacingOccurrences(of: " ", with: "") == "--govmall:no-transaction" { return true }
        }
        return false
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c)
    }

    /// `$$` or `$tag$` starting at `index`; `nil` for a positional parameter such as `$1`.
    private static func dollarTag(_ chars: [Unicode.Scalar], at index: Int) -> [Unicode.Scalar]? {
        if index > 0 && isIdentifierPart(chars[index - 1]) { return nil }
        var j = index + 1
        while j < chars.count, chars[j] != "$" {
            let c = chars[j]
            guard c == "_" || c.properties.isAlphabetic || (j > index + 1 && ("0"..."9").contains(c)) else {
                return nil
            }
            j += 1
        }
        guard j < chars.count else { return nil }
        return Array(chars[index...j])
    }

    private static func matches(_ chars: [Unicode.Scalar], at index: Int, _ tag: [Unicode.Scalar]) -> Bool {
        guard index + tag.count <= chars.count else { return false }
        for (offset, t) in tag.enumerated() where chars[index + offset] != t { return false }
        return true
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
