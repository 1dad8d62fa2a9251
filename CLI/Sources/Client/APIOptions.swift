import ArgumentParser
import Foundation

/// Where the gateway is and which key to send — on every command (`--url`, `--api-key`), else the environment
/// (`FERRY_URL`, `FERRY_API_KEY`), else what `make run` leaves behind (`$FERRY_DATA_DIR/api-key`, `.ferry/api-key`).
public struct APIOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("Ferry's gateway (default: $FERRY_URL, else http://127.0.0.1:8080).", valueName: "url"))
    var url: String?

    @Option(name: .long, help: ArgumentHelp("The API key (default: $FERRY_API_KEY, else the key file `make run` writes: $FERRY_DATA_DIR/api-key or .ferry/api-key).", valueName: "key"))
    var apiKey: String?

    public init() {}

    static let defaultURL = "http://127.0.0.1:8080"

    /// The gateway URL, checked: http(s)://host[:port], no path beyond "/".
    func gatewayURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let raw = (url ?? environment["FERRY_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultURL)
            .trimmingCharacters(in: .whitespaces)
        let origin = url == nil && environment["FERRY_URL"]?.isEmpty == false ? "FERRY_URL" : "--url"
        guard let parts = URLComponents(string: raw), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty,
              parts.query == nil, parts.path.isEmpty || parts.path == "/"
        else {
            throw CLIError("bad \(origin) '\(raw)': expected the gateway's address, such as http://127.0.0.1:8080")
        }
        var base = raw
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// The key and where it came from (named in "refused" errors, never printed itself).
    func key(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (key: String, source: String) {
        if let apiKey { return (apiKey, "--api-key") }
        if let k = environment["FERRY_API_KEY"], !k.isEmpty { return (k, "FERRY_API_KEY") }
        let dir = environment["FERRY_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".ferry"
        let path = dir + "/api-key"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let k = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !k.isEmpty { return (k, path) }
        }
        throw CLIError("no API key: pass --api-key, set FERRY_API_KEY, or run where `make run` wrote \(path)")
    }

    func client() throws -> FerryClient {
        let gateway = try gatewayURL()
        let (key, source) = try key()
        return FerryClient(gateway: gateway, apiKey: key, keySource: source)
    }
}
