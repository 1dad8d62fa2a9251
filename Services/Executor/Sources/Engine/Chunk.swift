import FerrySQL

/// Raw PostgreSQL binary COPY tuples (field count + fields, as the server sent them), kept
/// back to back in one buffer: the PG→PG passthrough moves bytes, not values (ENGINE.md §3).
struct TupleBuffer: Sendable {
    var bytes: [UInt8] = []
    /// Start offset of each tuple; tuple i ends where i+1 starts (or at bytes.count).
    var starts: [Int] = []

    var count: Int { starts.count }

    func range(_ i: Int) -> Range<Int> { starts[i]..<(i + 1 < starts.count ? starts[i + 1] : bytes.count) }

    /// The bytes of tuples lo..<hi, contiguous.
    func slice(_ lo: Int, _ hi: Int) -> ArraySlice<UInt8> {
        guard lo < hi else { return [] }
        return bytes[starts[lo]..<(hi < starts.count ? starts[hi] : bytes.count)]
    }
}

/// One chunk handed from the reader to the writer.
struct Chunk: Sendable {
    enum Payload: Sendable {
        case tuples(TupleBuffer)
        case rows(RowBatch)
    }
    var payload: Payload
    /// Primary key of the chunk's last row: the checkpoint after this chunk commits.
    var lastKey: [SQLValue]?

    var rowCount: Int {
        switch payload {
        case .tuples(let t): return t.count
        case .rows(let r): return r.rowCount
        }
    }
}

/// What a writer did with one chunk.
struct WriteOutcome: Sendable {
    var written: Int
    var skipped: [SkippedRowInfo]
    var rollbacks: Int
}

/// A row the target rejected, isolated by bisection.
struct SkippedRowInfo: Sendable {
    var index: Int
    var error: DriverError
}
