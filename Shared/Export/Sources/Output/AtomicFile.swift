import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name (`<name>.partial`) and renamed into place only when complete, so a
/// consumer (or a restart) never sees a partial file under a final name. SHA-256 and size are taken from the
/// bytes as they go to disk. Blocking system calls: use it on a thread that may block (the step's writer
/// thread), never on an event loop.
final class AtomicFile {
    static let partialSuffix = ".partial"

    let directory: String
    let name: String
    private var fd: Int32
    private var hasher = SHA256()
    private(set) var size = 0

    var finalPath: String { directory + "/" + name }
    var partialPath: String { finalPath + AtomicFile.partialSuffix }

    init(directory: String, name: String) throws {
        self.directory = directory
        self.name = name
        fd = -1
        let path = partialPath
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ExportError.io(operation: "open", path: path, errno: errno) }
    }

    deinit { abandon() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard fd >= 0 else { throw ExportError.usage("write to closed file \(name)") }
        hasher.update(bufferPointer: bytes)
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw ExportError.io(operation: "write", path: partialPath, errno: errno)
            }
            offset += n
        }
        size += bytes.count
    }

    /// fsync, rename into place (through `publishGuard`, which may refuse: the temporary is then removed), fsync the
    /// directory (so the rename survives a crash). Returns the lowercase hex SHA-256 of the file's bytes.
    func commit(publishGuard: (any PublishGuard)? = nil) throws -> String {
        guard fd >= 0 else { throw ExportError.usage("commit of closed file \(name)") }
        guard fsync(fd) == 0 else { throw ExportError.io(operation: "fsync", path: partialPath, errno: errno) }
        close(fd)
        fd = -1
        let (from, to) = (partialPath, finalPath)
        let move: () throws -> Void = {
            guard rename(from, to) == 0 else { throw ExportError.io(operation: "rename", path: from, errno: errno) }
        }
        do {
            if let publishGuard { try publishGuard.publish(move) } else { try move() }
        } catch {
            unlink(from)
            throw error
        }
        try AtomicFile.syncDirectory(directory)
        return hasher.finalize().hexString
    }

    /// Closes and removes the temporary file (no-op after commit).
    func abandon() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(partialPath)
    }

    static func syncDirectory(_ path: String) throws {
        let d = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard d >= 0 else { throw ExportError.io(operation: "open directory", path: path, errno: errno) }
        defer { close(d) }
        guard fsync(d) == 0 else { throw ExportError.io(operation: "fsync directory", path: path, errno: errno) }
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex, two digits a byte.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
