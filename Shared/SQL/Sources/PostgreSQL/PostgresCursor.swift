import CLibPQ

/// A streamed query: PQsendQueryParams + PQsetSingleRowMode, so libpq holds one row at a time and
/// memory stays bounded whatever the result size. Values are decoded from TEXT format by OID.
/// close() before the end cancels the statement and drains what is in flight, leaving the
/// connection usable (inside a transaction block the cancel aborts that transaction).
public final class PostgresCursor: RowCursor {
    let connection: PostgresConnection
    public private(set) var columns: [ColumnInfo] = []
    private var oids: [UInt32] = []
    /// The first row, read ahead to learn the columns.
    private var pending: OpaquePointer?
    private var finished = false

    init(connection: PostgresConnection, sql: String, params: ArraySlice<SQLValue>) throws {
        self.connection = connection
        let c = try connection.handle()
        let sent = try PostgresParameters.with(params) { n, values in
            PQsendQueryParams(c, sql, n, nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw connection.error(nil) }
        connection.activeStream = .cursor
        if PQsetSingleRowMode(c) != 1 {
            connection.drainPending()
            connection.activeStream = nil
            throw PostgresError.usage("could not switch to single-row mode")
        }
        if let first = try nextRow() {
            pending = first
            describe(first)
        }
    }

    deinit { close() }

    private func describe(_ res: OpaquePointer) {
        let n = Int(PQnfields(res))
        oids = (0..<n).map { UInt32(PQftype(res, Int32($0))) }
        columns = (0..<n).map {
            PostgresTypes.column(name: String(cString: PQfname(res, Int32($0))), oid: oids[$0], typmod: PQfmod(res, Int32($0)))
        }
    }

    /// The next single-row result, or nil at the end (the connection is then free again).
    private func nextRow() throws -> OpaquePointer? {
        guard !finished, let c = connection.conn else { return nil }
        guard let res = PQgetResult(c) else { finish(); return nil }
        switch PQresultStatus(res) {
        case PGRES_SINGLE_TUPLE:
            return res
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            if columns.isEmpty { describe(res) }      // empty result: the final result carries the columns
            PQclear(res)
            connection.drainPending()
            finish()
            return nil
        default:
            let e = connection.error(res)
            PQclear(res)
            connection.drainPending()
            finish()
            throw e
        }
    }

    private func finish() {
        finished = true
        connection.activeStream = nil
    }

    public func next(into batch: inout RowBatch, maxRows: Int) throws -> Int {
        var n = 0
        while n < maxRows {
            let res: OpaquePointer
            if let p = pending { res = p; pending = nil } else {
                guard let r = try nextRow() else { break }
                res = r
            }
            defer { PQclear(res) }
            for col in oids.indices {
                batch.append(PostgresTextDecoder.decode(PostgresResult.bytes(res, 0, col), oid: oids[col]))
            }
            n += 1
        }
        return n
    }

    public func close() {
        if let p = pending { PQclear(p); pending = nil }
        guard !finished else { return }
        connection.requestCancel()
        connection.drainPending()
        finish()
    }
}
