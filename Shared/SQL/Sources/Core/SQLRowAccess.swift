/// Typed access to a result row by position, for the services' store code.
extension Array where Element == SQLValue {
    public func string(_ i: Int) -> String? { self[i].isNull ? nil : self[i].textValue }
    public func int64(_ i: Int) -> Int64? { self[i].int64 }
    public func int(_ i: Int) -> Int? { self[i].int64.map { Int($0) } }
    public func double(_ i: Int) -> Double? {
        switch self[i] {
        case .double(let d): return d
        case .int(let v): return Double(v)
        case .decimal(let s), .text(let s): return Double(s)
        default: return nil
        }
    }
    public func bool(_ i: Int) -> Bool? {
        switch self[i] {
        case .bool(let b): return b
        case .int(let v): return v != 0
        case .text(let s): return s == "t" || s == "true" || s == "1"
        default: return nil
        }
    }
}

extension SQLValue {
    /// `.text` or NULL.
    public static func textOrNull(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
    /// `.int` or NULL.
    public static func intOrNull<I: BinaryInteger>(_ v: I?) -> SQLValue { v.map { .int(Int64($0)) } ?? .null }
}
