import FerryModels

/// The table printed when a followed job ends, and what to do next.
enum Summary {
    static func render(_ job: JobProgressView) -> String {
        var table = TextTable([("STEP", .left), ("STATUS", .left), ("READ", .right), ("WRITTEN", .right), ("SKIPPED", .right),
                               ("COMMITS", .right), ("TIME", .right), ("ROWS/S", .right)])
        for s in job.steps {
            table.add([s.stepName, s.status.rawValue, Format.count(s.readCount), Format.count(s.writeCount),
                       Format.count(s.writeSkipCount), Format.count(s.commitCount), Format.duration(millis: s.elapsedMillis),
                       Format.rate(s.rowsPerSecond)])
        }
        var lines = [table.render(), ""]
        lines.append("\(job.jobName) #\(job.jobExecutionId) \(job.status.rawValue) in \(Format.duration(millis: job.elapsedMillis)): "
            + "\(Format.count(job.writeCount)) rows written, \(Format.count(job.writeSkipCount)) skipped, "
            + "\(Format.rate(job.rowsPerSecond)) rows/s")
        if job.status != .completed {
            let message = job.exitMessage.isEmpty ? job.steps.first(where: { !$0.exitMessage.isEmpty })?.exitMessage : job.exitMessage
            if let message, !message.isEmpty { lines.append("error: " + message) }
            if job.status == .failed || job.status == .stopped {
                lines.append("`ferry restart \(job.jobExecutionId) --wait` resumes it from its last committed chunk")
            }
        }
        if job.writeSkipCount > 0 {
            lines.append("`ferry skips \(job.jobExecutionId)` shows the skipped rows and why the target refused them")
        }
        return lines.joined(separator: "\n")
    }
}
