import FerryModels
/// Deep verification (FerryModels' ``ManifestVerification``): the manifest and every file it lists, re-read from
/// disk and compared with what Ferry recorded when it wrote them.
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
