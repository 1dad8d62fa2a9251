import FerryHTTPClient
import FerryModels
import FerryTestKit
import Foundation
import XCTest

/// Ferry's five services started as real processes (the binaries `make run` uses), on free
/// loopback ports, with their own data directory. Stopped by PID, SIGTERM then SIGKILL.
final class Stack: @unchecked Sendable {
    static let services = ["catalog", "orchestrator", "executor", "reporting", "gateway"]

    let dataDir: String
    let ports: [String: Int]
    var processes: [String: Subprocess] = [:]
    /// Each process's log file, by the name it was launched as.
    var logs: [String: String] = [:]
    let environment: [String: String]
    let logDir: String

    var apiKey: String { TestConfig.apiKey }

    init(extraEnvironment: [String: String] = [:]) throws {
        dataDir = TestConfig.temporaryDirectory("stack")
        logDir = dataDir + "/logs"
        try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
        var p: [String: Int] = [:]
        for s in Self.services { p[s] = try LoopbackPort.free() }
        ports = p
        var env = ProcessInfo.processInfo.environment
        env["FERRY_DATA_DIR"] = dataDir
        env["FERRY_API_KEY"] = TestConfig.apiKey
        env["FERRY_INTERNAL_TOKEN"] = TestConfig.internalToken
        env["FERRY_LOG_LEVEL"] = "info"
        env["FERRY_EXECUTOR_POLL_MS"] = "100"
        for (s, port) in p { env["FERRY_\(s.uppercased())_PORT"] = String(port) }
        env.merge(extraEnvironment) { _, new in new }
        environment = env
    }

    static var binDir: String {
        if let d = ProcessInfo.processInfo.environment["FERRY_BIN_DIR"], !d.isEmpty { return d }
        return FileManager.default.currentDirectoryPath + "/.build/debug"
    }

    /// Starts `services` (all by default) and waits for their /health.
    func start(_ services: [String] = Stack.services, extra: [String: String] = [:]) async throws {
        for s in services { try launch(s, extra: extra) }
        for s in services { try await waitHealthy(s) }
    }

    /// Starts one process of `service`; `name` (default: the service) tells a second one apart, e.g. a second
    /// executor on its own port (`extra: ["FERRY_EXECUTOR_PORT": …]`).
    func launch(_ service: String, as name: String? = nil, extra: [String: String] = [:]) throws {
        let binary = Self.binDir + "/ferry-\(service)"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestRequirement.unmet("\(binary) is not built (run swift build first)")
        }
        var env = environment
        env.merge(extra) { _, new in new }
        let log = logDir + "/\(service)-\(processes.count).log"
        let p = try Subprocess.spawn(binary, [], environment: env, output: log)
        processes[name ?? service] = p
        logs[name ?? service] = log
    }

    func client(_ service: String, timeout: Duration = .seconds(30)) -> HTTPClient {
        client(port: ports[service]!, timeout: timeout)
    }

    func client(port: Int, timeout: Duration = .seconds(30)) -> HTTPClient {
        HTTPClient(baseURL: "http://127.0.0.1:\(port)",
                   headers: ["X-API-Key": TestConfig.apiKey, "X-Ferry-Internal-Token": TestConfig.internalToken],
                   timeout: timeout)
    }

    /// Waits for the /health of `service`, or of the process launched as `name` listening on `port`. The answer
    /// must name `service`: another service answering on that port means this one never bound it.
    func waitHealthy(_ service: String, as name: String? = nil, port: Int? = nil, seconds: Int = 60) async throws {
        let c = port.map { client(port: $0, timeout: .seconds(2)) } ?? client(service, timeout: .seconds(2))
        for _ in 0..<(seconds * 10) {
            if let r = try? await c.send("GET", "/health"), r.status == 200 {
                let answered = (try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])?["service"] as? String
                guard answered == service else { throw StackError.portTaken(service, by: answered ?? r.text) }
                return
            }
            if let p = processes[name ?? service], !p.isRunning {
                throw StackError.exited(service, log: tail(service))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StackError.notHealthy(service, log: tail(service))
    }

    /// SIGKILL: a crash, for fault tests.
    func kill(_ service: String) {
        guard let p = processes[service], p.isRunning else { return }
        p.signal(SIGKILL)
        p.wait()
    }

    func stop(_ service: String) {
        guard let p = processes[service], p.isRunning else { return }
        p.signal(SIGTERM)
        for _ in 0..<100 where p.isRunning { usleep(50_000) }
        if p.isRunning { p.signal(SIGKILL); p.wait() }
    }

    func stopAll() {
        for extra in processes.keys.sorted() where !Self.services.contains(extra) { stop(extra) }
        for s in Self.services.reversed() { stop(s) }
    }

    /// Everything the process launched as `name` logged so far.
    func log(of name: String) -> String {
        logs[name].flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
    }

    /// The last lines of a service's logs (for failure messages): this harness's `<service>-N.log` files, or the
    /// `<service>.log` of `scripts/run.sh` when that started the stack.
    func tail(_ service: String, lines: Int = 40) -> String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: logDir))?.filter { $0.hasPrefix(service + "-") || $0 == service + ".log" }.sorted() ?? []
        return files.map { f in
            let text = (try? String(contentsOfFile: logDir + "/" + f, encoding: .utf8)) ?? ""
            return "--- \(f)\n" + text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    deinit { stopAll() }
}

enum StackError: Error, CustomStringConvertible {
    case exited(String, log: String), notHealthy(String, log: String), portTaken(String, by: String)
    var description: String {
        switch self {
        case .portTaken(let s, let other): return "\(s)'s port answers as \(other)"
        case .exited(let s, let log): return "\(s) exited during start-up\n\(log)"
        case .notHealthy(let s, let log): return "\(s) did not become healthy\n\(log)"
        }
    }
}
