import CODBC
import Foundation
import FerryTime

/// Reads an executed statement's result: SQLDescribeCol for the columns, then SQLFetch and
/// SQLGetData per column. Values come as SQL_C_CHAR text parsed by the column's logical type
/// (decimals stay exact; temporal text goes through `TemporalFormat`), binary as SQL_C_BINARY, and
/// floating point as SQL_C_DOUBLE/SQL_C_FLOAT, so no driver's number formatting stands between the
/// stored double and ours. Long values are read in pieces into one reused buffer.
final class ODBCResultReader {
    enum Fetch { case text, binary, double, float }

    struct Column {
        var info: ColumnInfo
        var fetch: Fetch
    }

    let statement: ODBCStatementHandle
    private(set) var columns: [Column] = []
    private let buffer: UnsafeMutablePointer<UInt8>
    private let bufferSize = 32 * 1024

    init(_ statement: ODBCStatementHandle) throws {
        self.statement = statement
        buffer = .allocate(capacity: bufferSize)
        columns = try describe()
    }

    deinit { buffer.deallocate() }

    var columnInfos: [ColumnInfo] { columns.map(\.info) }

    private func describe() throws -> [Column] {
        let stmt = try statement.live()
        var count: SQLSMALLINT = 0
        try statement.check(SQLNumResultCols(stmt, &count), "reading the result columns")
        return try (0..<Int(count)).map { i in
            let n = SQLUSMALLINT(i + 1)
            var name = [SQLCHAR](repeating: 0, count: 512)
            var nameLength: SQLSMALLINT = 0, dataType: SQLSMALLINT = 0, digits: SQLSMALLINT = 0, nullable: SQLSMALLINT = 0
            var size: SQLULEN = 0
            try statement.check(SQLDescribeCol(stmt, n, &name, SQLSMALLINT(name.count), &nameLength, &dataType, &size, &digits, &nullable),
                                "describing result column \(i + 1)")
            var typeName = [SQLCHAR](repeating: 0, count: 256)
            var typeNameLength: SQLSMALLINT = 0
            if !ODBCReturn.ok(SQLColAttribute(stmt, n, SQLUSMALLINT(SQL_DESC_TYPE_NAME), &typeName, SQLSMALLINT(typeName.count), &typeNameLength, nil)) {
                typeName[0] = 0
            }
            let tn = String(decoding: typeName.prefix(while: { $0 != 0 }), as: UTF8.self)
            // Drivers report "unknown" sizes as 0 or absurdly large values; clamp to what SQLType can say.
            let sz = size > SQLULEN(Int32.max) ? 0 : Int(size)
            let type = ODBCTypes.logicalType(sqlType: Int(dataType), size: sz, digits: Int(digits), typeName: tn)
            let info = ColumnInfo(name: String(decoding: name.prefix(while: { $0 != 0 }), as: UTF8.self),
                                  nativeType: tn.isEmpty ? type.name : tn, type: type, nullable: nullable != SQLSMALLINT(SQL_NO_NULLS))
            let fetch: Fetch
            switch type {
            case .bytes: fetch = .binary
            case .float64: fetch = .double
            case .float32: fetch = .float
            default: fetch = .text
            }
            return Column(info: info, fetch: fetch)
        }
    }

    /// Fetches the next row; false at the end of the result.
    func fetch() throws -> Bool {
        let stmt = try statement.live()
        let rc = SQLFetch(stmt)
        if rc == ODBCReturn.noData { return false }
        try statement.check(rc, "fetching a row")
        return true
    }

    /// The current row's value in column `i` (0-based), converted by the column's type.
    func value(_ i: Int) throws -> SQLValue {
        let column = columns[i]
        switch column.fetch {
        case .double: return try fixed(i + 1, SQL_C_DOUBLE, Double.self).map(SQLValue.double) ?? .null
        case .float: return try fixed(i + 1, SQL_C_FLOAT, Float.self).map { .double(Double($0)) } ?? .null
        case .binary: return try data(i + 1, binary: true).map(SQLValue.bytes) ?? .null
        case .text:
            guard let raw = try data(i + 1, binary: false) else { return .null }
            return ODBCResultReader.convert(String(decoding: raw, as: UTF8.self), column.info.type)
        }
    }

