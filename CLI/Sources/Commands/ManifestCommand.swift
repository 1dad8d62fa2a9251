import ArgumentParser
import FerryModels
import Foundation

/// `ferry manifest list|verify`: seed 003's manifests of export runs, and the verify service (reporting's
/// `/v1/manifests`).
struct ManifestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest", abstract: "List the manifests export runs wrote, and verify them against the files.",
        discussion: """
            A bundle with a Files target and manifestOption writes [batchCode]_[run]_[rerun]_manifest.json after each \
            completed run, listing every file with its size and SHA-256.
            """,
        subcommands: [List.self, Verify.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List manifests: run and rerun numbers, files, records, the manifest's SHA-256.",
            discussion: "Without --batch-code: the manifests of every bundle that writes them.")
        @OptionGroup var api: APIOptions
        @OptionGroup var output: JSONFlag
        @Option(help: "Only this batch code's manifests (a bundle's batchCode, default its name).") var batchCode: String?

        mutating func run() async throws {
            let client = try api.client()
            if let batchCode {
                try ManifestText.checkBatchCode(batchCode)
                return try await output.show(client, "/v1/manifests?batchCode=\(FerryClient.segment(batchCode))",
                                             as: ManifestList.self) { ManifestText.list([$0]) }
            }
            var lists: [ManifestList] = []
            for code in try await ManifestText.batchCodes(client) {
                do { lists.append(try await client.get("/v1/manifests?batchCode=\(FerryClient.segment(code))")) }
                catch let e as CLIError where e.message.lowercased().contains("not found") { continue }
            }
            if output.json { return Console.line(try ManifestText.json(lists)) }
            Console.line(ManifestText.list(lists))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a manifest: its recorded name and SHA-256; with --deep, every listed file re-read.",
            discussion: """
                Without --deep this is seed 003's verify service: compare the SHA-256 shown with the manifest you \
                received. With --deep the service re-reads the manifest and each file it lists from the export \
                directory and names every file changed, truncated or missing; the exit status is then 3.
                """)
        @OptionGroup var api: APIOptions
        @OptionGroup var output: JSONFlag
        @Argument(help: "The batch code (a bundle's --batch-code, default its name).") var batchCode: String
        @Argument(help: "The batchRunNumber (1, 2, …).") var run: String
        @Argument(help: "The batchRerunNumber (0, then 1, 2, … per restart).") var rerun: String
        @Flag(help: "Re-read the manifest and every file it lists, and compare sizes and SHA-256.") var deep = false

        mutating func run() async throws {
            try ManifestText.checkBatchCode(batchCode)
            guard let r = Int(run), r >= 1 else { throw CLIError("bad run '\(run)': a batchRunNumber is 1 or more") }
            guard let rr = Int(rerun), rr >= 0 else { throw CLIError("bad rerun '\(rerun)': a batchRerunNumber is 0 or more") }
            let client = try api.client()
            let path = "/v1/manifests/\(FerryClient.segment(batchCode))/\(r)/\(rr)/verify" + (deep ? "?deep=true" : "")
            let answer = try output.show(try await client.raw("GET", path), as: ManifestVerifyAnswer.self, ManifestText.verify)
            if let check = answer.deep, !check.valid {
                let damage = check.damaged.map { "\($0.fileName) \($0.status.rawValue)" }.joined(separator: ", ")
                throw CLIError("\(answer.manifestFileName) failed verification: \(damage)", exitCode: CLIError.ExitCode.checkFailed)
            }
        }
    }
}

/// How manifests and their verification read.
enum ManifestText {
    /// The service's own rule, checked first so that a bad code is one line without a request.
    static func checkBatchCode(_ code: String) throws {
        guard !code.isEmpty, !code.contains("/"), code.utf8.count <= 200 else {
            throw CLIError("bad batch code '\(code)': a batch code is a file-name part (no '/', at most 200 bytes)")
        }
    }

    /// The batch codes of the bundles that write manifests (a bundle's `batchCode`, else its name).
    static func batchCodes(_ client: FerryClient) async throws -> [String] {
        let bundles: [BundleView] = try await client.get("/v1/data/bundles")
        var seen = Set<String>()
        return bundles.filter(\.manifestOption).map { $0.batchCode ?? $0.bundleName }.filter { seen.insert($0).inserted }
    }

    static func json(_ lists: [ManifestList]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(lists), as: UTF8.self)
    }

    static func list(_ lists: [ManifestList]) -> String {
        let all = lists.flatMap { l in l.manifests.map { (l.batchCode, $0) } }
        guard !all.isEmpty else { return "no manifests yet (a bundle with a Files target and `--manifest` writes one per completed run)" }
        var table = TextTable([("BATCH CODE", .left), ("RUN", .right), ("RERUN", .right), ("JOB", .right), ("FILES", .right),
                               ("RECORDS", .right), ("WRITTEN", .left), ("MANIFEST", .left), ("SHA-256", .left)])
        for (code, m) in all {
            table.add([code, String(m.batchRunNumber), String(m.batchRerunNumber), String(m.jobExecutionId), String(m.totalFiles),
                       Format.count(Int64(m.recordsProcessed)), Format.time(m.timeStamp), m.manifestFileName,
                       String(m.hashValue.prefix(16)) + "…"])
        }
        return table.render()
    }

    static func verify(_ answer: ManifestVerifyAnswer) -> String {
        var lines = ["\(answer.manifestFileName)  \(answer.hashAlgorithm) \(answer.hashValue)"]
        guard let deep = answer.deep else {
            lines.append("(the SHA-256 recorded when Ferry wrote it; --deep re-reads the files)")
            return lines.joined(separator: "\n")
        }
        let damaged = deep.damaged.count
        lines.append(deep.valid ? "valid: the manifest and its \(deep.files.count) file\(deep.files.count == 1 ? "" : "s") are as written"
                     : "INVALID: \(damaged) of \(deep.files.count + 1) files differ from what was written")
        lines.append("")
        var table = TextTable([("FILE", .left), ("STATUS", .left), ("SIZE", .right), ("WRITTEN", .right), ("SHA-256 NOW", .left)])
        for f in [deep.manifest] + deep.files {
            table.add([f.fileName, f.status.rawValue, f.actualSize.map { Format.count(Int64($0)) } ?? "–",
                       Format.count(Int64(f.expectedSize)),
                       f.actualHash.map { $0 == f.expectedHash ? "as written" : String($0.prefix(16)) + "…" } ?? "–"])
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }
}
