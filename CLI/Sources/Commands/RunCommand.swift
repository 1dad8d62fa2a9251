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
        let launched: LaunchResponse = try await client.post("/v1/batch/job", LaunchRequest(dataBundleId: b.uid))
        try await follow.finish(client, jobId: launched.uid, launched: "launched \(b.bundleName)")
    }
}

/// `ferry restart <job> [--wait]`.
struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart", abstract: "Restart a failed or stopped job from its last committed chunks.")
    @OptionGroup var api: APIOptions
    @Argument(help: "The job execution id.") var job: String
    @OptionGroup var follow: FollowOptions

    mutating func run() async throws {
        let id = try FerryClient.jobId(job)
        let client = try api.client()
        let restarted: LaunchResponse = try await client.post("/v1/batch/job/\(id)/restart", [String: String]())
        try await follow.finish(client, jobId: restarted.uid, launched: "restarted job \(id)")
    }
}

/// `ferry stop <job>`.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop a running job (the chunk in flight is finished first).")
    @OptionGroup var api: APIOptions
    @Argument(help: "The job execution id.") var job: String

    mutating func run() async throws {
        let id = try FerryClient.jobId(job)
        let client = try api.client()
        let answer: MessageEnvelope = try await client.post("/v1/batch/job/\(id)/stop", [String: String]())
        Console.line("job \(id): \(answer.message)")
    }
}
