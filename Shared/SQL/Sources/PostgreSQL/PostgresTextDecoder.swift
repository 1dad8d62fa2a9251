/// Decodes values of results in PostgreSQL's TEXT format (query, prepared statements, cursors) by
/// column type OID. Types without a dedicated case come back as `.text`, so every type is readable.
public enum PostgresTextDecoder {
    /// `bytes` is the value as the server printed it (nil = NULL).
    public static func decode(_ bytes: UnsafeRawBufferPointer?, oid: UInt32) -> SQLValue {
        guard let b = bytes else { return .null }
        let v: SQLValue?
        switch oid {
        case PostgresOID.int2, PostgresOID.int4, PostgresOID.int8, PostgresOID.oid:
            v = PGInteger.decodeText(b).map { .int($0) }
        case PostgresOID.numeric: v = .decimal(String(decoding: b, as: UTF8.self))
        case PostgresOID.float4, PostgresOID.float8: v = PGFloat.decodeText(b, oid: oid)
        case PostgresOID.bool: v = PGBool.decodeText(b)
        case PostgresOID.bytea: v = PGBytea.decodeText(b)
        case PostgresOID.date: v = PGDate.decodeText(b)
        case PostgresOID.time: v = PGTime.decodeText(b)
        case PostgresOID.timestamp, PostgresOID.timestamptz: v = PGTimestamp.decodeText(b, oid: oid)
        case PostgresOID.uuid: v = PGUUID.decodeText(b)
        case PostgresOID.json, PostgresOID.jsonb: v = PGJSON.decodeText(b)
        default: v = nil
        }
        // A value the parser did not expect (e.g. a DateStyle changed by the user) is kept as text.
        return v ?? PGText.decode(b)
    }
}

/// Text form of a parameter for PQexecParams: `SQLValue.textValue`, except where PostgreSQL's input
/// differs from Ferry's text form (bytea hex, BC years).
enum PGParamText {
    static func text(_ v: SQLValue) -> String? {
        switch v {
        case .bytes(let b): return PGBytea.hexText(b)
        case .date(let d): return PGTemporalText.formatDate(days: d)
        case .timestamp(let t): return PGTemporalText.formatTimestamp(micros: t, withZone: false)
        case .timestamptz(let t): return PGTemporalText.formatTimestamp(micros: t, withZone: true)
        default: return v.textValue
        }
    }
}
