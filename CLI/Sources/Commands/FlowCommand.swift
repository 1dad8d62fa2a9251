import ArgumentParser
import FerryModels

/// `ferry flow create|list|show|runs|run|enable|disable|delete`: bundles launched on a schedule, optionally
/// reading only the rows changed since the last successful run (the orchestrator's `/v1/flows`).
struct FlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow", abstract: "Schedule bundles as flows, incremental by a delta column, and see their runs.",
        subcommands: [FlowCreateCommand.self, List.self, Show.self, Runs.self, FlowRunCommand.self, Enable.self,
                      Disable.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the flows: schedule, state, next tick.")
        @OptionGroup var api: APIOptions
        @OptionGroup var output: JSONFlag
        @Option(help: "Only this bundle's flows (uid or name).") var bundle: String?

        mutating func run() async throws {
            let client = try api.client()
            var path = "/v1/flows?size=\(FerryClient.maxPageSize)"
            if let bundle { path += "&bundleId=\(try await client.bundle(bundle).uid)" }
            try await output.show(client, path, as: FlowPage.self) { page in
                guard !page.items.isEmpty else { return "no flows yet (`ferry flow create NAME --bundle B --every 1h`)" }
                let bundles = await client.bundleNames()
                var table = TextTable([("ID", .right), ("NAME", .left), ("BUNDLE", .left), ("STATE", .left),
                                       ("SCHEDULE", .left), ("DELTA", .left), ("NEXT TICK", .left)])
                for f in page.items {
                    table.add([String(f.uid), f.name, bundles[f.dataBundleId] ?? "#\(f.dataBundleId)", f.state.rawValue,
                               FlowSchedule.describe(f.scheduleParams), FlowText.deltaColumn(f) ?? "–",
                               Format.time(epochSeconds: f.nextRunTime)])
                }
                return table.render()
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a flow: schedule, options, next tick, its last runs and windows.")
        @OptionGroup var target: OneFlow

        mutating func run() async throws {
            let (client, flow) = try await target.resolve()
            if target.output.json { return Console.line(try await client.raw("GET", "/v1/flows/\(flow.uid)")) }
            let bundle = await client.bundleNames()[flow.dataBundleId] ?? "#\(flow.dataBundleId)"
            let runs: FlowRunPage = try await client.get("/v1/flows/\(flow.uid)/runs?size=5")
            Console.line(FlowText.show(flow, bundle: bundle, runs: runs))
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a flow's runs, newest first: status, window, rows, job.")
        @OptionGroup var target: OneFlow
        @Option(help: "How many (1–200).") var limit = 20

        func validate() throws {
            guard (1...FerryClient.maxPageSize).contains(limit) else { throw ValidationError("--limit must be between 1 and 200") }
        }

        mutating func run() async throws {
            let (client, flow) = try await target.resolve()
            try await target.output.show(client, "/v1/flows/\(flow.uid)/runs?size=\(limit)", as: FlowRunPage.self) { page in
                guard !page.items.isEmpty else { return "flow \(flow.name) has not run yet (`ferry flow run \(flow.uid) --wait`)" }
                return FlowText.runs(page)
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a flow: its ticks run again (missed ones are not replayed).")
        @OptionGroup var target: OneFlow
        mutating func run() async throws { try await target.set(.enabled) }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a flow: no tick runs until it is enabled.")
        @OptionGroup var target: OneFlow
        mutating func run() async throws { try await target.set(.disabled) }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a flow (refused while one of its runs is in progress).")
        @OptionGroup var target: OneFlow

        mutating func run() async throws {
            let (client, flow) = try await target.resolve()
            let answer: MessageEnvelope = try await client.delete("/v1/flows/\(flow.uid)")
            Console.line("flow \(flow.name) (id \(flow.uid)): \(answer.message)")
        }
    }
}

/// The commands about one flow name it by id or by name.
typealias OneFlow = OneNamed<FlowView>

extension FlowView: NamedResource {
    static let noun = "flow"
    static func lookup(_ client: FerryClient, _ ref: String) async throws -> FlowView { try await client.flow(ref) }
}

extension OneNamed where Resource == FlowView {

    /// PATCH `state`, on the etag just read (a concurrent change answers 412 instead of being overwritten).
    func set(_ state: FlowState) async throws {
        let (client, f) = try await resolve()
        let _: FlowSavedEnvelope = try await client.patch("/v1/flows/\(f.uid)", ["state": state.rawValue], ifMatch: f.etag)
        if output.json { return Console.line(try await client.raw("GET", "/v1/flows/\(f.uid)")) }
        Console.line("flow \(f.name) (id \(f.uid)) \(state.rawValue)")
    }
}
