import FerryTestKit
import Foundation
import XCTest

/// `ferry run --wait` in a real pseudo-terminal (tmux), read from the screen as a user sees it: the step's line is
/// redrawn in place while the rows move (a partial percentage, then 100%, on one line), and the run ends with
/// the summary table and exit status 0. Without a terminal the same command prints plain lines.
final class CLITerminalTests: XCTestCase {
    static let tmux = "/usr/bin/tmux"

    func testRunWaitRedrawsProgressInATerminalAndEndsWithTheSummary() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.tmux) else {
            throw TestRequirement.unmet("tmux is not installed (make test installs it)")
        }
        // Slow enough to be seen moving: 6,000 rows in chunks of 100, 60 ms after each chunk; the executor reports
        // progress at most 250 ms apart, the command polls every 500 ms.
        let stack = try Stack(extraEnvironment: ["FERRY_EXECUTOR_CHUNK_PAUSE_MS": "60"])
        defer { stack.stopAll() }
        try await stack.start()
        let cli = FerryCommandLine(stack: stack)
        let dir = stack.dataDir + "/tty"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let (rc, out) = try Subprocess.run("/usr/bin/sqlite3", [dir + "/source.db",
            "CREATE TABLE readings (id INTEGER PRIMARY KEY, v TEXT); WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 6000) INSERT INTO readings SELECT n, 'v' || n FROM g;"])
        XCTAssertEqual(rc, 0, out)
        try cli.ok(["datasource", "add", "tty-src", "sqlite:" + dir + "/source.db"])
        try cli.ok(["datasource", "add", "tty-dst", "sqlite:" + dir + "/target.db"])
        try cli.ok(["bundle", "create", "TTY_DEMO", "--source", "tty-src", "--target", "tty-dst", "--table", "readings", "--chunk-size", "100"])

        let session = "ferry-tty-\(getpid())"
        let socket = "-Lferry-test-\(getpid())"
        let env = cli.environment.map { "\($0.key)=\(Self.shellQuoted($0.value))" }.filter { $0.hasPrefix("FERRY_") }.joined(separator: " ")
        let done = dir + "/exit-status"
        let command = "env \(env) \(FerryCommandLine.binary) run TTY_DEMO --wait; echo $? > \(done); sleep 600"
        let (started, startOut) = try Subprocess.run(Self.tmux, [socket, "new-session", "-d", "-s", session, "-x", "160", "-y", "40", command])
        XCTAssertEqual(started, 0, startOut)
        defer { _ = try? Subprocess.run(Self.tmux, [socket, "kill-server"]) }

        var screens: [String] = []
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: done) {
            screens.append(try capture(socket, session))
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(200))
        let final = try capture(socket, session)
        let status = try String(contentsOfFile: done, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(status, "0", final)

        // While running: the step's line showed a partial percentage with a rate and an ETA.
        let partial = screens.contains { screen in
            screen.split(separator: "\n").contains { $0.contains("STEP-READINGS") && $0.contains("rows/s") && $0.contains("ETA")
                && !$0.contains("100%") && $0.range(of: #"\b[1-9][0-9]?%"#, options: .regularExpression) != nil }
        }
        XCTAssertTrue(partial, "no partial progress line was ever on the screen:\n\(screens.suffix(3).joined(separator: "\n----\n"))")
        // Redrawn in place: at the end the step has one progress line (at 100%), not one per refresh.
        let lines = final.split(separator: "\n")
        let progressLines = lines.filter { $0.contains("STEP-READINGS") && $0.contains("rows/s") && $0.contains("[") }
        XCTAssertEqual(progressLines.count, 1, final)
        XCTAssertTrue(progressLines.first?.contains("100%") == true, final)
        // The summary table and the closing line.
        XCTAssertTrue(lines.contains { $0.hasPrefix("STEP ") && $0.contains("STATUS") && $0.contains("ROWS/S") }, final)
        XCTAssertTrue(lines.contains { $0.hasPrefix("STEP-READINGS") && $0.contains("COMPLETED") && $0.contains("6,000") }, final)
        XCTAssertTrue(final.contains("JOB-TTY_DEMO #1 COMPLETED in"), final)

        // Without a terminal: plain lines, no escape sequences.
        let (plainStatus, plain) = try cli.run(["run", "TTY_DEMO", "--wait"])
        XCTAssertEqual(plainStatus, 0, plain)
        XCTAssertFalse(plain.contains("\u{1B}["), plain)
        XCTAssertTrue(plain.contains("STEP-READINGS COMPLETED 6,000/6,000 rows (100%)"), plain)
    }

    private func capture(_ socket: String, _ session: String) throws -> String {
        try Subprocess.run(Self.tmux, [socket, "capture-pane", "-p", "-t", session]).1
    }

    static func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
