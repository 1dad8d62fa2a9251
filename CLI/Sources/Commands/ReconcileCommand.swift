import ArgumentParser
import FerryModels

/// `ferry reconcile <bundle>`: the live source and target of every pair compared now (the catalog's
/// `POST /v1/data/bundles/{uid}/reconcile`), with the first keys that differ.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Compare a bundle's source and target tables now: row counts, contents, differing keys.",
        discussion: """
            count compares row counts per key range (cheap, blind to changed values); digest (the default) also \
            compares an order-independent digest of every row's values and drills down to the differing keys. \
            Exit status 3 when a pair differs or could not be compared.
            """)
    @OptionGroup var api: APIOptions
    @OptionGroup var output: JSONFlag
    @Argument(help: "The bundle (uid or name).") var bundle: String
    @Option(help: "How to compare: counts only, or counts and contents (default: digest).") var method: Method?

    enum Method: String, ExpressibleByArgument, CaseIterable, Sendable { case count, digest }

    mutating func run() async throws {
        let client = try api.client()
        let b = try await client.bundle(bundle)
        let raw = try await client.rawPost("/v1/data/bundles/\(b.uid)/reconcile", ReconcileRequest(method: method?.rawValue))
        let answer = try output.show(raw, as: BundleReconciliation.self) { Self.render($0, bundle: b.bundleName) }
        guard answer.equal else {
            let differing = answer.pairs.filter { !$0.reconciliation.equal }.map(\.stepName).joined(separator: ", ")
            throw CLIError("bundle \(b.bundleName): source and target differ (\(differing))", exitCode: CLIError.ExitCode.checkFailed)
        }
    }

    static func render(_ r: BundleReconciliation, bundle: String) -> String {
        let differ = r.pairs.filter { !$0.reconciliation.equal }.count
        var lines = ["bundle \(bundle), \(r.method.rawValue): " + (r.equal ? "every pair equal"
            : "\(differ) of \(r.pairs.count) pair\(r.pairs.count == 1 ? "" : "s") differ")]
        var table = TextTable([("STEP", .left), ("SOURCE", .left), ("TARGET", .left), ("RESULT", .left),
                               ("SOURCE ROWS", .right), ("TARGET ROWS", .right), ("RANGES", .right)])
        for p in r.pairs {
            let c = p.reconciliation
            table.add([p.stepName, p.sourceTable, p.targetTable, c.message != nil ? "not compared" : (c.equal ? "equal" : "differing"),
                       Format.count(c.sourceRows), Format.count(c.targetRows), String(c.rangesCompared)])
        }
        lines.append(table.render())
        for p in r.pairs where !p.reconciliation.equal {
            lines.append("")
            lines.append(contentsOf: differences(stepName: p.stepName, p.reconciliation))
        }
        return lines.joined(separator: "\n")
    }

    /// A step's differing keys, one a line (`id=42  different`), or why it could not be compared.
    static func differences(stepName: String, _ c: Reconciliation) -> [String] {
        if let message = c.message { return ["\(stepName): not compared: \(message)"] }
        guard !c.differingKeys.isEmpty else { return ["\(stepName): the counts differ (no key listed: --method digest names them)"] }
        var lines = ["\(stepName): first differing keys\(c.truncated ? " (more differ)" : "")"]
        for k in c.differingKeys {
            lines.append("  \(key(k.key))  \(k.kind.rawValue)")
        }
        return lines
    }

    static func key(_ columns: [String: String]) -> String {
        columns.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
