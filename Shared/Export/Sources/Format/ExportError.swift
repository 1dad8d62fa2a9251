/// Why an export could not be written. The messages name the file or column, for the step's exit message.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed (open, write, fsync, rename …) with `errno`.
    case io(operation: String, path: String, errno: Int32)
    /// zlib answered an error code.
    case compression(String)
    /// A value the column's file type cannot hold exactly (e.g. a decimal with more digits than its precision).
    case unrepresentable(column: String, value: String, reason: String)
    /// The writer was used out of order (append after finish, …).
    case usage(String)

    public var description: String {
        switch self {
        case .io(let op, let path, let e): return "\(op) \(path): \(String(cString: strerror(e))) (errno \(e))"
        case .compression(let m): return "gzip: \(m)"
        case .unrepresentable(let c, let v, let r): return "column \(c): value \(v.prefix(60)) cannot be written: \(r)"
        case .usage(let m): return m
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
