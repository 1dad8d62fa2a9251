/// Decodes fields of binary COPY tuples into `SQLValue`s, by the column type OIDs of the stream.
///
/// Binary formats are type-specific: for a column whose type has no decoder here (interval, arrays,
/// ranges, inet, extension types, …) the SELECT feeding `copyOut` should cast it to text
/// (`"col"::text`), whose binary format is its UTF-8 text. As a fallback, unknown types are
/// decoded as if they were text, which is only right for text-like types.
public struct BinaryTupleDecoder: Sendable {
    public let oids: [UInt32]

    public init(oids: [UInt32]) { self.oids = oids }

    /// Whether field values of type `oid` decode to something other than the text fallback.
    public static func canDecode(oid: UInt32) -> Bool { PGBinaryCodec.encodable.contains(oid) }

    /// One field's bytes (nil = NULL) of type `oid`.
    public static func decode(_ bytes: UnsafeRawBufferPointer?, oid: UInt32) throws -> SQLValue {
        guard let b = bytes else { return .null }
        return try PGBinaryCodec.decode(b, oid: oid)
    }

    public func value(_ tuple: BinaryTupleView, at i: Int) throws -> SQLValue {
        try Self.decode(tuple.fieldBytes(i), oid: oids[i])
    }

    /// Appends the tuple's values as one row of `batch`.
    public func decode(_ tuple: BinaryTupleView, into batch: inout RowBatch) throws {
        try checkWidth(tuple.fieldCount)
        for i in 0..<oids.count { batch.append(try Self.decode(tuple.fieldBytes(i), oid: oids[i])) }
    }

    public func decodeRow(_ tuple: BinaryTupleView) throws -> [SQLValue] {
        try checkWidth(tuple.fieldCount)
        return try (0..<oids.count).map { try Self.decode(tuple.fieldBytes($0), oid: oids[$0]) }
    }

    public func decodeRow(_ tuple: BinaryTuple) throws -> [SQLValue] {
        try tuple.withView { try decodeRow($0) }
    }

    private func checkWidth(_ n: Int) throws {
        guard n == oids.count else {
            throw PostgresError.usage("COPY tuple has \(n) fields but the decoder expects \(oids.count)")
        }
    }
}
