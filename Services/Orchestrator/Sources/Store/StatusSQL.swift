import FerryModels
import FerrySQL

// Statuses in the store's SQL, spelled from the enums in this one place. Fixed statuses go into the text as
// literals (their raw values are upper-case words, nothing to escape): the partial unique index
// `orch_job_execution_one_running` and the planner see the same constants, and a misspelt status is a
// compile error rather than a query that silently matches nothing. Statuses that vary are bound (`.status`).

extension BatchStatus {
    /// `'STARTED'`
    var sql: String { "'\(rawValue)'" }

    /// `('STARTING', 'STARTED')`
    static func sqlList(_ statuses: [BatchStatus]) -> String {
        "(" + statuses.map(\.sql).joined(separator: ", ") + ")"
    }

    /// STARTING, STARTED, STOPPING.
    static let running = allCases.filter(\.isRunning)
    /// STOPPED, FAILED, COMPLETED, ABANDONED.
    static let terminal = allCases.filter(\.isTerminal)
}

extension ExitStatus {
    /// `'EXECUTING'`
    var sql: String { "'\(rawValue)'" }
}

extension SQLValue {
    static func status(_ status: BatchStatus) -> SQLValue { .text(status.rawValue) }
    static func status(_ status: ExitStatus) -> SQLValue { .text(status.rawValue) }
}

extension BatchStatus {
    /// A stored status; an unknown text (a newer version's status) reads as ABANDONED, never as running.
    init(stored: String?) { self = stored.flatMap(BatchStatus.init(rawValue:)) ?? .abandoned }
}

extension ExitStatus {
    /// A stored exit status; an unknown text (a newer version's) reads as UNKNOWN.
    init(stored: String?) { self = stored.flatMap(ExitStatus.init(rawValue:)) ?? .unknown }
}
