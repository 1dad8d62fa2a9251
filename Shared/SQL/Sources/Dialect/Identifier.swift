/// Identifier rules: what a user may name a schema, table or column. Validated names are quoted
/// by the dialect; nothing that could break out of a quoted identifier ever reaches SQL.
public enum Identifier {
    public static let maxLength = 128

    /// nil when valid, otherwise the reason.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        if name.count > maxLength { return "must be at most \(maxLength) characters" }
        if name != name.trimmingCharacters(in: .whitespaces) { return "must not start or end with spaces" }
        for ch in name.unicodeScalars {
            if ch.value < 0x20 || ch.value == 0x7F { return "must not contain control characters" }
            if "\"'`;[]\\".unicodeScalars.contains(ch) { return "must not contain quotes, brackets, backslashes or semicolons" }
        }
        if name.hasPrefix("--") || name.contains("/*") || name.contains("*/") { return "must not contain comment markers" }
        return nil
    }

    public static func isValid(_ name: String) -> Bool { problem(name) == nil }
}
