import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Generated secrets under the data directory, created race-free by several processes at once.
enum SecretFile {
    /// Creates `path` (and missing parents) with mode 0700 when it does not exist.
    static func ensureDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ConfigError.io(path, "exists but is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            // Another process may have created it in the meantime.
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
            throw ConfigError.io(path, "cannot create directory: \(error.localizedDescription)")
        }
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()  // getrandom(2) / arc4random: cryptographically secure
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The trimmed contents of `path`; when the file does not exist, writes `generate()` there first
    /// (mode 0600). When several processes race, exactly one file wins and all of them return its contents.
    static func readOrCreate(_ path: String, generate: () -> String) throws -> String {
        if let existing = try read(path) { return existing }

        let content = generate()
        // Write the whole secret under a private name, then link(2) it into place: link fails with EEXIST when
        // another process won, and a reader never sees a half-written file.
        let temporary = "\(path).tmp.\(getpid()).\(Hex.encode(randomBytes(6)))"
        guard try writeFile(content, to: temporary) else {
            throw ConfigError.io(temporary, "temporary file already exists")
        }
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            let code = errno
            if code != EEXIST {
                // Filesystem without hard links: fall back to O_EXCL on the final name.
                _ = try writeFile(content, to: path)  // false: lost the race, read below
            }
        }
        // Re-read: whoever won, everyone answers the same secret. (With the O_EXCL fallback the winner may
        // still be writing; wait briefly for content.)
        for _ in 0..<100 {
            if let text = try read(path) { return text }
            usleep(20_000)
        }
        throw ConfigError.io(path, "exists but stays empty")
    }

    /// Trimmed contents, nil when missing or empty.
    private static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.io(path, "exists but cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Creates `path` exclusively (O_CREAT|O_EXCL, mode 0600) with `content`; false when it already exists.
    private static func writeFile(_ content: String, to path: String) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { return false }
            throw ConfigError.io(path, "cannot create: \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        let bytes = Array((content + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ConfigError.io(path, "cannot write: \(String(cString: strerror(errno)))")
            }
            written += n
        }
        _ = fsync(fd)
        return true
    }
}
