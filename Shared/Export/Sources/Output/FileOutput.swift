/// One export file being written: encoders append bytes to `buffer`; full buffers go through gzip (when the
/// whole file is compressed) to the ``AtomicFile``, which hashes and counts them. Memory stays at the buffer
/// plus zlib's window, whatever the file's size.
final class FileOutput {
    /// Bytes the encoder produced that have not gone to the compressor/disk yet.
    var buffer: [UInt8] = []
    private let file: AtomicFile
    private let deflater: GzipDeflater?
    private static let flushThreshold = 256 << 10
    /// Input the compressor consumed since it last emitted output: what the file will grow by, at most, when
    /// those bytes come out (an over-estimate, so size limits err on the small side).
    private var unemitted = 0

    init(directory: String, name: String, gzipLevel: Int32?) throws {
        file = try AtomicFile(directory: directory, name: name)
        deflater = try gzipLevel.map { try GzipDeflater(level: $0) }
        buffer.reserveCapacity(FileOutput.flushThreshold + (64 << 10))
    }

    var name: String { file.name }

    /// Bytes on disk so far plus what is still buffered (uncompressed), for the split rule.
    var estimatedSize: Int { file.size + unemitted + buffer.count }

    /// The offset the next buffered byte will have in the file; meaningful without gzip (Parquet offsets).
    var position: Int { file.size + buffer.count }

    /// Hands the buffer on once it is big enough (call after each row).
    @inline(__always)
    func flushIfFull() throws {
        if buffer.count >= FileOutput.flushThreshold { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { bytes in
            if let deflater {
                var emitted = false
                try deflater.compress(bytes) { try file.write($0); emitted = true }
                unemitted = emitted ? 0 : unemitted + bytes.count
            } else {
                try file.write(bytes)
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, ends the gzip stream, fsyncs and renames into place.
    func commit(publishGuard: (any PublishGuard)?) throws -> (size: Int, sha256: String) {
        try flush()
        if let deflater { try deflater.finish { try file.write($0) } }
        unemitted = 0
        let hash = try file.commit(publishGuard: publishGuard)
        return (file.size, hash)
    }

    func abandon() { file.abandon() }
}
