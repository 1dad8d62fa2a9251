import NIOConcurrencyHelpers

/// A few ``DatabaseSession``s to one database, each with its own connection on its own thread (never GCD). A call
/// borrows one session for its whole body — a transaction never spans two connections — and waits, first come
/// first served, while every session is busy.
public final class DatabaseSessionPool: Sendable {
    private let sessions: [DatabaseSession]
    private let state: NIOLockedValueBox<State>

    private struct State {
        var free: [Int]
        var waiting: [CheckedContinuation<Int, Never>] = []
    }

    public var size: Int { sessions.count }
    public var spec: ConnectionSpec { sessions[0].spec }

    private init(sessions: [DatabaseSession]) {
        self.sessions = sessions
        state = NIOLockedValueBox(State(free: Array(sessions.indices.reversed())))
    }

    /// Opens `connections` sessions (at least one), each running `setUp` on every connection it opens; a failure
    /// closes those already open.
    public static func open(_ spec: ConnectionSpec, connections: Int, setUp: [String] = []) async throws -> DatabaseSessionPool {
        var sessions: [DatabaseSession] = []
        do {
            for _ in 0..<max(1, connections) { sessions.append(try await DatabaseSession.open(spec, setUp: setUp)) }
        } catch {
            for s in sessions { await s.close() }
            throw error
        }
        return DatabaseSessionPool(sessions: sessions)
    }

    /// Runs `body` on one free session's connection.
    public func run<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let i = await borrow()
        defer { giveBack(i) }
        return try await sessions[i].run(body)
    }

    public func close() async {
        for s in sessions { await s.close() }
    }

    private func borrow() async -> Int {
        if let i = state.withLockedValue({ $0.free.popLast() }) { return i }
        return await withCheckedContinuation { waiter in
            // Checked again under the lock: a session given back since the first look must not be missed.
            let i: Int? = state.withLockedValue { s in
                if let i = s.free.popLast() { return i }
                s.waiting.append(waiter)
                return nil
            }
            if let i { waiter.resume(returning: i) }
        }
    }

    private func giveBack(_ i: Int) {
        let next = state.withLockedValue { s -> CheckedContinuation<Int, Never>? in
            if s.waiting.isEmpty { s.free.append(i); return nil }
            return s.waiting.removeFirst()
        }
        next?.resume(returning: i)
    }
}
