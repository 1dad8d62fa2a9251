import Foundation
import Logging

/// Ferry's configuration: the ONE place that reads `FERRY_*` environment variables.
///
/// | variable | default |
/// |---|---|
/// | `FERRY_DATA_DIR` | `.ferry` (created with mode 0700) |
/// | `FERRY_BIND_HOST` | `127.0.0.1` |
/// | `FERRY_GATEWAY_PORT` … `FERRY_REPORTING_PORT` | 8080 … 8084 |
/// | `FERRY_GATEWAY_URL` … `FERRY_REPORTING_URL` | `http://127.0.0.1:<port>` |
/// | `FERRY_API_KEY` | contents of `<dataDir>/api-key`, generated (32 random bytes, hex, mode 0600) when missing |
/// | `FERRY_INTERNAL_TOKEN` | same scheme, `<dataDir>/internal-token` |
/// | `FERRY_SECRET_KEY` | base64 of 32 bytes; same scheme, `<dataDir>/secret.key` |
/// | `FERRY_DATABASE_URL` | unset (→ SQLite under the data dir) |
/// | `FERRY_TIMEZONE` | unset |
/// | `FERRY_LOG_LEVEL` | `info` (trace, debug, info, notice, warning, error, critical) |
///
/// Five processes start at once and must agree on generated secrets: a generated file is written
/// to a temporary name and hard-linked into place (atomic, first writer wins), then re-read.
public struct ServiceConfig: Sendable, CustomStringConvertible {
    public var dataDir: String
    public var bindHost: String
    public var ports: [FerryServiceName: Int]
    public var urls: [FerryServiceName: String]
    public var apiKey: String
    public var internalToken: String
    /// 32 bytes (AES-256-GCM key for datasource passwords).
    public var secretKey: [UInt8]
    public var databaseURL: String?
    public var timezone: String?
    public var logLevel: Logger.Level
    /// Every `FERRY_*` variable as given, for service-specific knobs read through ``int(_:default:)`` / ``string(_:)``.
    public var environment: [String: String]

    public var gatewayPort: Int { port(.gateway) }
    public var catalogPort: Int { port(.catalog) }
    public var orchestratorPort: Int { port(.orchestrator) }
    public var executorPort: Int { port(.executor) }
    public var reportingPort: Int { port(.reporting) }

    public var gatewayURL: String { url(.gateway) }
    public var catalogURL: String { url(.catalog) }
    public var orchestratorURL: String { url(.orchestrator) }
    public var executorURL: String { url(.executor) }
    public var reportingURL: String { url(.reporting) }

    public func port(_ service: FerryServiceName) -> Int { ports[service] ?? service.defaultPort }
    public func url(_ service: FerryServiceName) -> String { urls[service] ?? "http://127.0.0.1:\(port(service))" }

