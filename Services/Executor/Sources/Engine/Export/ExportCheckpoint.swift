import Foundation
import FerryExport
import FerryModels
import FerrySQL
#if canImport(Glibc)
import Glibc
#endif

/// The checkpoint of an export step (Spring Batch's ExecutionContext), kept beside the files it describes as
/// `.ferry-export-<stepKey>.json`: a directory has no transactions, so the state is replaced atomically after
/// each *complete* file and only names files that are durable. A restart resumes after the last complete file.
struct ExportCheckpoint: Codable, Sendable, Equatable {
    /// The job execution whose counters these are (a restart starts its own counters, keeps the files).
    var executionId: Int64
    /// Key of the last row of the last complete file (KeyCodec text); nil = none yet or no key.
    var lastKey: String?
    /// Rows in the complete files (what a keyless restart skips).
    var rows: Int64
    var counts: StepCounts
    /// Every file prefix this step has written under (one per rerun), so orphans of any of them are found.
    var prefixes: [String]
    var files: [ExportedFile]
    /// The step's last file is complete.
    var done: Bool

    var nextSequence: Int { files.count + 1 }
    var decodedLastKey: [SQLValue]? { lastKey.flatMap(KeyCodec.decode) }

    static func fileName(stepKey: String) -> String { ".ferry-export-" + safeKey(stepKey) + ".json" }

    /// A step key as part of a file name.
    static func safeKey(_ stepKey: String) -> String {
        String(stepKey.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    static func load(directory: String, stepKey: String) throws -> ExportCheckpoint? {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(fileName(stepKey: stepKey))
        guard let data = try? Data(contentsOf: url) else { return nil }
        do { return try JSONDecoder().decode(ExportCheckpoint.self, from: data) } catch {
            throw StepFailure.permanent("export state \(url.path) is unreadable: \(error); remove it to export the table again")
        }
    }

    /// Written to a temporary file, fsynced, renamed over the old state (through `fence`), directory fsynced.
    func save(directory: String, stepKey: String, fence: ExportFence) throws {
        let path = directory + "/" + Self.fileName(stepKey: stepKey)
        let temp = path + ".partial"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = [UInt8](try encoder.encode(self))
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ExportError.io(operation: "open", path: temp, errno: errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { let e = errno; close(fd); throw ExportError.io(operation: "write", path: temp, errno: e) }
            written += n
        }
        if fsync(fd) != 0 { let e = errno; close(fd); throw ExportError.io(operation: "fsync", path: temp, errno: e) }
        close(fd)
        do {
            try fence.publish {
                guard rename(temp, path) == 0 else { throw ExportError.io(operation: "rename", path: path, errno: errno) }
            }
        } catch {
            unlink(temp)
            throw error
        }
        let dir = open(directory, O_RDONLY | O_CLOEXEC)
        if dir >= 0 { _ = fsync(dir); close(dir) }
    }

    /// `prefix_NNN.ext` or `prefix_NNN.ext.partial`: not a file of another table whose name extends this one's.
    static func isDataFile(_ name: String, of prefix: String) -> Bool {
        guard name.hasPrefix(prefix + "_") else { return false }
        let rest = name.dropFirst(prefix.count + 1)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && rest.dropFirst(digits.count).first == "."
    }

    /// Removes what a killed attempt left: `*.partial` files of the step's prefixes and data files under those
    /// prefixes that the state does not list (renamed into place just before the crash, before the state knew).
    func removeOrphans(directory: String) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let listed = Set(files.map(\.fileName))
        for name in names where prefixes.contains(where: { Self.isDataFile(name, of: $0) }) && !listed.contains(name) {
            if unlink(directory + "/" + name) != 0 && errno != ENOENT {
                throw ExportError.io(operation: "unlink", path: directory + "/" + name, errno: errno)
            }
        }
    }
}
