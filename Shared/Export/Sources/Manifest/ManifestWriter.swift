import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A manifest as written: its file name, size and the SHA-256 of its bytes — what the verify service answers.
public struct WrittenManifest: Sendable, Hashable, Codable {
    public var manifest: Manifest
    public var fileName: String
    public var fileSize: Int
    public var sha256: String

    public init(manifest: Manifest, fileName: String, fileSize: Int, sha256: String) {
        self.manifest = manifest; self.fileName = fileName; self.fileSize = fileSize; self.sha256 = sha256
    }
}

public enum ManifestWriter {
    /// Writes `manifest` into `directory` atomically (temporary name, fsync, rename through `publishGuard`): a
    /// consumer that triggers on the manifest's name always reads it whole. Call it last, after every listed file is
    /// in place. The same manifest already in place (bar its time stamp: a manifest step that wrote it and lost its
    /// finish report runs again) is kept as it is, so what a consumer took and what the verify service answers agree.
    public static func write(_ manifest: Manifest, to directory: String,
                             publishGuard: (any PublishGuard)? = nil) throws -> WrittenManifest {
        guard ExportFileName.isSafeComponent(manifest.batchCode) else {
            throw ExportError.usage("unsafe batch code for a file name: \(manifest.batchCode)")
        }
        if let kept = try existing(manifest, in: directory) { return kept }
        let bytes = manifest.encoded()
        let file = try AtomicFile(directory: directory, name: manifest.fileName)
        try bytes.withUnsafeBytes { try file.write($0) }
        let hash = try file.commit(publishGuard: publishGuard)
        return WrittenManifest(manifest: manifest, fileName: manifest.fileName, fileSize: bytes.count, sha256: hash)
    }

    /// The manifest already under `manifest`'s name when it says the same (time stamp aside) in Ferry's bytes.
    static func existing(_ manifest: Manifest, in directory: String) throws -> WrittenManifest? {
        let path = directory + "/" + manifest.fileName
        guard let data = FileManager.default.contents(atPath: path),
              var found = try? JSONDecoder().decode(Manifest.self, from: data) else { return nil }
        let stamp = found.timeStamp
        found.timeStamp = manifest.timeStamp
        guard found == manifest else { return nil }
        found.timeStamp = stamp
        guard found.encoded() == [UInt8](data), let hashed = try FileHasher.hash(path: path) else { return nil }
        return WrittenManifest(manifest: found, fileName: manifest.fileName, fileSize: hashed.size, sha256: hashed.sha256)
    }

    /// Microseconds since the epoch, now (the manifest's `timeStamp`).
    public static func nowMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
