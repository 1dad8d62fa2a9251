import FerrySQL

/// How one column of the SPEC's logical types is stored in Parquet: physical type, annotations, and the PLAIN
/// encoding of one value. Exact by construction: decimals as scaled integers (never a double), timestamps in
/// microseconds, UUIDs as their 16 bytes.
enum ParquetColumnType: Sendable {
    case boolean
    case int32(bits: Int8)
    case int64
    case float
    case double
    /// DECIMAL over INT32 (precision ≤ 9), INT64 (≤ 18) or FIXED_LEN_BYTE_ARRAY (≤ 38).
    case decimal(precision: Int, scale: Int)
    case date
    case time
    case timestamp(adjustedToUTC: Bool)
    case uuid
    case string
    case json
    case bytes

    /// The largest precision written as a Parquet DECIMAL: 16-byte decimals are what every reader takes
    /// (DuckDB stops at 38). Wider or unconstrained numerics are written as exact decimal strings.
    static let maxDecimalPrecision = 38

    init(_ type: SQLType) {
        switch type {
        case .bool: self = .boolean
        case .int16: self = .int32(bits: 16)
        case .int32: self = .int32(bits: 32)
        case .int64: self = .int64
        case .float32: self = .float
        case .float64: self = .double
        case .decimal(let p?, let s) where p >= 1 && p <= ParquetColumnType.maxDecimalPrecision && (s ?? 0) >= 0 && (s ?? 0) <= p:
            self = .decimal(precision: p, scale: s ?? 0)
        case .decimal: self = .string
        case .text, .char, .other: self = .string
        case .bytes: self = .bytes
        case .date: self = .date
        case .time: self = .time
        case .timestamp: self = .timestamp(adjustedToUTC: false)
        case .timestamptz: self = .timestamp(adjustedToUTC: true)
        case .uuid: self = .uuid
        case .json: self = .json
        }
    }

    /// The schema element of a column (every column OPTIONAL: NULLs need no special case, whatever the
    /// source declared).
    func schemaElement(name: String) -> Parquet.SchemaElement {
        var e = Parquet.SchemaElement(type: physicalType, repetition: .optional, name: name)
        switch self {
        case .boolean, .int64, .float, .double, .bytes: break
        case .int32(let bits):
            if bits == 16 { e.convertedType = .int16; e.logicalType = .integer(bitWidth: 16, signed: true) }
        case .decimal(let p, let s):
            if case .fixedLenByteArray = physicalType { e.typeLength = Int32(ParquetDecimal.byteWidth(precision: p)) }
            e.convertedType = .decimal; e.scale = Int32(s); e.precision = Int32(p)
            e.logicalType = .decimal(scale: Int32(s), precision: Int32(p))
        case .date: e.convertedType = .date; e.logicalType = .date
        // The legacy TIME_MICROS/TIMESTAMP_MICROS annotations mean "adjusted to UTC": written only for zoned values.
        case .time: e.logicalType = .time(adjustedToUTC: false)
        case .timestamp(let utc):
            if utc { e.convertedType = .timestampMicros }
            e.logicalType = .timestamp(adjustedToUTC: utc)
        case .uuid: e.typeLength = 16; e.logicalType = .uuid
        case .string: e.convertedType = .utf8; e.logicalType = .string
        case .json: e.convertedType = .json; e.logicalType = .json
        }
        return e
    }

    var physicalType: Parquet.PhysicalType {
        switch self {
        case .boolean: return .boolean
        case .int32, .date: return .int32
        case .int64, .time, .timestamp: return .int64
        case .float: return .float
        case .double: return .double
        case .decimal(let p, _): return p <= 9 ? .int32 : (p <= 18 ? .int64 : .fixedLenByteArray)
        case .uuid: return .fixedLenByteArray
        case .string, .json, .bytes: return .byteArray
        }
    }
}
