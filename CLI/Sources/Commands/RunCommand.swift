import ArgumentParser
import FerryModels

/// `ferry run <bundle> [--wait]` (RF05).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Launch a bundle's job (RF05), and with --wait follow it to the end.")
    @OptionGroup var api: APIOptions
    @Argument(help: "The bundle (uid or name).") var bundle: String
    @OptionGroup var follow: FollowOptions

    mutating func run() async throws {
        let client = try api.client()
        let b = try await client.bundle(bundle)
        try await follow.launch(client, "/v1/batch/job", LaunchRequest(dataBundleId: b.uid), launched: "launched \(b.bundleName)")
    }
}

/// `ferry restart <job> [--wait]`.
struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart", abstract: "Restart a failed or stopped job from its last committed chunks.")
    @OptionGroup var job: JobArgument
    @OptionGroup var follow: FollowOptions

    mutating func run() async throws {
        let (client, id) = try job.resolve()
        try await follow.launch(client, "/v1/batch/job/\(id)/restart", [String: String](), launched: "restarted job \(id)")
    }
}

/// `ferry stop <job>`.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop a running job (the chunk in flight is finished first).")
    @OptionGroup var job: JobArgument

    mutating func run() async throws {
        let (client, id) = try job.resolve()
        let answer: MessageEnvelope = try await client.post("/v1/batch/job/\(id)/stop", [String: String]())
        Console.line("job \(id): \(answer.message)")
    }
}

/// The gateway and one job execution id, checked before anything is asked.
struct JobArgument: ParsableArguments, Sendable {
    @OptionGroup var api: APIOptions
    @Argument(help: "The job execution id.") var job: String

    func resolve() throws -> (FerryClient, Int64) {
        let id = try FerryClient.jobId(job)
        return (try api.client(), id)
    }
}
