import CCurl
import Foundation
import NIOPosix

/// Process-wide libcurl state: one `curl_global_init`, one thread pool for the blocking
/// `curl_easy_perform` calls, and a free-list of idle easy handles (each keeps its connection cache,
/// so repeated calls to the same service reuse TCP connections).
///
/// Blocking curl calls never run on GCD queues, NIO event loops or the Swift cooperative pool: on Linux
/// the latter shares libdispatch's worker threads, and filling them with blocked transfers deadlocks
/// an in-process server (SWIFT-NOTES pitfall 1).
enum CurlRuntime {
    /// `curl_global_init` exactly once (a `static let` is initialised thread-safely, lazily).
    static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Threads that own their pthreads, for the blocking transfers.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()

    static let handles = CurlHandleCache(maxIdle: 32)
}

/// One `CURL *` easy handle. Used by one thread at a time (taken from / returned to the cache).
final class CurlEasy: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init?() {
        guard CurlRuntime.globalInit, let handle = curl_easy_init() else { return nil }
        raw = handle
    }

    deinit { curl_easy_cleanup(raw) }
}

/// Lock-protected free-list of idle easy handles.
final class CurlHandleCache: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [CurlEasy] = []
    private let maxIdle: Int

    init(maxIdle: Int) { self.maxIdle = maxIdle }

    func take() -> CurlEasy? {
        lock.withLock { idle.popLast() }
    }

    /// Resets the handle's options (its live connections, DNS and session caches survive
    /// `curl_easy_reset`) and keeps it for the next call, unless enough are idle already.
    func give(_ handle: CurlEasy) {
        curl_easy_reset(handle.raw)
        let discarded: CurlEasy? = lock.withLock {
            if idle.count < maxIdle {
                idle.append(handle)
                return nil
            }
            return handle
        }
        _ = discarded  // released (and cleaned up) outside the lock
    }

    var idleCount: Int { lock.withLock { idle.count } }
}

/// Set from the awaiting task's cancellation handler, read by curl's progress callback on the pool thread.
final class CurlCancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    func cancel() { lock.withLock { cancelled = true } }
    var isCancelled: Bool { lock.withLock { cancelled } }
}
