/// Statements of `execute`/`query` by SQL text, least recently used evicted: store code and chunk
/// writers run the same few statements thousands of times and should compile each once.
struct SQLiteStatementCache {
    struct Entry {
        let statement: SQLiteStatement
        /// Values the SQL takes ($1…$n), checked on every use.
        let parameterCount: Int
        var lastUse: UInt64
    }

    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { entries.count }

    mutating func lookup(_ sql: String) -> Entry? {
        guard var e = entries[sql] else { return nil }
        clock += 1
        e.lastUse = clock
        entries[sql] = e
        return e
    }

    mutating func insert(_ sql: String, _ statement: SQLiteStatement, parameterCount: Int) {
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries.removeValue(forKey: oldest.key)?.statement.finalize()
        }
        clock += 1
        entries[sql] = Entry(statement: statement, parameterCount: parameterCount, lastUse: clock)
    }

    mutating func removeAll() {
        for e in entries.values { e.statement.finalize() }
        entries.removeAll()
    }
}
