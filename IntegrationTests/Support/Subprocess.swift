import Foundation

/// Child processes through posix_spawn and waitpid. Foundation's Process waits for exits through a
/// dispatch source, which can starve when the test's async threads are busy (seen here: a
/// waitUntilExit that never returned); waitpid needs nothing but the kernel.
struct Subprocess: Sendable {
    let pid: pid_t

    /// Starts `path` with `args`; stdout and stderr go to `output` (a file path, appended) or /dev/null. With
    /// `processGroup` it leads a process group of its own, which `signalGroup` reaches as a terminal's Ctrl-C would.
    static func spawn(_ path: String, _ args: [String], environment: [String: String], output: String?,
                      processGroup: Bool = false) throws -> Subprocess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let target = output ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, target, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        // Default signal handling and an empty mask in the child: the test process ignores or blocks signals of its
        // own (ServiceLifecycle does), and a shell that starts with SIGTERM ignored can never trap it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
                                                     | (processGroup ? POSIX_SPAWN_SETPGROUP : 0)))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw SubprocessError.spawn(path, rc) }
        return Subprocess(pid: pid)
    }

    /// Runs to completion; answers its exit status and what it printed.
    static func run(_ path: String, _ args: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (Int32, String) {
        let out = NSTemporaryDirectory() + "ferry-sub-\(UUID().uuidString.prefix(8)).out"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let p = try spawn(path, args, environment: environment, output: out)
        let status = p.wait()
        return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
    }

    /// Blocks until the process exits; answers its exit status (128 + signal when killed).
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return Self.exitCode(status)
    }

    /// Whether it still runs (reaps it when it has exited).
    var isRunning: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    func signal(_ sig: Int32) { _ = kill(pid, sig) }

    /// To every process of its group (spawned with `processGroup`): what Ctrl-C in a terminal does.
    func signalGroup(_ sig: Int32) { _ = kill(-pid, sig) }

    static func exitCode(_ status: Int32) -> Int32 {
        let sig = status & 0x7f
        return sig == 0 ? (status >> 8) & 0xff : 128 + sig
    }
}

enum SubprocessError: Error, CustomStringConvertible {
    case spawn(String, Int32)
    var description: String {
        switch self { case .spawn(let p, let rc): return "cannot start \(p): error \(rc)" }
    }
}
