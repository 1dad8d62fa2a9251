import ArgumentParser

/// `--json` on every read command: the API's own JSON answer, unchanged, for scripts.
struct JSONFlag: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Print the API's JSON answer instead of a table.")
    var json = false
}
