import Foundation
import FerryExport
import FerryModels
#if canImport(Glibc)
import Glibc
#endif

/// Fencing where there are no transactions: an export directory. The file `.ferry-fence-<stepKey>` holds the
/// lease epoch of the newest claim of the step; a claim raises it, and every publication (a file renamed into
/// place, the export state saved, the manifest) first checks it is still this claim's — under an exclusive
/// `flock` on that file held across check *and* rename, so for every executor sharing the directory the two are
/// one step. A paused executor whose lease was taken over wakes up to a newer epoch and publishes nothing more
/// (``CheckpointFenced``, handled as a lost lease). nil epoch (an orchestrator without fencing): no checks.
struct ExportFence: PublishGuard {
    let path: String
    let epoch: Int64?
    /// Inside ``claim(_:)``: the lock is held and the epoch checked already.
    private var held = false

    init(directory: String, stepKey: String, epoch: Int64?) {
        path = directory + "/.ferry-fence-" + ExportCheckpoint.safeKey(stepKey)
        self.epoch = epoch
    }

    /// Takes the fence for this claim's epoch (refused when a newer claim holds it), then runs `body` under it;
    /// `body` publishes through the fence it is given (the lock is not taken twice).
    func claim<T>(_ body: (ExportFence) throws -> T) throws -> T {
        var inside = self
        inside.held = true
        guard let epoch else { return try body(inside) }
        return try locked { fd in
            let stored = try Self.storedEpoch(fd, path)
            if stored > epoch { throw CheckpointFenced(epoch: epoch) }
            if stored < epoch { try Self.store(epoch, fd, path) }
            return try body(inside)
        }
    }

    func publish(_ rename: () throws -> Void) throws {
        guard let epoch, !held else { return try rename() }
        try locked { fd in
            if try Self.storedEpoch(fd, path) != epoch { throw CheckpointFenced(epoch: epoch) }
            try rename()
        }
    }

    /// Holders keep the lock for a rename and an fsync; a holder stopped in between is waited for a bounded time
    /// (30 s), then the attempt fails as transient and is retried.
    private func locked<T>(_ body: (Int32) throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ExportError.io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }   // closing releases the lock
        var tries = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw ExportError.io(operation: "flock", path: path, errno: errno) }
            tries += 1
            if tries > 3_000 { throw StepFailure(kind: .transient, message: "the export fence \(path) stayed locked for 30 s") }
            usleep(10_000)
        }
        return try body(fd)
    }

    private static func storedEpoch(_ fd: Int32, _ path: String) throws -> Int64 {
        var bytes = [UInt8](repeating: 0, count: 32)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n >= 0 else { throw ExportError.io(operation: "read", path: path, errno: errno) }
        let text = String(decoding: bytes[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? 0 : (Int64(text) ?? Int64.max)   // unreadable: nobody may publish until it is removed
    }

    private static func store(_ epoch: Int64, _ fd: Int32, _ path: String) throws {
        let bytes = Array("\(epoch)\n".utf8)
        guard ftruncate(fd, 0) == 0 else { throw ExportError.io(operation: "truncate", path: path, errno: errno) }
        let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        guard n == bytes.count else { throw ExportError.io(operation: "write", path: path, errno: errno) }
        guard fsync(fd) == 0 else { throw ExportError.io(operation: "fsync", path: path, errno: errno) }
    }
}
