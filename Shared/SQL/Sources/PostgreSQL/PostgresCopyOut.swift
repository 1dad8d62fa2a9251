import CLibPQ

extension PostgresConnection {
    /// Streams `COPY (<selectSQL>) TO STDOUT (FORMAT binary)`. The connection is busy until the
    /// stream reaches its end or is cancelled/closed.
    public func copyOut(_ selectSQL: String) throws -> PostgresCopyOut {
        try PostgresCopyOut(connection: self, copySQL: "COPY (\(selectSQL)) TO STDOUT (FORMAT binary)")
    }

    /// Streams a complete `COPY … TO STDOUT (FORMAT binary)` statement (e.g. `COPY "t" TO STDOUT …`).
    public func copyOut(statement copySQL: String) throws -> PostgresCopyOut {
        try PostgresCopyOut(connection: self, copySQL: copySQL)
    }
}

/// Reader of a binary COPY OUT stream, one tuple at a time (framing in `BinaryCopyFramer`).
/// Every PQgetCopyData buffer is freed with PQfreemem; after the trailer the final result is read
/// and its error, if any, thrown as a DriverError.
public final class PostgresCopyOut {
    let connection: PostgresConnection
    private let framer = BinaryCopyFramer(release: { PQfreemem($0) })
    private var streaming = true

    /// Tuples handed out so far.
    public var tupleCount: Int { framer.tupleCount }

    init(connection: PostgresConnection, copySQL: String) throws {
        self.connection = connection
        let c = try connection.handle()
        guard let res = PQexec(c, copySQL) else { throw connection.error(nil) }
        guard PQresultStatus(res) == PGRES_COPY_OUT else {
            _ = try connection.checked(res)          // throws the statement's error
            throw PostgresError.usage("statement did not start a COPY TO STDOUT")
        }
        PQclear(res)
        connection.activeStream = .copyOut
    }

    deinit { close() }

    /// Calls `body` with the next tuple, borrowed for the duration of the call; false at the end of the
    /// stream (the connection is free again then). The allocation-free, non-generic hot path.
    /// When `body` throws, the tuple is not consumed; `cancel()` to abandon the stream.
    public func nextTuple(_ body: (BinaryTupleView) throws -> Void) throws -> Bool {
        guard streaming else { return false }
        switch try framer.next(fetch: { try self.fetchMessage() }, body) {
        case .tuple:
            return true
        case .trailer:
            try finish()
            return false
        case .endedEarly:
            try finish()             // surfaces the server's error, if it sent one
            throw BinaryCopyFormat.protocolError("stream ended before its trailer")
        }
    }

    /// `nextTuple` answering what `body` returns; nil at the end of the stream.
    public func withNextTuple<R>(_ body: (BinaryTupleView) throws -> R) throws -> R? {
        var result: R?
        return try nextTuple { result = try body($0) } ? result : nil
    }

    /// The next tuple as an owned copy (allocates; prefer `withNextTuple` on hot paths).
    public func nextTuple() throws -> BinaryTuple? {
        try withNextTuple { BinaryTuple($0) }
    }

    /// Stops the COPY early: asks the server to cancel, drains what is in flight, and leaves the
    /// connection usable. Inside a transaction block the cancel aborts that transaction.
    public func cancel() {
        guard streaming else { return }
        streaming = false
        framer.reset()
        connection.requestCancel()
        connection.discardCopyOutData()
        connection.drainPending()
        connection.activeStream = nil
    }

    /// Same as `cancel()` while the stream has not ended; nothing otherwise.
    public func close() { cancel() }

    /// The next CopyData message; nil when the COPY has ended.
    private func fetchMessage() throws -> BinaryCopyFramer.Message? {
        guard let c = connection.conn else { throw PostgresError.usage("connection is closed") }
        var p: UnsafeMutablePointer<CChar>?
        let n = PQgetCopyData(c, &p, 0)
        if n > 0, let p { return (UnsafeMutableRawPointer(p), Int(n)) }
        if let p { PQfreemem(p) }
        if n == -2 {
            let e = connection.error(nil)
            streaming = false
            connection.drainPending()
            connection.activeStream = nil
            throw e
        }
        return nil
    }

    /// After the trailer (or the end of the data): reads the COPY's final result; throws its error.
    private func finish() throws {
        guard streaming else { return }
        streaming = false
        framer.reset()
        defer { connection.activeStream = nil }
        guard let c = connection.conn else { return }
        connection.discardCopyOutData()
        var firstError: DriverError?
        while let res = PQgetResult(c) {
            if PQresultStatus(res) != PGRES_COMMAND_OK, firstError == nil { firstError = connection.error(res) }
            PQclear(res)
        }
        if let e = firstError { throw e }
    }
}
