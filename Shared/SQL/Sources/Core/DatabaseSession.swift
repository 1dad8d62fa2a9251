import NIOPosix

/// One connection pinned to its own thread. Every call on the connection runs on that thread, in
/// order, so libpq/SQLite/ODBC see a single caller and no blocking call ever lands on a NIO event
/// loop or the cooperative pool (SWIFT-NOTES pitfall 1: never GCD).
public final class DatabaseSession: Sendable {
    private let pool: NIOThreadPool
    private let box: ConnectionBox
    public let spec: ConnectionSpec

    private init(pool: NIOThreadPool, box: ConnectionBox, spec: ConnectionSpec) {
        self.pool = pool; self.box = box; self.spec = spec
    }

    /// Connects on the session's own thread.
    public static func open(_ spec: ConnectionSpec) async throws -> DatabaseSession {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        do {
            let box = try await pool.runIfActive { ConnectionBox(try Database.connect(spec)) }
            return DatabaseSession(pool: pool, box: box, spec: spec)
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
    }

    /// Runs `body` with the connection on the session's thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await pool.runIfActive { [box] in
            guard let c = box.connection else { throw DriverError.usage("session", "connection is closed") }
            return try body(c)
        }
    }

    /// Closes the connection and stops the thread.
    public func close() async {
        _ = try? await pool.runIfActive { [box] in box.close() }
        try? await pool.shutdownGracefully()
    }
}

/// Holds a connection that only the session's thread touches.
final class ConnectionBox: @unchecked Sendable {
    private(set) var connection: (any SQLConnection)?
    init(_ c: any SQLConnection) { connection = c }
    func close() { connection?.close(); connection = nil }
}
