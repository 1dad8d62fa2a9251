import ArgumentParser

/// `--json` on every read command: the API's own JSON answer, unchanged, for scripts.
struct JSONFlag: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Print the API's JSON answer instead of a table.")
    var json = false

    /// The answer at `path`: as the API wrote it with `--json`, else decoded and rendered as text.
    func show<T: Decodable>(_ client: FerryClient, _ path: String, as type: T.Type = T.self,
                            _ render: (T) async throws -> String) async throws {
        if json { return Console.line(try await client.raw("GET", path)) }
        Console.line(try await render(try await client.get(path, as: T.self)))
    }
}
