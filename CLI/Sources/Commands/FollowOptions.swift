import ArgumentParser
import FerryModels

/// `--wait` and what goes with it, shared by `run`, `restart` and `copy`.
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

    /// After a launch or restart answered `jobId`: follow it or say how to.
    func finish(_ client: FerryClient, jobId: Int64, launched: String) async throws {
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
        }
        if job.status != .completed {
            throw ExitCode(CLIError.ExitCode.jobNotCompleted)
        }
    }
}
