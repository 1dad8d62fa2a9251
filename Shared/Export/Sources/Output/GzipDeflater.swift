import CZlib

/// A zlib deflate stream with gzip framing (RFC 1952: what `gzip -d`, Python's gzip and Parquet's GZIP codec
/// read). Output goes to a closure as zlib produces it; one instance per file or page, one thread at a time.
final class GzipDeflater {
    private var stream = z_stream()
    private var out = [UInt8](repeating: 0, count: 64 << 10)
    private var ended = false

    init(level: Int32) throws {
        let rc = czlib_deflate_init_gzip(&stream, level)
        guard rc == Z_OK else { throw ExportError.compression("deflateInit2 failed (\(rc))") }
    }

    deinit { if !ended { deflateEnd(&stream) } }

    /// Compresses `input`; `emit` receives whatever compressed bytes zlib hands back (maybe none yet).
    func compress(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try run(input, flush: Z_NO_FLUSH, emit: emit)
    }

    /// Ends the stream (trailer with CRC-32 and length); the deflater cannot be used afterwards.
    func finish(emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, emit: emit)
        deflateEnd(&stream)
        ended = true
    }

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !ended else { throw ExportError.usage("gzip stream already finished") }
        let base = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        stream.next_in = base
        stream.avail_in = uInt(input.count)
        let capacity = out.count
        while true {
            let (rc, produced): (Int32, Int) = out.withUnsafeMutableBytes { buf in
                stream.next_out = buf.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(capacity)
                let rc = deflate(&stream, flush)
                return (rc, capacity - Int(stream.avail_out))
            }
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                throw ExportError.compression("deflate failed (\(rc))")
            }
            if produced > 0 { try out.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
            if flush == Z_FINISH { if rc == Z_STREAM_END { break } else { continue } }
            // Without FINISH, zlib is done with this input once it consumed it all and left output room.
            if stream.avail_in == 0 && produced < capacity { break }
        }
        stream.next_in = nil
    }

    /// One whole buffer gzip-compressed (a Parquet page).
    static func gzip(_ bytes: [UInt8], level: Int32) throws -> [UInt8] {
        let d = try GzipDeflater(level: level)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count / 3 + 64)
        try bytes.withUnsafeBytes { try d.compress($0) { result.append(contentsOf: $0) } }
        try d.finish { result.append(contentsOf: $0) }
        return result
    }
}
