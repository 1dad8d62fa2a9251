/// How Ferry's logical types live in SQLite's declared column types.
///
/// The decimal rule: SQLite gives a column declared DECIMAL/NUMERIC "numeric affinity", which turns
/// any number-looking text into a REAL, so "12345678901234567890123456.7890123456" would come back
/// as 1.23456789012346e+25. A column declared `DECIMAL_TEXT(p,s)` has TEXT affinity (the name
/// contains "TEXT") and keeps the exact text the driver binds; discovery maps it back to
/// decimal(p,s). Ferry therefore creates SQLite decimal columns as DECIMAL_TEXT(p,s). Values read
/// from a plain DECIMAL column are still decimals, exact only as far as SQLite stored them
/// (integers exactly, REALs to their shortest round-trip text).
/// Cost of the rule: SQLite compares DECIMAL_TEXT values as text (ORDER BY, <, MAX); arithmetic
/// (SUM, +) converts them to numbers as usual.
public enum SQLiteTypes {
    /// Column type for CREATE TABLE in SQLite: `TypeMapping`'s, except decimals (see above).
    public static func columnType(_ t: SQLType) -> String {
        if case .decimal(let p, let s) = t {
            return p.map { "DECIMAL_TEXT(\($0),\(s ?? 0))" } ?? "DECIMAL_TEXT"
        }
        return TypeMapping.columnType(t, for: .sqlite)
    }

    /// Logical type of a declared column type ("" for columns declared without one).
    /// Memoised: every query maps the declared types of its columns again, a schema has few distinct
    /// ones, and the mapping's lowercasing and trimming through Foundation cost more than the read itself.
    public static func logicalType(declared: String) -> SQLType {
        if let known = DeclaredTypeMemo.shared.lookup(declared) { return known }
        let type = mapped(declared: declared)
        DeclaredTypeMemo.shared.remember(declared, type)
        return type
    }

    private static func mapped(declared: String) -> SQLType {
        let lower = declared.lowercased()
        if lower.contains("text"), lower.contains("decimal") || lower.contains("numeric") {
            let (_, args) = TypeMapping.splitArgs(lower)
            return .decimal(precision: args.first, scale: args.count > 1 ? args[1] : (args.isEmpty ? nil : 0))
        }
        return TypeMapping.logicalType(native: declared)
    }
}
