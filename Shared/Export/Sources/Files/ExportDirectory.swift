#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory of a `Files` datasource: checked when a user tests the datasource, created when an export
/// starts. Writability is tried, not inferred from permission bits (root passes `access(2)` on a read-only
/// mount, and ACLs can say no to anyone): a probe file is created and removed.
public enum ExportDirectory {
    /// Why `path` cannot receive exports, or nil when it can: it exists and takes a new file, or it does not
    /// exist yet and its nearest existing ancestor is a directory that does. Leaves nothing behind.
    public static func problem(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return "\(path) is not an absolute path" }
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { return "\(path) exists and is not a directory" }
            return probeWrite(in: path).map { "\(path) is not writable: \($0)" }
        }
        var ancestor = path
        while true {
            ancestor = parent(of: ancestor)
            if stat(ancestor, &st) == 0 { break }
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { return "\(path) cannot be created: \(ancestor) is not a directory" }
        return probeWrite(in: ancestor).map { "\(path) does not exist and cannot be created in \(ancestor): \($0)" }
    }

    /// Creates `path` and its missing parents (mode 0755); fine when it exists.
    public static func create(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR { return }
        let up = parent(of: path)
        if up != path { try create(up) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw ExportError.io(operation: "mkdir", path: path, errno: errno) }
    }

    static func parent(of path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "/" }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }

    /// nil when a file can be created in `dir`, else the system's reason.
    private static func probeWrite(in dir: String) -> String? {
        let probe = dir + (dir.hasSuffix("/") ? "" : "/") + ".ferry-write-check-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        close(fd)
        unlink(probe)
        return nil
    }
}
