import ArgumentParser
import FerryModels

/// `ferry flow create NAME --bundle B --every 1h [--delta-column C]`: seed 001's flow body from options.
struct FlowCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a flow: a bundle launched on a schedule, incremental with --delta-column.",
        discussion: """
            --every takes \(FlowSchedule.everyForms); --once runs a single tick. Ticks are start + k × interval; \
            the first is at --start (at once when that is past). With --delta-column each run reads the rows \
            changed since the last successful run (first run: all rows with --backfill, else from now).

            Example: ferry flow create crm-hourly --bundle CRM --every 1h --delta-column updated_at --backfill
            """)
    @OptionGroup var api: APIOptions
    @Argument(help: "The flow's name.") var name: String
    @Option(help: "The bundle it launches (uid or name).") var bundle: String
    @Option(help: ArgumentHelp("How often: 15m, 2h, 1d, 1w.", valueName: "interval")) var every: String?
    @Flag(help: "A single tick instead of a schedule.") var once = false
    @Option(help: ArgumentHelp("The first tick: now, epoch seconds, or ISO-8601 (2026-12-01T06:00:00Z).", valueName: "time")) var start = "now"
    @Option(help: "Read only rows changed since the last run, by this column (pairs without a delta column of their own).")
    var deltaColumn: String?
    @Flag(help: "The first run reads all history (default: rows changed from the flow's creation on).") var backfill = false
    @Option(help: "Missed ticks: latest (one run covering them), skip, or all.") var catchUp: CatchUpPolicy = .latest
    @Option(help: ArgumentHelp("Seconds re-read before the last window, for writers that commit late (default 60).", valueName: "seconds")) var lookBack: Int?
    @Option(help: "Rows whose delta column is NULL: include (every run) or exclude.") var nullDeltaRows: NullDeltaRows = .include
    @Flag(help: "Keep the first failed rows of each run (shown by `ferry flow runs`).") var diagnostics = false
    @Flag(help: "Create it disabled (`ferry flow enable` starts it).") var disabled = false
    @Option(help: "A description.") var description: String?

    func validate() throws {
        guard once != (every != nil) else { throw ValidationError("give either --every INTERVAL or --once") }
        if once && backfill { throw ValidationError("--backfill goes with --every (a --once flow reads what its delta column selects)") }
        if let lookBack, !(0...FlowLimits.maxLookBackSeconds).contains(lookBack) {
            throw ValidationError("--look-back must be between 0 and \(FlowLimits.maxLookBackSeconds) seconds")
        }
    }

    mutating func run() async throws {
        let schedule: ScheduleParams
        let startTime = try FlowSchedule.instant(start, option: "--start")
        if let every {
            let (frequency, interval) = try FlowSchedule.every(every)
            schedule = ScheduleParams(startTime: startTime, frequency: frequency, interval: interval, backfill: backfill)
        } else {
            schedule = ScheduleParams(startTime: startTime, frequency: .once)
        }
        let client = try api.client()
        let b = try await client.bundle(bundle)
        let body = FlowRequest(
            name: name, description: description, dataBundleId: b.uid, state: disabled ? .disabled : .enabled,
            transformations: deltaColumn.map { [FlowTransformation(name: "Copy", params: .init(deltaColumn: DeltaColumnSpec(name: $0)))] } ?? [],
            scheduleParams: schedule,
            options: FlowOptions(errorDiagnosticsEnabled: diagnostics, catchUp: catchUp,
                                 lookBackSeconds: lookBack ?? FlowLimits.defaultLookBackSeconds, nullDeltaRows: nullDeltaRows))
        let saved: FlowSavedEnvelope = try await client.post("/v1/flows", body)
        let flow: FlowView = try await client.get("/v1/flows/\(saved.uid)")
        Console.line("flow \(name) created (id \(saved.uid)): \(FlowSchedule.describe(flow.scheduleParams)), next tick "
            + "\(Format.time(epochSeconds: flow.nextRunTime)); `ferry flow run \(saved.uid) --wait` runs it now")
    }
}

/// `POST /v1/flows`: seed 001's body, with the bundle instead of connection ids.
struct FlowRequest: Encodable {
    var name: String
    var description: String?
    var dataBundleId: Int64
    var state: FlowState
    var transformations: [FlowTransformation]
    var scheduleParams: ScheduleParams
    var options: FlowOptions
}

extension CatchUpPolicy: ExpressibleByArgument {}
extension NullDeltaRows: ExpressibleByArgument {}
