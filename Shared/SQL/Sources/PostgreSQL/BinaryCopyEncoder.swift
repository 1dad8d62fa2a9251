/// Builds a COPY binary stream (header, tuples, trailer) in one reusable buffer. Values are encoded
/// as the binary format of the TARGET column's type OID, converting other `SQLValue` cases the way
/// PostgreSQL would cast them (text "123" into int4, a timestamp into timestamptz as UTC, …).
/// Flush with `PostgresConnection.putCopyData(&encoder)` whenever `count >= flushThreshold`.
public struct BinaryCopyEncoder: Sendable {
    public static let flushThreshold = 256 * 1024

    public private(set) var bytes: [UInt8] = []
    /// Where the current tuple starts, for `discardTuple()`.
    private var tupleStart = 0

    public init(reservingCapacity capacity: Int = BinaryCopyEncoder.flushThreshold + 64 * 1024) {
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }
    public var isEmpty: Bool { bytes.isEmpty }

    /// The 19-byte file header: signature, flags 0, no header extension.
    public mutating func header() {
        bytes.append(contentsOf: BinaryCopyFormat.signature)
        bytes.pgAppendBE(Int32(0))
        bytes.pgAppendBE(Int32(0))
    }

    public mutating func beginTuple(fieldCount: Int) {
        tupleStart = bytes.count
        bytes.pgAppendBE(Int16(truncatingIfNeeded: fieldCount))
    }

    public mutating func appendNull() {
        bytes.pgAppendBE(Int32(-1))
    }

    /// One field whose value bytes are already in the column type's binary format (e.g. a field
    /// of a `BinaryTupleView`); the length word is written here.
    public mutating func appendRaw(_ value: UnsafeRawBufferPointer) {
        bytes.pgAppendBE(Int32(value.count))
        bytes.append(contentsOf: value)
    }

    /// A complete tuple as read from a binary COPY OUT (`BinaryTupleView.bytes`), forwarded unchanged.
    /// Do not call beginTuple for it.
    public mutating func appendRawTuple(_ tuple: UnsafeRawBufferPointer) {
        tupleStart = bytes.count
        bytes.append(contentsOf: tuple)
    }

    /// Encodes `v` for a column of type `oid`. Throws DriverError (badData: 22003 out of range,
    /// 22P02 impossible conversion, 22008 date/time overflow) and leaves the buffer as it was.
    public mutating func append(_ v: SQLValue, oid: UInt32) throws {
        if case .null = v { appendNull(); return }
        let lengthAt = bytes.count
        bytes.pgAppendBE(Int32(0))
        do {
            try PGBinaryCodec.encode(v, oid: oid, into: &bytes)
        } catch {
            bytes.removeSubrange(lengthAt...)
            throw error
        }
        bytes.pgPatchBE(Int32(bytes.count - lengthAt - 4), at: lengthAt)
    }

    /// Drops the tuple begun last (after a value of it failed to encode), so the row can be skipped.
    public mutating func discardTuple() {
        if tupleStart < bytes.count { bytes.removeSubrange(tupleStart...) }
    }

    /// The Int16 -1 that ends the stream.
    public mutating func trailer() {
        bytes.pgAppendBE(Int16(-1))
    }

    /// Empties the buffer after a flush, keeping its capacity.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        tupleStart = 0
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    /// Whether `append` can encode into columns of type `oid`; cast other columns to text.
    public static func canEncode(oid: UInt32) -> Bool { PGBinaryCodec.encodable.contains(oid) }
}

/// Dispatch by OID to the codecs in Codecs/.
enum PGBinaryCodec {
    static let encodable: Set<UInt32> = [
        PostgresOID.int2, PostgresOID.int4, PostgresOID.int8, PostgresOID.oid, PostgresOID.float4, PostgresOID.float8,
        PostgresOID.numeric, PostgresOID.bool, PostgresOID.text, PostgresOID.varchar, PostgresOID.bpchar, PostgresOID.name,
        PostgresOID.xml, PostgresOID.bytea, PostgresOID.date, PostgresOID.time, PostgresOID.timestamp,
        PostgresOID.timestamptz, PostgresOID.uuid, PostgresOID.json, PostgresOID.jsonb,
    ]

    static func encode(_ v: SQLValue, oid: UInt32, into buf: inout [UInt8]) throws {
        switch oid {
        case PostgresOID.int2, PostgresOID.int4, PostgresOID.int8, PostgresOID.oid:
            try PGInteger.encodeBinary(v, oid: oid, into: &buf)
        case PostgresOID.float4, PostgresOID.float8:
            try PGFloat.encodeBinary(v, oid: oid, into: &buf)
        case PostgresOID.numeric:
            try PGNumeric.encode(try PGNumeric.parts(from: v), into: &buf)
        case PostgresOID.bool:
            try PGBool.encodeBinary(v, into: &buf)
        case PostgresOID.text, PostgresOID.varchar, PostgresOID.bpchar, PostgresOID.name, PostgresOID.xml:
            try PGText.encodeBinary(v, oid: oid, into: &buf)
        case PostgresOID.bytea:
            try PGBytea.encodeBinary(v, into: &buf)
        case PostgresOID.date:
            try PGDate.encodeBinary(v, into: &buf)
        case PostgresOID.time:
            try PGTime.encodeBinary(v, into: &buf)
        case PostgresOID.timestamp, PostgresOID.timestamptz:
            try PGTimestamp.encodeBinary(v, oid: oid, into: &buf)
        case PostgresOID.uuid:
            try PGUUID.encodeBinary(v, into: &buf)
        case PostgresOID.json, PostgresOID.jsonb:
            try PGJSON.encodeBinary(v, oid: oid, into: &buf)
        default:
            throw DriverError(driver: PostgresError.driver, sqlState: .featureNotSupported,
                              message: "no binary encoder for type \(PostgresTypes.name(oid: oid)); load it as text",
                              kind: .permanent)
        }
    }

    static func decode(_ b: UnsafeRawBufferPointer, oid: UInt32) throws -> SQLValue {
        switch oid {
        case PostgresOID.int2, PostgresOID.int4, PostgresOID.int8, PostgresOID.oid: return try PGInteger.decodeBinary(b, oid: oid)
        case PostgresOID.float4, PostgresOID.float8: return try PGFloat.decodeBinary(b, oid: oid)
        case PostgresOID.numeric: return .decimal(try PGNumeric.decode(b))
        case PostgresOID.bool: return try PGBool.decodeBinary(b)
        case PostgresOID.bytea: return PGBytea.decodeBinary(b)
        case PostgresOID.date: return try PGDate.decodeBinary(b)
        case PostgresOID.time: return try PGTime.decodeBinary(b)
        case PostgresOID.timestamp, PostgresOID.timestamptz: return try PGTimestamp.decodeBinary(b, oid: oid)
        case PostgresOID.uuid: return try PGUUID.decodeBinary(b)
        case PostgresOID.json, PostgresOID.jsonb: return try PGJSON.decodeBinary(b, oid: oid)
        // text, varchar, bpchar, name, xml: UTF-8. Unknown types too — see BinaryTupleDecoder.
        default: return PGText.decode(b)
        }
    }
}
