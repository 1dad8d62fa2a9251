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

    /// Connects on the session's own thread. `setUp`: statements run on every connection it opens (the first and
    /// any that replaces a lost one).
    public static func open(_ spec: ConnectionSpec, setUp: [String] = []) async throws -> DatabaseSession {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        do {
            let box = try await pool.runIfActive { try ConnectionBox(spec, setUp: setUp) }
            return DatabaseSession(pool: pool, box: box, spec: spec)
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
    }

    /// Runs `body` with the connection on the session's thread. A connection the server ended while it was idle
    /// (a restart, a failover) is opened anew first; one lost during `body` fails that call and is opened anew for
    /// the next: the call is not retried, since what it did before the loss is unknown (a COMMIT may have landed).
    public func run<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await pool.runIfActive { [box] in
            let c = try box.open()
            do {
                return try body(c)
            } catch let e as DriverError where e.isConnectionLost {
                box.drop()
                throw e
            }
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
    private let spec: ConnectionSpec
    private let setUp: [String]
    private var connection: (any SQLConnection)?
    private var closed = false

    init(_ spec: ConnectionSpec, setUp: [String]) throws {
        self.spec = spec; self.setUp = setUp
        connection = try connect()
    }

    private func connect() throws -> any SQLConnection {
        let c = try Database.connect(spec)
        do {
            for sql in setUp { try c.execute(sql) }
        } catch {
            c.close()
            throw error
        }
        return c
    }

    /// The connection, connected again when a lost one was dropped or the server ended it while it was idle.
    func open() throws -> any SQLConnection {
        if let c = connection, c.isAlive { return c }
        drop()
        guard !closed else { throw DriverError.usage("session", "connection is closed") }
        let c = try connect()
        connection = c
        return c
    }

    /// Forgets a connection the server dropped.
    func drop() { connection?.close(); connection = nil }

    func close() { closed = true; drop() }
}