    /// A fixed-size value (SQL_C_DOUBLE, SQL_C_FLOAT); nil for NULL.
    private func fixed<T: BinaryFloatingPoint>(_ col: Int, _ cType: Int32, _: T.Type) throws -> T? {
        let stmt = try statement.live()
        var value: T = 0
        var indicator: SQLLEN = 0
        let rc = withUnsafeMutableBytes(of: &value) {
            SQLGetData(stmt, SQLUSMALLINT(col), SQLSMALLINT(cType), $0.baseAddress, SQLLEN($0.count), &indicator)
        }
        try statement.check(rc, "reading column \(col)")
        return indicator == SQLLEN(SQL_NULL_DATA) ? nil : value
    }

    /// All values of the current row.
    func row() throws -> [SQLValue] { try (0..<columns.count).map(value) }

    /// The current row as the driver's text, for catalog results (SQLTables, SQLColumns …).
    func textRow() throws -> [String?] {
        try (0..<columns.count).map { i in try data(i + 1, binary: false).map { String(decoding: $0, as: UTF8.self) } }
    }

    /// SQLGetData in pieces until the value is complete; nil for NULL.
    private func data(_ col: Int, binary: Bool) throws -> [UInt8]? {
        let stmt = try statement.live()
        let cType = SQLSMALLINT(binary ? SQL_C_BINARY : SQL_C_CHAR)
        // SQL_C_CHAR pieces end in a NUL the driver writes, so each full piece holds one byte less.
        let pieceCapacity = binary ? bufferSize : bufferSize - 1
        var out: [UInt8] = []
        while true {
            var indicator: SQLLEN = 0
            let rc = SQLGetData(stmt, SQLUSMALLINT(col), cType, buffer, SQLLEN(bufferSize), &indicator)
            if rc == ODBCReturn.noData { return out }   // a previous piece was the last
            try statement.check(rc, "reading column \(col)")
            if indicator == SQLLEN(SQL_NULL_DATA) { return nil }
            let truncated = rc == ODBCReturn.successWithInfo && (indicator == SQLLEN(SQL_NO_TOTAL) || indicator > SQLLEN(pieceCapacity))
            let n = truncated ? pieceCapacity : min(Int(indicator), pieceCapacity)
            out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: n))
            if !truncated { return out }
        }
    }

    /// Text from the driver → the value for the column's logical type; text that does not parse
    /// stays text rather than being lost.
    static func convert(_ s: String, _ type: SQLType) -> SQLValue {
        switch type {
        case .bool:
            switch s.lowercased() {
            case "1", "t", "true", "y", "yes": return .bool(true)
            case "0", "f", "false", "n", "no": return .bool(false)
            default: return .text(s)
            }
        case .int16, .int32, .int64:
            if let v = Int64(s) { return .int(v) }
            if let d = Double(s), d == d.rounded(), let v = Int64(exactly: d) { return .int(v) }   // "5.0" from loose drivers
        case .float32:
            if let f = Float(s) { return .double(Double(f)) }   // via Float: "0.33333334" is the float, not the nearest double
        case .float64:
            if let d = Double(s) { return .double(d) }
        case .decimal:
            if let d = DecimalText.canonical(s) { return .decimal(d) }
        case .json:
            return .json(s)
        case .uuid:
            if let u = UUID(uuidString: s) { return .uuid(u) }
        case .date:
            if let d = TemporalFormat.parseDate(s[...]) { return .date(d) }
        case .time:
            if let t = TemporalFormat.parseTime(s[...]) { return .time(t) }
        case .timestamp:
            if let t = TemporalFormat.parseTimestamp(s[...]) { return .timestamp(t) }
        case .timestamptz:
            if let t = TemporalFormat.parseTimestamp(s[...]) { return .timestamptz(t) }
        case .text, .char, .bytes, .other:
            break
        }
        return .text(s)
    }
}
