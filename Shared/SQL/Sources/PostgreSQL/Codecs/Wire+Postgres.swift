/// Big-endian helpers for PostgreSQL's binary formats. Names carry a `pg` prefix because other
/// drivers live in the same module and may add their own byte helpers.
extension Array where Element == UInt8 {
    @inline(__always)
    mutating func pgAppendBE<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.bigEndian) { append(contentsOf: $0) }
    }

    /// Overwrites 4 bytes at `offset` (a field's length word written before its value was known).
    @inline(__always)
    mutating func pgPatchBE(_ v: Int32, at offset: Int) {
        let be = UInt32(bitPattern: v).bigEndian
        withUnsafeMutableBytes { $0.storeBytes(of: be, toByteOffset: offset, as: UInt32.self) }
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func pgReadBE<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(bigEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// True when the bytes spell `ascii` exactly (case-insensitive for letters).
    func pgEqualsASCII(_ ascii: StaticString, caseInsensitive: Bool = true) -> Bool {
        guard count == ascii.utf8CodeUnitCount else { return false }
        let p = ascii.utf8Start
        for i in 0..<count {
            var a = self[i], b = p[i]
            if caseInsensitive {
                if a >= 65 && a <= 90 { a |= 0x20 }
                if b >= 65 && b <= 90 { b |= 0x20 }
            }
            if a != b { return false }
        }
        return true
    }
}

extension String {
    /// Runs `body` over the string's UTF-8 bytes without copying when the string is native.
    func pgWithUTF8<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let r = try utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) { return r }
        return try Array(utf8).withUnsafeBytes(body)
    }
}

/// Errors raised while converting or decoding values (SQLSTATEs as the server would use them).
enum PGValueError {
    static func invalid(_ message: String) -> DriverError {
        DriverError(driver: "PostgreSQL", sqlState: .invalidTextRepresentation, message: message, kind: .badData)
    }
    static func outOfRange(_ message: String) -> DriverError {
        DriverError(driver: "PostgreSQL", sqlState: .numericValueOutOfRange, message: message, kind: .badData)
    }
    static func datetimeOverflow(_ message: String) -> DriverError {
        DriverError(driver: "PostgreSQL", sqlState: .datetimeFieldOverflow, message: message, kind: .badData)
    }
    static func badBinary(oid: UInt32, length: Int) -> DriverError {
        DriverError(driver: "PostgreSQL", sqlState: .invalidBinaryRepresentation,
                    message: "invalid binary value of \(length) bytes for \(PostgresTypes.name(oid: oid))", kind: .badData)
    }
    static func cannotConvert(_ v: SQLValue, to oid: UInt32) -> DriverError {
        invalid("cannot convert \(v.kindName) value to \(PostgresTypes.name(oid: oid))")
    }
}