    /// Reads the configuration. Creates the data directory (0700) and any missing generated secret.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> ServiceConfig {
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }

        let dataDir = value("FERRY_DATA_DIR") ?? ".ferry"
        try SecretFile.ensureDirectory(dataDir)

        var ports: [FerryServiceName: Int] = [:]
        for service in FerryServiceName.allCases {
            let name = "\(service.environmentPrefix)_PORT"
            if let raw = value(name) {
                guard let port = Int(raw), (0...65535).contains(port) else {
                    throw ConfigError.invalid(name, "must be a port number between 0 and 65535, got '\(raw)'")
                }
                ports[service] = port
            } else {
                ports[service] = service.defaultPort
            }
        }

        var urls: [FerryServiceName: String] = [:]
        for service in FerryServiceName.allCases {
            let name = "\(service.environmentPrefix)_URL"
            if var raw = value(name) {
                guard raw.hasPrefix("http://") || raw.hasPrefix("https://"), URL(string: raw)?.host != nil else {
                    throw ConfigError.invalid(name, "must be an http:// or https:// URL, got '\(raw)'")
                }
                while raw.hasSuffix("/") { raw.removeLast() }
                urls[service] = raw
            } else {
                urls[service] = "http://127.0.0.1:\(ports[service]!)"
            }
        }

        let apiKey = try value("FERRY_API_KEY")
            ?? SecretFile.readOrCreate("\(dataDir)/api-key") { Hex.encode(SecretFile.randomBytes(32)) }
        let internalToken = try value("FERRY_INTERNAL_TOKEN")
            ?? SecretFile.readOrCreate("\(dataDir)/internal-token") { Hex.encode(SecretFile.randomBytes(32)) }

        let secretKey: [UInt8]
        if let raw = value("FERRY_SECRET_KEY") {
            secretKey = try decodeSecretKey(raw, source: "FERRY_SECRET_KEY")
        } else {
            let path = "\(dataDir)/secret.key"
            let text = try SecretFile.readOrCreate(path) { Data(SecretFile.randomBytes(32)).base64EncodedString() }
            secretKey = try decodeSecretKey(text, source: path)
        }

        let logLevel: Logger.Level
        if let raw = value("FERRY_LOG_LEVEL") {
            let lowered = raw.lowercased()
            guard let level = Logger.Level(rawValue: lowered == "warn" ? "warning" : lowered) else {
                throw ConfigError.invalid("FERRY_LOG_LEVEL", "must be one of trace, debug, info, notice, warning, error, critical, got '\(raw)'")
            }
            logLevel = level
        } else {
            logLevel = .info
        }

        return ServiceConfig(
            dataDir: dataDir,
            bindHost: value("FERRY_BIND_HOST") ?? "127.0.0.1",
            ports: ports,
            urls: urls,
            apiKey: apiKey,
            internalToken: internalToken,
            secretKey: secretKey,
            databaseURL: value("FERRY_DATABASE_URL"),
            timezone: value("FERRY_TIMEZONE"),
            logLevel: logLevel,
            environment: env.filter { $0.key.hasPrefix("FERRY_") }
        )
    }

    /// A service-specific `FERRY_*` string knob.
    public func string(_ name: String) -> String? {
        guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
        return raw
    }

    /// A service-specific `FERRY_*` integer knob; a non-numeric value is an error naming the variable.
    public func int(_ name: String, default defaultValue: Int) throws -> Int {
        guard let raw = string(name) else { return defaultValue }
        guard let value = Int(raw) else { throw ConfigError.invalid(name, "must be an integer, got '\(raw)'") }
        return value
    }

    /// Client for another service, carrying both the API key (for its `/v1` routes) and the internal token
    /// (for its `/internal` routes).
    public func client(for service: FerryServiceName, timeout: Duration = .seconds(30)) -> HTTPClient {
        HTTPClient(
            baseURL: url(service),
            headers: ["X-API-Key": apiKey, "X-Ferry-Internal-Token": internalToken],
            timeout: timeout)
    }

    /// Secrets are never printed.
    public var description: String {
        let portList = FerryServiceName.allCases.map { "\($0.rawValue)=\(port($0))" }.joined(separator: " ")
        return "ServiceConfig(dataDir: \(dataDir), bindHost: \(bindHost), ports: \(portList), "
            + "database: \(databaseURL == nil ? "sqlite" : "external"), timezone: \(timezone ?? "-"), logLevel: \(logLevel), "
            + "apiKey: <redacted>, internalToken: <redacted>, secretKey: <redacted>)"
    }

    private static func decodeSecretKey(_ text: String, source: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ConfigError.invalid(source, "must be base64 of 32 bytes, but is not valid base64")
        }
        guard data.count == 32 else {
            throw ConfigError.invalid(source, "must be base64 of 32 bytes, got \(data.count) bytes")
        }
        return [UInt8](data)
    }
}

/// A configuration value that cannot be used.
public enum ConfigError: Error, Sendable, CustomStringConvertible {
    case invalid(String, String)
    case io(String, String)

    public var description: String {
        switch self {
        case .invalid(let name, let problem): "Invalid configuration \(name): \(problem)"
        case .io(let path, let problem): "Configuration file \(path): \(problem)"
        }
    }
}

enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
