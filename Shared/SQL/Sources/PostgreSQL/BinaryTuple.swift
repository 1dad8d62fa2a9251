/// One tuple of a COPY binary stream: Int16 field count, then per field an Int32 length (-1 = NULL)
/// and that many bytes. Fields are located, not decoded; `BinaryTupleDecoder` decodes on demand.

/// A borrowed tuple, valid only inside the closure that received it (its bytes live in libpq's
/// buffer or the copy's carry-over buffer). Copy it with `BinaryTuple(_:)` to keep it.
public struct BinaryTupleView {
    /// The whole tuple as sent (field count included): forward it unchanged with
    /// `BinaryCopyEncoder.appendRawTuple`.
    public let bytes: UnsafeRawBufferPointer
    /// Offset in `bytes` of each field's length word.
    let lengthOffsets: UnsafeBufferPointer<Int>

    public var fieldCount: Int { lengthOffsets.count }

    /// Field `i`: offset of its data in `bytes` and its length (-1 = NULL).
    @inline(__always)
    public func field(_ i: Int) -> (offset: Int, length: Int) {
        let o = lengthOffsets[i]
        return (o + 4, Int(bytes.pgReadBE(Int32.self, at: o)))
    }

    /// Field `i`'s bytes; nil for NULL.
    @inline(__always)
    public func fieldBytes(_ i: Int) -> UnsafeRawBufferPointer? {
        let f = field(i)
        guard f.length >= 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[f.offset..<(f.offset + f.length)])
    }

    public func isNull(_ i: Int) -> Bool { field(i).length < 0 }
}

/// An owned copy of a tuple (one allocation for the bytes, one for the offsets).
public struct BinaryTuple: Sendable, Hashable {
    public let bytes: [UInt8]
    let lengthOffsets: [Int]

    public init(_ view: BinaryTupleView) {
        bytes = Array(view.bytes)
        lengthOffsets = Array(view.lengthOffsets)
    }

    public var fieldCount: Int { lengthOffsets.count }

    public func field(_ i: Int) -> (offset: Int, length: Int) {
        let o = lengthOffsets[i]
        let len = Int32(bitPattern: UInt32(bytes[o]) << 24 | UInt32(bytes[o + 1]) << 16 | UInt32(bytes[o + 2]) << 8 | UInt32(bytes[o + 3]))
        return (o + 4, Int(len))
    }

    public func fieldBytes(_ i: Int) -> ArraySlice<UInt8>? {
        let f = field(i)
        return f.length < 0 ? nil : bytes[f.offset..<(f.offset + f.length)]
    }

    public func isNull(_ i: Int) -> Bool { field(i).length < 0 }

    public func withView<R>(_ body: (BinaryTupleView) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { b in
            try lengthOffsets.withUnsafeBufferPointer { try body(BinaryTupleView(bytes: b, lengthOffsets: $0)) }
        }
    }
}

/// COPY binary framing (shared by the reader and its tests).
enum BinaryCopyFormat {
    /// "PGCOPY\n\377\r\n\0"
    static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]
    /// Signature, Int32 flags, Int32 header-extension length.
    static let headerLength = 19

    enum Scan { case needMore, trailer, tuple(length: Int) }

    /// Locates the tuple at the start of `b`, writing its fields' length-word offsets to `offsets`
    /// (capacity ≥ `capacity`; grown through `grow` when a tuple has more fields).
    @inline(__always)
    static func scanTuple(_ b: UnsafeRawBufferPointer, offsets: inout UnsafeMutableBufferPointer<Int>,
                          fieldCount: inout Int) throws -> Scan {
        guard b.count >= 2 else { return .needMore }
        let n = Int(b.pgReadBE(Int16.self, at: 0))
        if n == -1 { return .trailer }
        guard n >= 0 else { throw protocolError("negative field count \(n)") }
        if n > offsets.count {
            offsets.deallocate()
            offsets = .allocate(capacity: max(n, 2 * offsets.count))
        }
        var at = 2
        for i in 0..<n {
            guard at + 4 <= b.count else { return .needMore }
            let len = Int(b.pgReadBE(Int32.self, at: at))
            offsets[i] = at
            at += 4
            if len > 0 {
                at += len
                guard at <= b.count else { return .needMore }
            } else if len < -1 {
                throw protocolError("invalid field length \(len)")
            }
        }
        fieldCount = n
        return .tuple(length: at)
    }

    static func protocolError(_ m: String) -> DriverError {
        DriverError(driver: PostgresError.driver, sqlState: .protocolViolation, message: "malformed COPY binary data: \(m)", kind: .permanent)
    }
}
