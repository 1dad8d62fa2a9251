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

    /// For the commands whose exit status depends on the answer: it decoded, and printed as the API wrote it
    /// (`--json`) or as `render` reads it.
    func show<T: Decodable>(_ answer: String, as type: T.Type = T.self, _ render: (T) throws -> String) throws -> T {
        let decoded = try FerryClient.decode(answer, as: T.self)
        Console.line(json ? answer : try render(decoded))
        return decoded
    }
}
