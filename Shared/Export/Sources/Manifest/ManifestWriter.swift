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
}

public enum ManifestWriter {
    /// Writes `manifest` into `directory` atomically (temporary name, fsync, rename): a consumer that triggers
    /// on the manifest's name always reads it whole. Call it last, after every listed file is in place.
    public static func write(_ manifest: Manifest, to directory: String) throws -> WrittenManifest {
        guard ExportFileName.isSafeComponent(manifest.batchCode) else {
            throw ExportError.usage("unsafe batch code for a file name: \(manifest.batchCode)")
        }
        let bytes = manifest.encoded()
        let file = try AtomicFile(directory: directory, name: manifest.fileName)
        try bytes.withUnsafeBytes { try file.write($0) }
        let hash = try file.commit()
        return WrittenManifest(manifest: manifest, fileName: manifest.fileName, fileSize: bytes.count, sha256: hash)
    }

    /// Microseconds since the epoch, now (the manifest's `timeStamp`).
    public static func nowMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
