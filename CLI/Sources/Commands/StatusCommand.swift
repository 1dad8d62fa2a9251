import ArgumentParser
import FerryModels

/// `ferry status <job>`: where a job is, step by step.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a job execution: status, counts, rows/s per step, the error if it failed.",
        discussion: """
            A step split into key-range partitions shows how many of its ranges are done (RANGES); a step that \
            checked its target after its last commit (bundle option reconcile) shows the result (CHECK) and the first \
            differing keys. --json adds each step's ranges under `partitions` and its check under `reconciliation`.
            """)
    @OptionGroup var job: JobArgument
    @OptionGroup var output: JSONFlag

    mutating func run() async throws {
        let (client, id) = try job.resolve()
        let raw = try await client.raw("GET", "/v1/batch/job/\(id)/progress")
        let progress = try FerryClient.decode(raw, as: JobProgressView.self)
        let ranges = await StepRanges.fetch(client, job: id, steps: progress.steps)
        let checks = await StepChecks.fetch(client, job: id)
        Console.line(output.json ? try ranges.merged(into: raw, checks: checks) : Self.render(progress, ranges: ranges, checks: checks))
    }

    static func render(_ progress: JobProgressView, ranges: StepRanges, checks: StepChecks) -> String {
        var lines = [ProgressLine.header(progress)]
        lines.append("started \(Format.time(progress.startTime)), ended \(Format.time(progress.endTime))")
        if !progress.steps.isEmpty {
            lines.append("")
            var columns: [(String, TextTable.Align)] = [("STEP", .left), ("STATUS", .left), ("READ", .right), ("OF", .right), ("%", .right),
                                   ("WRITTEN", .right), ("SKIPPED", .right), ("TIME", .right), ("ROWS/S", .right), ("ETA", .right)]
            if ranges.anySplit { columns.append(("RANGES", .right)) }
            if checks.any { columns.append(("CHECK", .left)) }
            var table = TextTable(columns)
            for s in progress.steps {
                table.add([s.stepName, s.status.rawValue, Format.count(s.readCount), s.sourceRows.map(Format.count) ?? "–",
                           Format.percent(s.percent), Format.count(s.writeCount), Format.count(s.writeSkipCount),
                           Format.duration(millis: s.elapsedMillis), Format.rate(s.rowsPerSecond),
                           s.status.isRunning ? Format.eta(s.etaSeconds) : ""]
                          + (ranges.anySplit ? [ranges.summary(s.stepName) ?? ""] : [])
                          + (checks.any ? [checks.summary(s.stepName) ?? "–"] : []))
            }
            lines.append(table.render())
        }
        if !progress.exitMessage.isEmpty { lines.append("\nexit: \(progress.exitMessage)") }
        for s in progress.steps where !s.exitMessage.isEmpty && s.status != .completed {
            lines.append("\(s.stepName): \(s.exitMessage)")
        }
        for s in progress.steps { lines.append(contentsOf: checks.details(s.stepName)) }
        return lines.joined(separator: "\n")
    }
}

/// `ferry history`: the latest executions.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List job executions, newest first.")
    @OptionGroup var api: APIOptions
    @OptionGroup var output: JSONFlag
    @Option(help: "Only this bundle's executions (uid or name).") var bundle: String?
    @Option(help: "Only executions in this status (COMPLETED, FAILED, STARTED …).") var status: String?
    @Option(help: "How many (1–200).") var limit = 20

    func validate() throws {
        guard (1...200).contains(limit) else { throw ValidationError("--limit must be between 1 and 200") }
        if let status, BatchStatus(rawValue: status.uppercased()) == nil {
            throw ValidationError("--status must be one of \(BatchStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    mutating func run() async throws {
        let client = try api.client()
        var query = "size=\(limit)"
        if let bundle { query += "&bundleId=\(try await client.bundle(bundle).uid)" }
        if let status { query += "&status=\(status.uppercased())" }
        try await output.show(client, "/v1/batch/jobs/progress?\(query)", as: JobProgressPage.self, Self.render)
    }

    static func render(_ page: JobProgressPage) -> String {
        var table = TextTable([("JOB", .right), ("BUNDLE", .left), ("STATUS", .left), ("STARTED", .left), ("TIME", .right),
                               ("ROWS", .right), ("ROWS/S", .right), ("SKIPS", .right), ("MESSAGE", .left)])
        for j in page.items {
            table.add([String(j.jobExecutionId), j.bundleName, j.status.rawValue, Format.time(j.startTime ?? j.createTime),
                       Format.duration(millis: j.elapsedMillis), Format.count(j.writeCount), Format.rate(j.rowsPerSecond),
                       Format.count(j.writeSkipCount), String(j.exitMessage.prefix(60))])
        }
        return page.items.isEmpty ? "no job executions yet (`ferry run BUNDLE --wait`)"
            : table.render() + (page.total > page.items.count ? "\n(\(page.items.count) of \(page.total); --limit shows more)" : "")
    }
}

/// `ferry skips <job>`: the rows the target refused, and why.
struct SkipsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skips", abstract: "Show the rows a job skipped: key, the target's error, the original source row.")
    @OptionGroup var job: JobArgument
    @OptionGroup var output: JSONFlag
    @Option(help: "How many (1–200).") var limit = 50

    func validate() throws {
        guard (1...200).contains(limit) else { throw ValidationError("--limit must be between 1 and 200") }
    }

    mutating func run() async throws {
        let (client, id) = try job.resolve()
        try await output.show(client, "/v1/batch/job/\(id)/skips?size=\(limit)", as: SkippedRowPage.self) { Self.render($0, job: id) }
    }

    static func render(_ page: SkippedRowPage, job id: Int64) -> String {
        guard !page.items.isEmpty else { return "job \(id) skipped no rows" }
        var lines = ["job \(id) skipped \(Format.count(Int64(page.total))) row\(page.total == 1 ? "" : "s")" + (page.total > page.items.count ? " (first \(page.items.count) shown)" : "")]
        for r in page.items {
            let key = r.key.map { $0 ?? "NULL" }.joined(separator: ", ")
            lines.append("")
            lines.append("\(r.stepName ?? "?") key (\(key))\(r.sqlState.map { " SQLSTATE \($0)" } ?? ""): \(r.reason)")
            let row = r.row.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ?? "NULL")" }.joined(separator: " ")
            lines.append("  row: \(row)")
        }
        return lines.joined(separator: "\n")
    }
}
