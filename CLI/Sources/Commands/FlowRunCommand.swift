import ArgumentParser
import FerryModels

/// `ferry flow run FLOW [--wait] [--window-start T --window-end T]`: a run now, or a reload of a past window.
struct FlowRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a flow now (refused while one of its runs is in progress), or reload a past window.")
    @OptionGroup var api: APIOptions
    @Argument(help: "The flow's id or name.") var flow: String
    @Option(help: "With --window-end: reload the rows whose delta column is in this past window (now, epoch s, ISO-8601).")
    var windowStart: String?
    @Option(help: "The end of the window to reload.") var windowEnd: String?
    @OptionGroup var follow: FollowOptions

    func validate() throws {
        if (windowStart == nil) != (windowEnd == nil) { throw ValidationError("give --window-start and --window-end together") }
    }

    mutating func run() async throws {
        var window: [String: Int64] = [:]
        if let windowStart, let windowEnd {
            window["windowStartTime"] = try FlowSchedule.instant(windowStart, option: "--window-start")
            window["windowEndTime"] = try FlowSchedule.instant(windowEnd, option: "--window-end")
        }
        let client = try api.client()
        let f = try await client.flow(flow)
        let started: FlowRunStarted = try await client.post("/v1/flows/\(f.uid)/runs", window)
        try await follow.finish(client, jobId: started.jobExecutionId, launched: "flow \(f.name) run \(started.id)") {
            let run: FlowRunView = try await client.get("/v1/flows/\(f.uid)/runs/\(started.id)")
            return FlowText.windows(run)
        }
    }
}
