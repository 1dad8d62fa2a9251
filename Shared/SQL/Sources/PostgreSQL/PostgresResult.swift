import CLibPQ

/// An owned PGresult (cleared on deinit) with the accessors the driver needs.
final class PostgresResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQclear(handle) }

    var rowCount: Int { Int(PQntuples(handle)) }
    var columnCount: Int { Int(PQnfields(handle)) }

    func columnName(_ col: Int) -> String { String(cString: PQfname(handle, Int32(col))) }
    func columnOID(_ col: Int) -> UInt32 { UInt32(PQftype(handle, Int32(col))) }
    func columnTypmod(_ col: Int) -> Int32 { PQfmod(handle, Int32(col)) }

    /// Rows affected as the command tag says ("INSERT 0 5" → 5); 0 when it says nothing.
    var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// The value's bytes as the server sent them; nil for NULL. Valid while this result lives.
    func bytes(_ row: Int, _ col: Int) -> UnsafeRawBufferPointer? {
        PostgresResult.bytes(handle, row, col)
    }

    func value(_ row: Int, _ col: Int) -> SQLValue {
        PostgresTextDecoder.decode(bytes(row, col), oid: columnOID(col))
    }

    /// Text of a value (catalog queries); nil for NULL.
    func string(_ row: Int, _ col: Int) -> String? {
        bytes(row, col).map { String(decoding: $0, as: UTF8.self) }
    }

    static func bytes(_ res: OpaquePointer, _ row: Int, _ col: Int) -> UnsafeRawBufferPointer? {
        let r = Int32(row), c = Int32(col)
        if PQgetisnull(res, r, c) != 0 { return nil }
        return UnsafeRawBufferPointer(start: PQgetvalue(res, r, c), count: Int(PQgetlength(res, r, c)))
    }

    /// Materialises a (small) result.
    func sqlResult() -> SQLResult {
        let cols = columnCount
        let oids = (0..<cols).map(columnOID)
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            rows.append((0..<cols).map { PostgresTextDecoder.decode(bytes(r, $0), oid: oids[$0]) })
        }
        return SQLResult(columns: (0..<cols).map(columnName), rows: rows)
    }
}
