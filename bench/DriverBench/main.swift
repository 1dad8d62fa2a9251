// ferry-driver-bench: copies one table between two PostgreSQL databases with Ferry's drivers only —
// COPY (SELECT … ORDER BY key) TO STDOUT (FORMAT binary) on one connection, tuples forwarded untouched
// into COPY … FROM STDIN (FORMAT binary) on the other, the reader and the writer on their own threads —
// and prints rows/s. bench/run.sh runs it beside the `psql | psql` binary pipe.
//
//   ferry-driver-bench <source URL> <target URL> <table> [chunk rows]
import FerrySQL
import Foundation

let args = CommandLine.arguments
guard args.count >= 4 else {
    FileHandle.standardError.write(Data("usage: ferry-driver-bench <source URL> <target URL> <table> [chunk rows]\n".utf8))
    exit(2)
}
let chunkRows = args.count > 4 ? Int(args[4]) ?? 10_000 : 10_000

func connect(_ url: String) throws -> PostgresConnection {
    guard case .postgres(let conninfo) = try ConnectionURL.resolve(provider: "PostgreSQL", url: url, user: nil, password: nil) else {
        throw DriverError.usage("bench", "not a PostgreSQL URL: \(url)")
    }
    return try PostgresConnection(conninfo: conninfo)
}

/// A chunk of raw tuples handed from the reader thread to the writer thread (at most two in flight).
final class Handoff: @unchecked Sendable {
    private let cond = NSCondition()
    private var chunks: [[UInt8]] = []
    private var done = false
    func put(_ c: [UInt8]) { cond.lock(); while chunks.count >= 2 { cond.wait() }; chunks.append(c); cond.broadcast(); cond.unlock() }
    func finish() { cond.lock(); done = true; cond.broadcast(); cond.unlock() }
    func take() -> [UInt8]? {
        cond.lock(); defer { cond.unlock() }
        while chunks.isEmpty && !done { cond.wait() }
        if chunks.isEmpty { return nil }
        let c = chunks.removeFirst(); cond.broadcast(); return c
    }
}

do {
    let src = try connect(args[1]), dst = try connect(args[2])
    let table = TableRef(schema: "public", name: args[3])
    guard let info = try src.describeTable(table) else { throw DriverError.usage("bench", "no table \(table)") }
    if try dst.describeTable(table) == nil {
        try dst.execute(LoadPlanner.createTableSQL(source: info, target: table, dialect: .postgresql, renames: [],
                                                   nativeTypes: Set(info.columns.map(\.name))))
    }
    let d = SQLDialect.postgresql
    let cols = d.columnList(info.columns.map(\.name))
    let order = info.primaryKey.isEmpty ? "" : " ORDER BY " + d.columnList(info.primaryKey)
    let handoff = Handoff()
    let start = Date()
    var rows = 0
    // The reader thread owns the source connection from here on; the main thread only touches `dst`.
    nonisolated(unsafe) let source = src
    let reader = Thread {
        do {
            let out = try source.copyOut("SELECT \(cols) FROM \(d.qualified(table))\(order)")
            var buf: [UInt8] = []
            var n = 0
            while try out.nextTuple({ buf.append(contentsOf: $0.bytes) }) {
                n += 1
                if n == chunkRows { handoff.put(buf); buf = []; n = 0 }
            }
            if !buf.isEmpty { handoff.put(buf) }
        } catch { FileHandle.standardError.write(Data("reader: \(error)\n".utf8)) }
        handoff.finish()
    }
    reader.start()
    var header = BinaryCopyEncoder(); header.header()
    var trailer = BinaryCopyEncoder(); trailer.trailer()
    while let chunk = handoff.take() {
        try dst.begin()
        try dst.copyIn("COPY \(d.qualified(table)) (\(cols)) FROM STDIN (FORMAT binary)")
        try header.withUnsafeBytes { try dst.putCopyData($0) }
        try chunk.withUnsafeBytes { try dst.putCopyData($0) }
        try trailer.withUnsafeBytes { try dst.putCopyData($0) }
        rows += try dst.endCopy()
        try dst.commit()
    }
    let secs = Date().timeIntervalSince(start)
    print(String(format: "ferry-driver-bench: %d rows in %.2f s = %.0f rows/s (chunks of %d, one commit each)", rows, secs, Double(rows) / secs, chunkRows))
} catch {
    FileHandle.standardError.write(Data("ferry-driver-bench: \(error)\n".utf8))
    exit(1)
}
