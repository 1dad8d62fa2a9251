/// The keys of an ODBC connection string ("Driver={PostgreSQL Unicode};Server=…;Pwd=…"), read
/// only to name a missing driver and to mask secrets in messages. The string itself is never logged.
struct ODBCConnectionString {
    /// Keys lowercased, values without their braces.
    private(set) var pairs: [(key: String, value: String)] = []

    init(_ text: String) {
        var rest = Substring(text)
        while !rest.isEmpty {
            guard let eq = rest.firstIndex(of: "=") else { break }
            let key = rest[..<eq].trimmingSpaces.lowercased()
            rest = rest[rest.index(after: eq)...]
            var value = ""
            if rest.first == "{" {
                // {…} with "}}" as an escaped brace
                var i = rest.index(after: rest.startIndex)
                while i < rest.endIndex {
                    if rest[i] == "}" {
                        let next = rest.index(after: i)
                        if next < rest.endIndex, rest[next] == "}" { value.append("}"); i = rest.index(after: next); continue }
                        i = next
                        break
                    }
                    value.append(rest[i])
                    i = rest.index(after: i)
                }
                rest = rest[i...]
                if let semi = rest.firstIndex(of: ";") { rest = rest[rest.index(after: semi)...] } else { rest = "" }
            } else if let semi = rest.firstIndex(of: ";") {
                value = String(rest[..<semi].trimmingSpaces)
                rest = rest[rest.index(after: semi)...]
            } else {
                value = String(rest.trimmingSpaces)
                rest = ""
            }
            if !key.isEmpty { pairs.append((key, value)) }
        }
    }

    func value(_ key: String) -> String? { pairs.first { $0.key == key }?.value }

    var driver: String? { value("driver") }
    var dsn: String? { value("dsn") }

    /// Values that must never appear in a message.
    var secrets: [String] {
        pairs.filter { ["pwd", "password", "pass", "secret", "token"].contains($0.key) }.map(\.value).filter { !$0.isEmpty }
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
