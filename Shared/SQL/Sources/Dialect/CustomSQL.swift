/// Users' own extraction/load SQL (bundle `extractionQuery` / `loadQuery`): light lexical checks and
/// named parameters (`:column`), turned into Ferry's `$n` placeholders so values are always bound.
public enum CustomSQL {
    /// One statement: no ';' outside quotes and comments, except trailing ones.
    public static func isSingleStatement(_ sql: String) -> Bool {
        var sawSemicolon = false
        var ok = true
        scan(sql) { ch, inCode in
            guard inCode else { return }
            if ch == ";" { sawSemicolon = true } else if sawSemicolon && !ch.isWhitespace { ok = false }
        }
        return ok
    }

    public static func startsWithSelect(_ sql: String) -> Bool {
        let t = sql.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return t.hasPrefix("select") || t.hasPrefix("with") || t.hasPrefix("(")
    }

    /// Drops trailing semicolons (a query is wrapped in COPY (…) or a sub-select).
    public static func trimmed(_ sql: String) -> String {
        var s = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        while s.hasSuffix(";") { s = String(s.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        return s
    }

    /// Rewrites `:name` parameters to `$1…$n` (same name → same number) and answers the names in
    /// number order. `::type` casts and text inside quotes/comments are left alone.
    public static func namedParameters(_ sql: String) -> (sql: String, names: [String]) {
        var out = ""
        var names: [String] = []
        let chars = Array(sql)
        var i = 0
        var state = ScanState.code
        while i < chars.count {
            let ch = chars[i]
            if state == .code, ch == ":", i + 1 < chars.count, chars[i + 1] == ":" {
                out += "::"; i += 2; continue
            }
            if state == .code, ch == ":", i + 1 < chars.count, chars[i + 1].isLetter || chars[i + 1] == "_",
               i == 0 || chars[i - 1] != ":" {
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                let name = String(chars[(i + 1)..<j])
                let n: Int
                if let k = names.firstIndex(of: name) { n = k + 1 } else { names.append(name); n = names.count }
                out += "$\(n)"
                i = j
                continue
            }
            state = state.next(ch, chars, i)
            out.append(ch)
            i += 1
        }
        return (out, names)
    }

    enum ScanState: Equatable {
        case code, single, double, lineComment, blockComment
        func next(_ ch: Character, _ chars: [Character], _ i: Int) -> ScanState {
            switch self {
            case .code:
                if ch == "'" { return .single }
                if ch == "\"" { return .double }
                if ch == "-", i + 1 < chars.count, chars[i + 1] == "-" { return .lineComment }
                if ch == "/", i + 1 < chars.count, chars[i + 1] == "*" { return .blockComment }
                return .code
            case .single: return ch == "'" ? .code : .single
            case .double: return ch == "\"" ? .code : .double
            case .lineComment: return ch == "\n" ? .code : .lineComment
            case .blockComment: return ch == "/" && i > 0 && chars[i - 1] == "*" ? .code : .blockComment
            }
        }
    }

    /// Calls `body(char, isCode)` for each character.
    static func scan(_ sql: String, _ body: (Character, Bool) -> Void) {
        let chars = Array(sql)
        var state = ScanState.code
        for i in chars.indices {
            let before = state
            state = state.next(chars[i], chars, i)
            body(chars[i], before == .code && state == .code)
        }
    }
}
