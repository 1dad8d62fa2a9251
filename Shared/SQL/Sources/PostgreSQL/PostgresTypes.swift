/// PostgreSQL built-in type OIDs (pg_type.oid, fixed across versions) and how Ferry sees them.
public enum PostgresOID {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let char: UInt32 = 18          // "char": one byte
    public static let name: UInt32 = 19
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let json: UInt32 = 114
    public static let xml: UInt32 = 142
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let unknown: UInt32 = 705
    public static let money: UInt32 = 790
    public static let inet: UInt32 = 869
    public static let bpchar: UInt32 = 1042
    public static let varchar: UInt32 = 1043
    public static let date: UInt32 = 1082
    public static let time: UInt32 = 1083
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let interval: UInt32 = 1186
    public static let timetz: UInt32 = 1266
    public static let numeric: UInt32 = 1700
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
}

/// OID → type name (as format_type spells it) and → logical `SQLType`.
public enum PostgresTypes {
    /// format_type's spelling for the built-in types Ferry meets; others fall back to "oid <n>".
    static let names: [UInt32: String] = [
        16: "boolean", 17: "bytea", 18: "\"char\"", 19: "name", 20: "bigint", 21: "smallint", 23: "integer",
        25: "text", 26: "oid", 114: "json", 142: "xml", 700: "real", 701: "double precision", 705: "unknown",
        790: "money", 650: "cidr", 869: "inet", 829: "macaddr", 1042: "character", 1043: "character varying",
        1082: "date", 1083: "time without time zone", 1114: "timestamp without time zone",
        1184: "timestamp with time zone", 1186: "interval", 1266: "time with time zone", 1560: "bit",
        1562: "bit varying", 1700: "numeric", 2950: "uuid", 3802: "jsonb", 3614: "tsvector",
        600: "point", 3904: "int4range", 3926: "int8range", 3906: "numrange", 3912: "daterange",
        3908: "tsrange", 3910: "tstzrange",
        1000: "boolean[]", 1001: "bytea[]", 1005: "smallint[]", 1007: "integer[]", 1016: "bigint[]",
        1009: "text[]", 1015: "character varying[]", 1021: "real[]", 1022: "double precision[]",
        1231: "numeric[]", 1182: "date[]", 1115: "timestamp without time zone[]",
        1185: "timestamp with time zone[]", 2951: "uuid[]", 199: "json[]", 3807: "jsonb[]",
    ]

    /// Type name of `oid`, with the modifier applied the way format_type does for the types whose
    /// modifier matters to Ferry (numeric precision/scale, character lengths). `typmod` -1 = none.
    public static func name(oid: UInt32, typmod: Int32 = -1) -> String {
        let base = names[oid] ?? "oid \(oid)"
        guard typmod >= 4 else { return base }
        switch oid {
        case PostgresOID.numeric:
            let m = Int(typmod) - 4
            var scale = m & 0x7FF
            if scale & 0x400 != 0 { scale -= 0x800 }      // PG 15 allows negative scales (11-bit signed)
            return "numeric(\((m >> 16) & 0xFFFF),\(scale))"
        case PostgresOID.varchar, PostgresOID.bpchar:
            return "\(base)(\(typmod - 4))"
        default:
            return base
        }
    }

    /// Logical type of a column of type `oid`.
    public static func sqlType(oid: UInt32, typmod: Int32 = -1) -> SQLType {
        switch oid {
        case PostgresOID.oid: return .int64
        case PostgresOID.char, PostgresOID.name: return .text(maxLength: nil)
        case PostgresOID.bpchar where typmod < 4: return .text(maxLength: nil)   // an expression, no declared length
        default:
            guard names[oid] != nil else { return .other(name(oid: oid)) }
            return TypeMapping.logicalType(native: name(oid: oid, typmod: typmod))
        }
    }

    /// A column as Ferry reports it for result sets (cursors, describeQuery).
    static func column(name: String, oid: UInt32, typmod: Int32) -> ColumnInfo {
        ColumnInfo(name: name, nativeType: self.name(oid: oid, typmod: typmod),
                   type: sqlType(oid: oid, typmod: typmod), nullable: true)
    }
}
