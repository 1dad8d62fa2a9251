import FerryModels
import NIOConcurrencyHelpers

/// The decoded bundle specs of recent job executions. A claim needs its execution's spec, and decoding the stored
/// JSON of a 1,000-pair bundle on every claim cost more than the claim itself. An execution's spec is written once,
/// when it is created, and never changed (a restart is a new execution), so a cached copy is never stale — on any
/// replica.
final class ExecutionSpecCache: Sendable {
    private let specs = NIOLockedValueBox<[Int64: BundleSpec]>([:])
    /// Running executions at once are few; past this, the cache starts over rather than track ages.
    private let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    /// The spec of `executionId`, decoded by `load` (on the caller's thread) the first time it is asked for.
    func spec(_ executionId: Int64, load: () throws -> BundleSpec?) rethrows -> BundleSpec? {
        if let known = specs.withLockedValue({ $0[executionId] }) { return known }
        guard let spec = try load() else { return nil }
        specs.withLockedValue { all in
            if all.count >= capacity { all.removeAll(keepingCapacity: true) }
            all[executionId] = spec
        }
        return spec
    }
}
