import FerryModels
import Foundation

/// Follows a job execution until it ends: on a terminal, one line per step redrawn in place; otherwise a plain
/// line whenever a step moves (at most one a second per step) or changes status. Then the summary.
struct JobFollower {
    let client: FerryClient
    /// Print nothing while following (`--json` prints the final document instead).
    var quiet = false
    var terminal = Console.isTerminal
    var interval: Duration = .milliseconds(500)
    /// Give up after this long (nil: until the job ends).
    var timeout: Duration?

    func follow(_ jobId: Int64) async throws -> JobProgressView {
        let started = ContinuousClock.now
        var drawn = 0
        var lastPlain: [String: (line: String, at: ContinuousClock.Instant, status: BatchStatus)] = [:]
        var failures = 0
        if terminal && !quiet { Console.out("\u{1B}[?25l") }  // hide the cursor while redrawing
        defer { if terminal && !quiet { Console.out("\u{1B}[?25h") } }
        while true {
            let job: JobProgressView
            do {
                job = try await client.progress(jobId)
                failures = 0
            } catch let error as CLIError where !error.message.contains("not found") && failures < 10 {
                // A service restarting or a moment of overload: keep following, give up after ten misses in a row.
                failures += 1
                try await Task.sleep(for: interval)
                continue
            }
            if !quiet {
                if terminal { drawn = redraw(job, over: drawn) } else { plain(job, &lastPlain) }
            }
            if job.status.isTerminal { return job }
            if let timeout, ContinuousClock.now - started > timeout {
                throw CLIError("job \(jobId) still \(job.status.rawValue) after \(timeout); it keeps running (`ferry status \(jobId)`)")
            }
            try await Task.sleep(for: interval)
        }
    }

    /// Moves the cursor up over the previous frame and writes the new one; answers its line count.
    private func redraw(_ job: JobProgressView, over previous: Int) -> Int {
        let width = Console.width
        let nameWidth = job.steps.map(\.stepName.count).max() ?? 0
        let bar = max(10, min(30, width - nameWidth - 75))
        let lines = [ProgressLine.header(job)] + job.steps.map { ProgressLine.step($0, nameWidth: nameWidth, bar: bar) }
        var frame = previous > 0 ? "\u{1B}[\(previous)A" : ""
        for line in lines { frame += "\r\u{1B}[2K" + String(line.prefix(max(20, width - 1))) + "\n" }
        Console.out(frame)
        return lines.count
    }

    private func plain(_ job: JobProgressView, _ last: inout [String: (line: String, at: ContinuousClock.Instant, status: BatchStatus)]) {
        let now = ContinuousClock.now
        for s in job.steps where s.startTime != nil || s.status.isTerminal {
            let line = ProgressLine.plain(s)
            if let prev = last[s.stepName] {
                let moved = prev.line != line && now - prev.at >= .seconds(1)
                guard prev.status != s.status || moved else { continue }
            }
            Console.line(line)
            last[s.stepName] = (line, now, s.status)
        }
    }
}
