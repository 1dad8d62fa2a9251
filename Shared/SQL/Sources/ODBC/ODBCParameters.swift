import CODBC

/// One execution's parameter buffers. SQLBindParameter only records pointers; the driver reads
/// them during SQLExecute/SQLExecDirect, so the buffers live in this object until it is released
/// after execution.
///
/// Bound forms: int → SQL_C_SBIGINT/SQL_BIGINT, double → SQL_C_DOUBLE/SQL_DOUBLE, bool →
/// SQL_C_BIT/SQL_BIT, decimal → text as SQL_NUMERIC(p,s) (exact; NaN/±Infinity as SQL_VARCHAR),
/// text → UTF-8 SQL_C_CHAR as SQL_VARCHAR (SQL_LONGVARCHAR past 4000 bytes), json → SQL_LONGVARCHAR,
/// bytes → SQL_C_BINARY/SQL_LONGVARBINARY, date/time/timestamp → ISO text as SQL_TYPE_DATE/TIME/
/// TIMESTAMP (`ISOTemporalText`), timestamptz → see `bind`, uuid → lowercase text as SQL_GUID,
/// NULL → SQL_NULL_DATA.
final class ODBCParameters {
    private var buffers: [UnsafeMutableRawPointer] = []
    private let indicators: UnsafeMutablePointer<SQLLEN>
    private let count: Int
    private let family: SQLDialect.Family

    init(count: Int, family: SQLDialect.Family) {
        self.count = count
        self.family = family
        indicators = .allocate(capacity: max(count, 1))
        indicators.initialize(repeating: 0, count: max(count, 1))
    }

    deinit {
        for b in buffers { b.deallocate() }
        indicators.deallocate()
    }

    /// Binds `values` in order to the statement's `?` markers 1…n.
    func bind(_ values: [SQLValue], to statement: ODBCStatementHandle) throws {
        precondition(values.count <= count)
        let stmt = try statement.live()
        for (i, value) in values.enumerated() {
            try statement.check(bind(value, at: i, stmt), "binding parameter \(i + 1) (\(value.kindName))")
        }
    }

    private func bind(_ value: SQLValue, at i: Int, _ stmt: SQLHSTMT) -> SQLRETURN {
        switch value {
        case .null:
            indicators[i] = SQLLEN(SQL_NULL_DATA)
            return call(stmt, i, SQL_C_CHAR, SQL_VARCHAR, size: 1, digits: 0, nil, 0)
        case .bool(let b):
            var v: UInt8 = b ? 1 : 0
            return fixed(stmt, i, SQL_C_BIT, SQL_BIT, size: 1, &v)
        case .int(let n):
            var v = n
            return fixed(stmt, i, SQL_C_SBIGINT, SQL_BIGINT, size: 19, &v)
        case .double(let d):
            var v = d
            return fixed(stmt, i, SQL_C_DOUBLE, SQL_DOUBLE, size: 15, &v)
        case .decimal(let s):
            if s == "NaN" || s == "Infinity" || s == "-Infinity" { return text(stmt, i, s, SQL_VARCHAR) }   // no SQL_NUMERIC form
            let ps = DecimalText.precisionScale(s)
            return text(stmt, i, s, SQL_NUMERIC, size: ps.precision, digits: ps.scale)
        case .text(let s):
            return text(stmt, i, s, s.utf8.count > 4000 ? SQL_LONGVARCHAR : SQL_VARCHAR)
        case .json(let s):
            return text(stmt, i, s, SQL_LONGVARCHAR)
        case .bytes(let b):
            let p = UnsafeMutableRawPointer.allocate(byteCount: max(b.count, 1), alignment: 8)
            buffers.append(p)
            b.withUnsafeBytes { if let base = $0.baseAddress { p.copyMemory(from: base, byteCount: b.count) } }
            indicators[i] = SQLLEN(b.count)
            return call(stmt, i, SQL_C_BINARY, SQL_LONGVARBINARY, size: max(b.count, 1), digits: 0, p, b.count)
        // ±infinity go as plain text: psqlODBC parses SQL_TYPE_DATE/TIMESTAMP text itself and
        // turns "infinity" into 0000-00-00.
        case .date(let d):
            return text(stmt, i, ISOTemporalText.date(d), d == .max || d == .min ? SQL_VARCHAR : SQL_TYPE_DATE, size: 10)
        case .time(let t):
            return text(stmt, i, ISOTemporalText.time(t), SQL_TYPE_TIME, size: 15, digits: 6)
        case .timestamp(let t), .timestamptz(let t):
            // ODBC has no zoned timestamp type: a timestamptz goes as its UTC wall time. Correct when
            // the session time zone is UTC, which ODBCConnection sets for PostgreSQL.
            let infinite = t == .max || t == .min
            return text(stmt, i, ISOTemporalText.timestamp(t, zulu: false), infinite ? SQL_VARCHAR : SQL_TYPE_TIMESTAMP, size: 26, digits: 6)
        case .uuid(let u):
            return text(stmt, i, u.uuidString.lowercased(), family == .postgresql ? SQL_GUID : SQL_VARCHAR, size: 36)
        }
    }

    private func text(_ stmt: SQLHSTMT, _ i: Int, _ s: String, _ sqlType: Int32, size: Int? = nil, digits: Int = 0) -> SQLRETURN {
        let bytes = Array(s.utf8)
        let p = UnsafeMutableRawPointer.allocate(byteCount: bytes.count + 1, alignment: 1)
        buffers.append(p)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { p.copyMemory(from: base, byteCount: bytes.count) } }
        p.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
        indicators[i] = SQLLEN(bytes.count)
        return call(stmt, i, SQL_C_CHAR, sqlType, size: size ?? max(bytes.count, 1), digits: digits, p, bytes.count + 1)
    }

    private func fixed<T>(_ stmt: SQLHSTMT, _ i: Int, _ cType: Int32, _ sqlType: Int32, size: Int, _ value: inout T) -> SQLRETURN {
        let p = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        buffers.append(p)
        p.storeBytes(of: value, as: T.self)
        indicators[i] = SQLLEN(MemoryLayout<T>.size)
        return call(stmt, i, cType, sqlType, size: size, digits: 0, p, MemoryLayout<T>.size)
    }

    private func call(_ stmt: SQLHSTMT, _ i: Int, _ cType: Int32, _ sqlType: Int32, size: Int, digits: Int,
                      _ buffer: UnsafeMutableRawPointer?, _ length: Int) -> SQLRETURN {
        SQLBindParameter(stmt, SQLUSMALLINT(i + 1), SQLSMALLINT(SQL_PARAM_INPUT), SQLSMALLINT(cType), SQLSMALLINT(sqlType),
                         SQLULEN(size), SQLSMALLINT(digits), buffer, SQLLEN(length), indicators + i)
    }
}
