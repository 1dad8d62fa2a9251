import FerryModels
/// Deep verification: the manifest and every file it lists, re-read from disk and compared with what Ferry
/// recorded when it wrote them.
public enum FileStatus: String, Sendable, Codable {
    case ok
    /// Same or greater size, different bytes.
    case changed
    /// Shorter than written.
    case truncated
    case missing
}

public struct FileCheck: Sendable, Hashable, Codable {
    public var fileName: String
    public var expectedSize: Int
    public var actualSize: Int?
    public var expectedHash: String
    public var actualHash: String?
    public var status: FileStatus

    enum CodingKeys: String, CodingKey { case fileName, expectedSize, actualSize, expectedHash, actualHash, status }

    /// Every key present: a missing file shows `actualSize`/`actualHash` as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fileName, forKey: .fileName)
        try c.encode(expectedSize, forKey: .expectedSize)
        try c.encodeOrNull(actualSize, forKey: .actualSize)
        try c.encode(expectedHash, forKey: .expectedHash)
        try c.encodeOrNull(actualHash, forKey: .actualHash)
        try c.encode(status, forKey: .status)
    }
}

public struct ManifestVerification: Sendable, Hashable, Codable {
    public var valid: Bool
    public var manifest: FileCheck
    public var files: [FileCheck]
}

public enum ManifestVerifier {
    /// Checks `written` (the manifest as recorded at write time — the reference, never the copy on disk, which
    /// is one of the things checked) against the files in `directory`.
    public static func verify(_ written: WrittenManifest, in directory: String) throws -> ManifestVerification {
        let manifestCheck = try check(directory, written.fileName, size: written.fileSize, hash: written.sha256)
        let files = try written.manifest.fileDetails.map { try check(directory, $0.fileName, size: $0.fileSize, hash: $0.hashValue) }
        let valid = manifestCheck.status == .ok && files.allSatisfy { $0.status == .ok }
        return ManifestVerification(valid: valid, manifest: manifestCheck, files: files)
    }

    static func check(_ directory: String, _ name: String, size: Int, hash: String) throws -> FileCheck {
        guard ExportFileName.isSafeComponent(name), let actual = try FileHasher.hash(path: directory + "/" + name) else {
            return FileCheck(fileName: name, expectedSize: size, actualSize: nil, expectedHash: hash, actualHash: nil, status: .missing)
        }
        let status: FileStatus = actual.sha256 == hash && actual.size == size ? .ok : (actual.size < size ? .truncated : .changed)
        return FileCheck(fileName: name, expectedSize: size, actualSize: actual.size, expectedHash: hash, actualHash: actual.sha256, status: status)
    }
}
