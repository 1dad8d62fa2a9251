import FerryTestKit
import Foundation
import XCTest

/// `scripts/run.sh` — `make run`'s supervised stack — as a real process on the test's free ports and data
/// directory, running the debug binaries the tests get. `stack` gives the ports, environment and clients; its own
/// process list stays empty (run.sh starts the services). run.sh writes a pid file per service under
/// `$FERRY_DATA_DIR/run/`, rewritten when it restarts one.
final class RunScript: @unchecked Sendable {
    let stack: Stack
    let process: Subprocess
    let outputPath: String
    /// Every service pid seen in the pid files (to check at the end that none outlives run.sh).
    private(set) var seen: Set<pid_t> = []

    convenience init(extraEnvironment: [String: String] = [:]) throws {
        try self.init(stack: try Stack(extraEnvironment: extraEnvironment))
    }

    /// run.sh on `stack`'s ports and data directory (a second run reuses the first's stores), leading its own
    /// process group as it would in a terminal.
    init(stack: Stack) throws {
        self.stack = stack
        let script = FileManager.default.currentDirectoryPath + "/scripts/run.sh"
        guard FileManager.default.isExecutableFile(atPath: script) else { throw TestRequirement.unmet("\(script) not found") }
        var env = stack.environment
        env["FERRY_BIN_DIR"] = Stack.binDir
        env["FERRY_DEMO"] = "0"   // the test registers its own datasources; the demo's would only slow the start
        outputPath = stack.dataDir + "/run-sh-\(UUID().uuidString.prefix(6)).out"
        process = try Subprocess.spawn("/bin/bash", [script], environment: env, output: outputPath, processGroup: true)
    }

    /// What run.sh printed so far (stdout and stderr).
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Until run.sh prints that the stack is up (every /health answered).
    func waitRunning(seconds: Int = 120) async throws {
        try await waitOutput("Ferry is running", seconds: seconds)
    }

    /// Until run.sh's output contains `text` (bounded); fails when run.sh exits first.
    func waitOutput(_ text: String, seconds: Int = 60) async throws {
        for _ in 0..<(seconds * 10) {
            notePids()
            if output.contains(text) { return }
            guard process.isRunning else { throw APIError.unexpected("run.sh exited before printing '\(text)':\n\(output)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw APIError.unexpected("run.sh did not print '\(text)' in \(seconds) s:\n\(output)")
    }

    /// The pid run.sh recorded for a service instance (`executor`, `orchestrator` …), if it runs now.
    func pid(_ instance: String) -> pid_t? {
        let text = try? String(contentsOfFile: stack.dataDir + "/run/\(instance).pid", encoding: .utf8)
        return text.flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Waits for run.sh to have started `instance` again (a pid other than `old`) and for it to answer /health.
    func waitRestarted(_ instance: String, service: String, after old: pid_t, seconds: Int = 60) async throws -> pid_t {
        for _ in 0..<(seconds * 10) {
            if let p = pid(instance), p != old {
                seen.insert(p)
                try await stack.waitHealthy(service, seconds: seconds)
                return p
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw APIError.unexpected("run.sh did not restart \(instance) in \(seconds) s:\n\(output)")
    }

    /// SIGTERM, as a service manager stops it (or SIGINT to its process group, as Ctrl-C in a terminal); answers
    /// run.sh's exit status (bounded: SIGKILL after 90 s).
    func stop(ctrlC: Bool = false) async -> Int32 {
        notePids()
        if ctrlC { process.signalGroup(SIGINT) } else { process.signal(SIGTERM) }
        for _ in 0..<900 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.signal(SIGKILL) }
        return process.wait()
    }

    /// The service pids seen that still exist (after `stop`, there must be none).
    var survivors: [pid_t] { seen.filter(Self.isAlive).sorted() }

    /// Exists and is no zombie (a zombie has exited; only whoever adopted it has not collected it yet).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno != ESRCH else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return false }   // "pid (comm) S …"
        return !stat[close...].hasPrefix(") Z")
    }

    private func notePids() {
        let dir = stack.dataDir + "/run"
        for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where f.hasSuffix(".pid") && f != "run.pid" {
            if let p = pid(String(f.dropLast(4))) { seen.insert(p) }
        }
    }

    deinit {
        if process.isRunning { process.signal(SIGTERM) }   // a failed test still stops what it started
    }
}
