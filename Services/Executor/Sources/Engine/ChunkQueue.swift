import Foundation

/// The bounded hand-off between a step's reader thread and writer thread (ENGINE.md §2): the reader
/// fills chunk n+1 while the writer commits chunk n. Both sides block their own pool thread (a
/// pthread condition variable, no GCD) and back-pressure keeps at most `capacity` chunks in memory.
final class ChunkQueue<Element: Sendable>: @unchecked Sendable {
    private let cond = NSCondition()
    private var items: [Element] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 2) { self.capacity = capacity }

    /// Blocks while full. Answers false when the consumer cancelled (the producer should stop).
    func put(_ e: Element) -> Bool {
        cond.lock(); defer { cond.unlock() }
        while items.count >= capacity && !cancelled { cond.wait() }
        guard !cancelled else { return false }
        items.append(e)
        cond.broadcast()
        return true
    }

    /// Producer is done; `error` (if any) reaches the consumer after the queued items.
    func finish(error: (any Error)? = nil) {
        cond.lock(); defer { cond.unlock() }
        finished = true
        failure = error
        cond.broadcast()
    }

    /// Blocks until an item, the end (nil) or the producer's error.
    func take() throws -> Element? {
        cond.lock(); defer { cond.unlock() }
        while items.isEmpty && !finished { cond.wait() }
        if !items.isEmpty {
            let e = items.removeFirst()
            cond.broadcast()
            return e
        }
        if let f = failure { throw f }
        return nil
    }

    /// Consumer gives up: drops what is queued and releases a blocked producer.
    func cancel() {
        cond.lock(); defer { cond.unlock() }
        cancelled = true
        items.removeAll()
        cond.broadcast()
    }

    var isCancelled: Bool { cond.lock(); defer { cond.unlock() }; return cancelled }
}
