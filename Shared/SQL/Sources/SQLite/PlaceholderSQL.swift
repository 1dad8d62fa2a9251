/// Ferry writes every parameter as `$1…$n`. The SQLite and ODBC drivers rewrite the SQL once per
/// statement: SQLite to numbered `?N` (repeats and any order bind one value each), ODBC to plain `?`
/// with the values re-ordered/duplicated per occurrence (`occurrences`).
///
/// Left untouched: `$` inside '…' literals (E'…' with backslash escapes too), "…" and `…` quoted
/// identifiers, -- and /* */ comments, PostgreSQL dollar-quoted bodies ($$…$$, $tag$…$tag$) and
/// `$` inside an identifier (`price$1`). The scan works on UTF-8 bytes: every delimiter is ASCII.
struct PlaceholderSQL: Sendable {
    enum Style: Sendable {
        /// `?1`, `?2`: SQLite binds by number.
        case numbered
        /// `?` per occurrence: ODBC binds by position.
        case positional
    }

    /// The SQL with placeholders rewritten.
    let sql: String
    /// 0-based value index for each placeholder, in order of appearance.
    let occurrences: [Int]
    /// How many values the statement takes: the highest `$n`.
    let parameterCount: Int

    init(_ source: String, style: Style) throws {
        let bytes = Array(source.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var occurrences: [Int] = []
        var i = 0
        let n = bytes.count

        func isIdentChar(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
        }
        /// Copies bytes[from..<to] verbatim.
        func copy(_ from: Int, _ to: Int) { out.append(contentsOf: bytes[from..<min(to, n)]) }

        while i < n {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "'"):
                // E'…' (PostgreSQL escape string): backslash escapes the next byte.
                let escapes = i > 0 && (bytes[i - 1] == UInt8(ascii: "E") || bytes[i - 1] == UInt8(ascii: "e"))
                    && (i < 2 || !isIdentChar(bytes[i - 2]))
                var j = i + 1
                while j < n {
                    if escapes && bytes[j] == UInt8(ascii: "\\") { j += 2; continue }
                    if bytes[j] == UInt8(ascii: "'") { break }   // '' is two literals back to back: same result
                    j += 1
                }
                copy(i, j + 1); i = j + 1
            case UInt8(ascii: "\""), UInt8(ascii: "`"):
                var j = i + 1
                while j < n && bytes[j] != b { j += 1 }
                copy(i, j + 1); i = j + 1
            case UInt8(ascii: "-") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "-"):
                var j = i + 2
                while j < n && bytes[j] != UInt8(ascii: "\n") { j += 1 }
                copy(i, j); i = j
            case UInt8(ascii: "/") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "*"):
                // PostgreSQL nests block comments; SQLite does not, but nested markers in SQLite SQL are rare.
                var depth = 1, j = i + 2
                while j < n && depth > 0 {
                    if bytes[j] == UInt8(ascii: "*") && j + 1 < n && bytes[j + 1] == UInt8(ascii: "/") { depth -= 1; j += 2 }
                    else if bytes[j] == UInt8(ascii: "/") && j + 1 < n && bytes[j + 1] == UInt8(ascii: "*") { depth += 1; j += 2 }
                    else { j += 1 }
                }
                copy(i, j); i = j
            case UInt8(ascii: "$") where i == 0 || !isIdentChar(bytes[i - 1]):
                var j = i + 1
                if j < n && bytes[j] >= 0x30 && bytes[j] <= 0x39 {
                    var number = 0
                    while j < n && bytes[j] >= 0x30 && bytes[j] <= 0x39 {
                        number = number * 10 + Int(bytes[j] - 0x30)
                        guard number <= 65_535 else { throw DriverError.usage("SQL", "parameter number after '$' is too large") }
                        j += 1
                    }
                    guard number >= 1 else { throw DriverError.usage("SQL", "parameter $0 is invalid: parameters are numbered from $1") }
                    occurrences.append(number - 1)
                    out.append(UInt8(ascii: "?"))
                    if style == .numbered { out.append(contentsOf: String(number).utf8) }
                    i = j
                    continue
                }
                // $tag$ … $tag$ (tag may be empty): skip the body when the closing tag exists.
                while j < n && isIdentChar(bytes[j]) { j += 1 }   // a digit after '$' was handled above
                if j < n && bytes[j] == UInt8(ascii: "$") {
                    let tag = bytes[i...j]
                    if let close = PlaceholderSQL.find(tag, in: bytes, from: j + 1) {
                        copy(i, close + tag.count); i = close + tag.count
                        continue
                    }
                }
                out.append(b); i += 1
            default:
                out.append(b); i += 1
            }
        }
        self.sql = String(decoding: out, as: UTF8.self)
        self.occurrences = occurrences
        self.parameterCount = (occurrences.max() ?? -1) + 1
    }

    /// Throws when the caller passes a different number of values than the SQL uses.
    func check(valueCount: Int, driver: String) throws {
        try PlaceholderSQL.check(valueCount: valueCount, parameterCount: parameterCount, driver: driver)
    }

    static func check(valueCount: Int, parameterCount: Int, driver: String) throws {
        guard valueCount != parameterCount else { return }
        throw DriverError.usage(driver, "the statement uses \(parameterCount == 0 ? "no parameters" : "$1…$\(parameterCount)") but \(valueCount) value\(valueCount == 1 ? " was" : "s were") given")
    }

    private static func find(_ needle: ArraySlice<UInt8>, in hay: [UInt8], from start: Int) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var k = start
        while k + needle.count <= hay.count {
            if hay[k] == needle.first, hay[k..<(k + needle.count)].elementsEqual(needle) { return k }
            k += 1
        }
        return nil
    }
}
