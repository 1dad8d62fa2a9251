import FerryModels
import Synchronization

/// Job executions whose record can no longer change, kept in memory so RF06, the job report and progress answer
/// them without a round trip to the orchestrator (the read clients poll most: a finished job's status).
///
/// Settled means: the job execution is terminal (COMPLETED, FAILED, STOPPED, ABANDONED) **and** none of its step
/// executions is running — the orchestrator says so in the record's `settled` (it sees every key range of a split
/// table, which the folded steps can hide: a FAILED step may still have a range running). The orchestrator changes no row of such an execution again — a restart makes a *new* execution of the
/// same job instance (a new id) and leaves the old one as it was; stop, heartbeats, finishes and the lease sweep
/// only touch running executions or running steps. A terminal execution with a step still running (a failed job
/// whose other step is finishing, or whose executor died and whose lease has not lapsed yet) is not settled:
/// every read of it goes to the orchestrator until that step has ended too.
///
/// RF06's answer of a settled execution is kept beside it once made (its JSON bytes): the view depends only on the
/// record and the service's fixed time zone.
///
/// Bounded: beyond `capacity` executions the oldest remembered one is forgotten (it is read again when asked).
final class SettledExecutions: Sendable {
    private struct Entry {
        var record: JobExecutionRecord
        var rf06: [UInt8]?
    }

    private struct State {
        var records: [Int64: Entry] = [:]
        var order: [Int64] = []  // remembered ids, oldest first
        var oldest = 0           // index in `order` of the next one to forget
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 2048) { self.capacity = max(1, capacity) }

    /// True when the orchestrator will never change this record again.
    static func isSettled(_ record: JobExecutionRecord) -> Bool {
        record.settled == true && record.status.isTerminal && !record.steps.contains { !$0.status.isTerminal }
    }

    func record(_ id: Int64) -> JobExecutionRecord? {
        state.withLock { $0.records[id]?.record }
    }

    /// RF06's JSON of a settled execution, with its status, when it was kept.
    func rf06(_ id: Int64) -> (status: BatchStatus, body: [UInt8])? {
        state.withLock { s in s.records[id].flatMap { e in e.rf06.map { (e.record.status, $0) } } }
    }

    /// Keeps RF06's JSON of `record` when the record itself is kept (settled).
    func keep(rf06 body: [UInt8], of record: JobExecutionRecord) {
        guard Self.isSettled(record) else { return }
        state.withLock { $0.records[record.jobExecutionId]?.rf06 = body }
    }

    /// Remembers `record` when it is settled; anything else is left alone.
    func offer(_ record: JobExecutionRecord) {
        guard Self.isSettled(record) else { return }
        let capacity = capacity
        state.withLock { s in
            let id = record.jobExecutionId
            guard s.records[id] == nil else { return }
            s.records[id] = Entry(record: record)
            s.order.append(id)
            if s.records.count > capacity {
                s.records.removeValue(forKey: s.order[s.oldest])
                s.oldest += 1
            }
            if s.oldest > capacity {  // compact the forgotten prefix now and then
                s.order.removeFirst(s.oldest)
                s.oldest = 0
            }
        }
    }

    var count: Int { state.withLock { $0.records.count } }
}
