import ArgumentParser
import Foundation

/// `ferry`: drives Ferry through its gateway, as a browser or curl would.
public struct FerryCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Move tables between databases with Ferry, and follow the runs.",
        discussion: """
            Talks to Ferry's gateway (--url, FERRY_URL, default http://127.0.0.1:8080) with its API key (--api-key, \
            FERRY_API_KEY, else the key file `make run` writes). Bundles and datasources are named by uid or by name.

            One command to copy a table:
              ferry copy postgresql://user:pass@localhost:5432/shop sqlite:/tmp/shop.db --table customers --wait

            Connection URLs: \(DatasourceURL.forms).

            Exit status: 0 when done (a followed job COMPLETED), 1 on an error, 2 when a followed job ended otherwise, \
            3 when a check found a difference (`manifest verify --deep`, `reconcile`).

            Shell completion: ferry --generate-completion-script bash|zsh|fish
            """,
        subcommands: [
            CopyCommand.self, RunCommand.self, StatusCommand.self, HistoryCommand.self, StopCommand.self,
            RestartCommand.self, SkipsCommand.self, DatasourceCommand.self, TableCommand.self, BundleCommand.self,
            FlowCommand.self, ManifestCommand.self, ReconcileCommand.self,
        ]
    )

    public init() {}

    /// Parses, runs, and turns every failure into one line on stderr and a non-zero exit.
    public static func runMain(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            Console.error("ferry: error: \(error.message)")
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
