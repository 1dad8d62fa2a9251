import CLibPQ

/// COPY FROM STDIN: start it, feed it bytes (a binary stream from `BinaryCopyEncoder`), end it.
/// A bad row makes the server fail the whole COPY; its SQLSTATE (class 22/23) comes from endCopy().
extension PostgresConnection {
    /// Runs a `COPY … FROM STDIN …` statement, e.g. `COPY "t" ("a", "b") FROM STDIN (FORMAT binary)`.
    public func copyIn(_ copySQL: String) throws {
        let c = try handle()
        guard let res = PQexec(c, copySQL) else { throw error(nil) }
        guard PQresultStatus(res) == PGRES_COPY_IN else {
            _ = try DriverError.attributed(to: copySQL) { try checked(res) }
            throw PostgresError.usage("statement did not start a COPY FROM STDIN")
        }
        PQclear(res)
        activeStream = .copyIn
    }

    public func putCopyData(_ bytes: UnsafeRawBufferPointer) throws {
        guard let c = conn, activeStream == .copyIn else { throw PostgresError.usage("no COPY FROM STDIN in progress") }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        // One CopyData message per 64 KiB, as psql sends them: the server reads a whole message before it parses
        // any of it, so a 1.5 MB chunk in one message would leave it idle while the bytes arrive.
        let chunk = 64 * 1024
        var at = 0
        while at < bytes.count {
            let n = min(chunk, bytes.count - at)
            guard PQputCopyData(c, (base + at).assumingMemoryBound(to: CChar.self), Int32(n)) == 1 else {
                let e = error(nil)
                drainPending()
                activeStream = nil
                throw e
            }
            at += n
        }
    }

    /// Sends the encoder's bytes and empties it (keeping its capacity).
    public func putCopyData(_ encoder: inout BinaryCopyEncoder) throws {
        try encoder.withUnsafeBytes { try putCopyData($0) }
        encoder.removeAll()
    }

    /// Ends the COPY; answers the rows loaded. Throws the server's error (e.g. 23505, 22P02) otherwise.
    @discardableResult
    public func endCopy() throws -> Int {
        guard let c = conn, activeStream == .copyIn else { throw PostgresError.usage("no COPY FROM STDIN in progress") }
        defer { activeStream = nil }
        if PQputCopyEnd(c, nil) != 1 {
            let e = error(nil)
            drainPending()
            throw e
        }
        var rows = 0
        var firstError: DriverError?
        while let res = PQgetResult(c) {
            switch PQresultStatus(res) {
            case PGRES_COMMAND_OK:
                rows = Int(String(cString: PQcmdTuples(res))) ?? 0
            case PGRES_COPY_IN:                         // cannot happen after PQputCopyEnd; be safe
                _ = PQputCopyEnd(c, "unexpected COPY state")
            default:
                if firstError == nil { firstError = error(res) }
            }
            PQclear(res)
        }
        if let e = firstError { throw e }
        return rows
    }

    /// Abandons the COPY: the server discards everything sent (the statement fails with `message`).
    public func abortCopy(_ message: String) {
        guard let c = conn, activeStream == .copyIn else { return }
        _ = PQputCopyEnd(c, message)
        drainPending()
        activeStream = nil
    }
}
