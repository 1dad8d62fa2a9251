import FerryModels

/// How flows and their runs read on a terminal.
enum FlowText {
    /// The flow's Copy delta column, when it has one.
    static func deltaColumn(_ f: FlowView) -> String? {
        f.transformations.lazy.compactMap(\.params.deltaColumn?.name).first
    }

    static func show(_ f: FlowView, bundle: String, runs: FlowRunPage) -> String {
        var fields: [(String, String)] = [
            ("id", String(f.uid)), ("name", f.name), ("bundle", "\(bundle) (uid \(f.dataBundleId))"), ("state", f.state.rawValue),
            ("schedule", FlowSchedule.describe(f.scheduleParams)), ("next tick", Format.time(epochSeconds: f.nextRunTime)),
            ("delta", deltaColumn(f) ?? "none (each run reads everything)"),
            ("options", "catch-up \(f.options.catchUp.rawValue), look-back \(f.options.lookBackSeconds) s, "
                + "NULL deltas \(f.options.nullDeltaRows.rawValue)" + (f.options.errorDiagnosticsEnabled ? ", diagnostics" : "")),
        ]
        if let d = f.description { fields.insert(("about", d), at: 2) }
        var lines = fields.map { "\($0.0.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.1)" }
        if let last = runs.items.first(where: { $0.status == .success || $0.status == .partialSuccess }) {
            lines.append("")
            lines.append("watermarks (run \(last.id), the next run reads from here):")
            lines += windows(last)
        }
        lines.append("")
        lines.append(runs.items.isEmpty ? "no runs yet (`ferry flow run \(f.uid) --wait`)"
            : "last runs (\(runs.items.count) of \(runs.total); `ferry flow runs \(f.uid)` lists more):\n" + self.runs(runs))
        return lines.joined(separator: "\n")
    }

    static func runs(_ page: FlowRunPage) -> String {
        var table = TextTable([("RUN", .right), ("STATUS", .left), ("TRIGGER", .left), ("SCHEDULED", .left), ("JOB", .right),
                               ("WINDOW", .left), ("IN", .right), ("OUT", .right), ("SKIPPED", .right)])
        for r in page.items {
            let window = r.windowEndTime.map { "\(Format.time(r.windowStartTime)) → \(Format.time($0))" } ?? "–"
            table.add([String(r.id), r.status.rawValue, r.trigger.rawValue, Format.time(r.scheduledFor),
                       r.jobExecutionId.map(String.init) ?? "–", window, Format.count(r.recordSummary.inputRecordCount),
                       Format.count(r.recordSummary.outputRecordCount), Format.count(r.recordSummary.skippedRecordCount)])
        }
        var out = table.render()
        if page.total > page.items.count { out += "\n(\(page.items.count) of \(page.total); --limit shows more)" }
        for r in page.items {
            for e in r.errors.prefix(3) { out += "\nrun \(r.id) \(e.stepName ?? ""): \(e.message)" }
        }
        return out
    }

    /// One line per pair with a delta column: its window `(low, high]` and the NULL-delta rows it saw.
    static func windows(_ run: FlowRunView) -> [String] {
        run.tables.filter { $0.deltaColumn != nil }.map { t in
            var line = "  \(t.stepName)  \(t.deltaColumn ?? "")  (\(t.low ?? "all history"), \(t.high ?? "–")]"
            if let n = t.nullDeltaRowCount, n > 0 {
                line += "  \(Format.count(n)) NULL-delta rows \(t.nullDeltaRows == .exclude ? "left out" : "loaded")"
            }
            return line
        }
    }
}
