import ArgumentParser
import FerryModels

/// `--wait` and what goes with it, shared by `run`, `restart`, `copy` and `flow run`.
struct FollowOptions: ParsableArguments, Sendable {
    @Flag(help: "Follow the job: live progress per step, a summary at the end, the exit status by outcome.")
    var wait = false

    @Flag(name: .long, help: "Print the API's JSON (with --wait: the final progress document) instead of text.")
    var json = false

    @Option(help: "With --wait: give up following after this many seconds (the job keeps running).")
    var timeout: Int?

    func validate() throws {
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    /// POSTs a launch (`/v1/batch/job`, a restart) and follows the job it answers.
    func launch<B: Encodable>(_ client: FerryClient, _ path: String, _ body: B, launched: String) async throws {
        let answer: LaunchResponse = try await client.post(path, body)
        try await finish(client, jobId: answer.uid, launched: launched)
    }

    /// After a launch answered `jobId`: follow it or say how to. `epilogue` adds lines under the summary.
    func finish(_ client: FerryClient, jobId: Int64, launched: String,
                epilogue: () async throws -> [String] = { [] }) async throws {
        guard wait else {
            if json { Console.line(try await client.raw("GET", "/v1/batch/job/\(jobId)/progress")) } else {
                Console.line("\(launched): job \(jobId) — `ferry status \(jobId)` follows it")
            }
            return
        }
        if !json { Console.line(launched + ": job \(jobId)") }
        let follower = JobFollower(client: client, quiet: json, timeout: timeout.map { .seconds($0) })
        let job = try await follower.follow(jobId)
        if json {
            Console.line(try await client.raw("GET", "/v1/batch/job/\(jobId)/progress"))
        } else {
            Console.line()
            Console.line(Summary.render(job))
            let more = try await epilogue()
            if !more.isEmpty { Console.line(more.joined(separator: "\n")) }
        }
        if job.status != .completed {
            throw ExitCode(CLIError.ExitCode.jobNotCompleted)
        }
    }
}
