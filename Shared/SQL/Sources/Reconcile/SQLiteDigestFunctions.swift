import CSQLite

/// SQLite has no hash function built in, so Ferry registers two on each of its SQLite connections and a SQLite
/// side digests its rows in SQL as PostgreSQL does (C callbacks on the connection's own thread, no GCD):
///
/// - `ferry_row_hash(types, c1, …, cn)`: a row's ``RowHash`` as 16 hex digits;
/// - `ferry_digest(types, c1, …, cn)`: aggregate, the sums of the row hashes' halves as `"hi,lo"` (NULL over no row).
///
/// `types` spells each column's logical type in one letter (``SQLiteDigestFunctions/typeCodes(_:)``): the values
/// are read exactly as ``SQLiteValueReader`` reads a result column of that type, then made canonical.
enum SQLiteDigestFunctions {
    static func register(_ db: OpaquePointer) -> Int32 {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
        let rc = sqlite3_create_function_v2(db, "ferry_row_hash", -1, flags, nil, { ctx, argc, argv in
            guard let ctx, let hash = SQLiteDigestFunctions.hash(argc, argv) else { sqlite3_result_null(ctx); return }
            sqlite3_result_text(ctx, hash.hex, -1, SQLiteStatement.transient)
        }, nil, nil, nil)
        guard rc == SQLITE_OK else { return rc }
        return sqlite3_create_function_v2(db, "ferry_digest", -1, flags, nil, nil, { ctx, argc, argv in
            guard let ctx, let hash = SQLiteDigestFunctions.hash(argc, argv),
                  let state = sqlite3_aggregate_context(ctx, Int32(MemoryLayout<RangeDigest>.size)) else { return }
            state.assumingMemoryBound(to: RangeDigest.self).pointee.add(hash)   // zeroed memory is an empty digest
        }, { ctx in
            guard let ctx else { return }
            guard let state = sqlite3_aggregate_context(ctx, 0) else { sqlite3_result_null(ctx); return }
            let d = state.assumingMemoryBound(to: RangeDigest.self).pointee
            sqlite3_result_text(ctx, "\(d.hiSum),\(d.loSum)", -1, SQLiteStatement.transient)
        }, nil)
    }

    /// `count, hiSum, loSum` of the rows (as ``RangeDigest/init(sumsRow:)`` reads them): the aggregate's one text
    /// value `"hi,lo"` split in SQL (NULL over no row).
    static func digestSQL(from table: String, arguments: String, where condition: String?) -> String {
        let comma = "instr(ferry_d, ',')"
        return "SELECT ferry_n, CAST(substr(ferry_d, 1, \(comma) - 1) AS INTEGER), CAST(substr(ferry_d, \(comma) + 1) AS INTEGER)"
            + " FROM (SELECT count(*) AS ferry_n, ferry_digest(\(arguments)) AS ferry_d FROM \(table)"
            + (condition.map { " WHERE \($0)" } ?? "") + ")"
    }

    /// The hash of the row in arguments 1…n, typed by argument 0.
    private static func hash(_ argc: Int32, _ argv: UnsafeMutablePointer<OpaquePointer?>?) -> RowHash? {
        guard argc >= 1, let argv, let codesArg = argv[0] else { return nil }
        let codes = Array(SQLiteArgumentCell(value: codesArg).text.utf8)
        guard codes.count == Int(argc) - 1 else { return nil }
        var texts: [String?] = []
        texts.reserveCapacity(codes.count)
        for (i, code) in codes.enumerated() {
            let type = logicalType(code)
            guard let arg = argv[i + 1] else { texts.append(nil); continue }
            texts.append(CanonicalText.of(SQLiteValueReader.read(SQLiteArgumentCell(value: arg), type), as: type))
        }
        return RowHash(canonical: texts)
    }

    /// One letter per logical type (the lengths, precisions and scales do not change a canonical text).
    static func typeCodes(_ types: [SQLType]) -> String {
        String(types.map { t -> Character in
            switch t {
            case .bool: return "b"
            case .int16, .int32, .int64: return "i"
            case .float32, .float64: return "f"
            case .decimal: return "d"
            case .text: return "t"
            case .char: return "c"
            case .bytes: return "y"
            case .date: return "D"
            case .time: return "T"
            case .timestamp: return "s"
            case .timestamptz: return "z"
            case .uuid: return "u"
            case .json: return "j"
            case .other: return "o"
            }
        })
    }

    private static func logicalType(_ code: UInt8) -> SQLType {
        switch code {
        case UInt8(ascii: "b"): return .bool
        case UInt8(ascii: "i"): return .int64
        case UInt8(ascii: "f"): return .float64
        case UInt8(ascii: "d"): return .decimal(precision: nil, scale: nil)
        case UInt8(ascii: "c"): return .char(length: 0)
        case UInt8(ascii: "y"): return .bytes
        case UInt8(ascii: "D"): return .date
        case UInt8(ascii: "T"): return .time
        case UInt8(ascii: "s"): return .timestamp
        case UInt8(ascii: "z"): return .timestamptz
        case UInt8(ascii: "u"): return .uuid
        case UInt8(ascii: "j"): return .json
        case UInt8(ascii: "o"): return .other("")
        default: return .text(maxLength: nil)
        }
    }
}
