import FerryModels

/// The words of one live progress line per step, and the job's header line.
enum ProgressLine {
    static func header(_ job: JobProgressView) -> String {
        var s = "\(job.jobName) #\(job.jobExecutionId)"
        if job.rerunNumber > 0 { s += " (rerun \(job.rerunNumber))" }
        s += "  \(job.status.rawValue)  \(Format.duration(millis: job.elapsedMillis))"
        s += "  \(Format.count(job.writeCount)) rows"
        if let r = job.rowsPerSecond { s += ", \(Format.rate(r)) rows/s" }
        if job.writeSkipCount > 0 { s += ", \(Format.count(job.writeSkipCount)) skipped" }
        return s
    }

    /// `STEP-CUSTOMERS  [#########.........]  48%  190,000 / 392,000 rows  48,900 rows/s  ETA 4s  STARTED`
    static func step(_ s: StepProgressView, nameWidth: Int, bar: Int) -> String {
        let name = s.stepName.padding(toLength: max(nameWidth, s.stepName.count), withPad: " ", startingAt: 0)
        if s.status == .starting && s.startTime == nil {
            return "  \(name)  \(meter(nil, width: bar))        waiting"
        }
        var rows = Format.count(s.readCount)
        if let total = s.sourceRows { rows += " / " + Format.count(total) }
        var parts = ["  \(name)", meter(s.percent, width: bar), pad(Format.percent(s.percent), 4), rows + " rows"]
        parts.append(Format.rate(s.rowsPerSecond) + " rows/s")
        if s.status.isRunning { parts.append("ETA " + Format.eta(s.etaSeconds)) }
        if s.writeSkipCount > 0 { parts.append("\(Format.count(s.writeSkipCount)) skipped") }
        parts.append(s.status.rawValue)
        return parts.joined(separator: "  ")
    }

    /// A plain-text line for logs (no terminal): every number, no bar.
    static func plain(_ s: StepProgressView) -> String {
        var line = "\(s.stepName) \(s.status.rawValue) \(Format.count(s.readCount))"
        if let total = s.sourceRows { line += "/\(Format.count(total))" }
        line += " rows"
        if let p = s.percent { line += " (\(Format.percent(p)))" }
        line += " \(Format.rate(s.rowsPerSecond)) rows/s"
        if s.status.isRunning { line += " ETA \(Format.eta(s.etaSeconds))" }
        if s.writeSkipCount > 0 { line += " \(Format.count(s.writeSkipCount)) skipped" }
        return line
    }

    static func meter(_ percent: Double?, width: Int) -> String {
        guard let percent else { return "[" + String(repeating: " ", count: width) + "]" }
        let filled = min(width, Int((percent / 100 * Double(width)).rounded(.down)))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    private static func pad(_ s: String, _ n: Int) -> String {
        String(repeating: " ", count: max(0, n - s.count)) + s
    }
}
