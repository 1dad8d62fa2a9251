import FerrySQL

/// One column of the row group being built: values PLAIN-encoded into the current page, definition levels
/// (1 = value, 0 = NULL) beside them; full pages are gzip-compressed and kept until the row group is written,
/// because a column chunk's pages must be contiguous in the file.
final class ParquetColumnWriter {
    let name: String
    let type: ParquetColumnType
    private let gzipLevel: Int32
    private let decimalWidth: Int
    private let isBinary: Bool

    // The page being filled.
    private var levels: [UInt8] = []
    private var values: [UInt8] = []
    private var pageNulls = 0
    private var boolCount = 0

    // The column chunk so far: page headers and compressed bodies, back to back.
    private var chunk: [UInt8] = []
    private var chunkUncompressed = 0
    private var chunkValues = 0
    private var chunkNulls = 0

    init(name: String, type: ParquetColumnType, gzipLevel: Int32) {
        self.name = name; self.type = type; self.gzipLevel = gzipLevel
        if case .decimal(let p, _) = type { decimalWidth = ParquetDecimal.byteWidth(precision: p) } else { decimalWidth = 0 }
        if case .bytes = type { isBinary = true } else { isBinary = false }
    }

    /// Encoded bytes of the page being filled.
    var pageBytes: Int { values.count + levels.count / 8 }
    /// Uncompressed bytes of the row group's pages, open page included: what the row-group bound counts.
    var uncompressedBytes: Int { chunkUncompressed + pageBytes }

    func append(_ v: SQLValue) throws {
        if v.isNull { levels.append(0); pageNulls += 1; return }
        levels.append(1)
        do { try encode(v) } catch let failure as Coercion.Failure {
            levels.removeLast()
            throw ExportError.unrepresentable(column: name, value: v.textValue ?? "", reason: failure.reason)
        }
    }

    private func encode(_ v: SQLValue) throws {
        switch type {
        case .boolean:
            let bit = try Coercion.bool(v)
            if boolCount % 8 == 0 { values.append(0) }
            if bit { values[values.count - 1] |= 1 << UInt8(boolCount % 8) }
            boolCount += 1
        case .int32(let bits):
            let i = try Coercion.int(v)
            guard let narrow = Int32(exactly: i), bits == 32 || Int16(exactly: i) != nil else { throw Coercion.Failure(reason: "out of range for int\(bits)") }
            appendLE(UInt32(bitPattern: narrow))
        case .int64: appendLE(UInt64(bitPattern: try Coercion.int(v)))
        case .float: appendLE(Float(try Coercion.double(v)).bitPattern)
        case .double: appendLE(try Coercion.double(v).bitPattern)
        case .decimal(let p, let s):
            let text = ValueText.decimalText(v)
            let u: (high: UInt64, low: UInt64)
            do { u = try ParquetDecimal.unscaled(text, precision: p, scale: s) } catch {
                throw Coercion.Failure(reason: "not a decimal(\(p),\(s)) (\(error))")
            }
            switch type.physicalType {
            case .int32: appendLE(UInt32(truncatingIfNeeded: u.low))
            case .int64: appendLE(u.low)
            default: ParquetDecimal.appendBigEndian(u, width: decimalWidth, &values)
            }
        case .date: appendLE(UInt32(bitPattern: try Coercion.date(v)))
        case .time: appendLE(UInt64(bitPattern: try Coercion.time(v)))
        case .timestamp: appendLE(UInt64(bitPattern: try Coercion.timestamp(v)))
        case .uuid:
            let u = try Coercion.uuid(v)
            withUnsafeBytes(of: u.uuid) { values.append(contentsOf: $0) }
        case .string, .json, .bytes:
            switch v {
            case .text(let t), .json(let t), .decimal(let t): appendByteArray(t)
            default:
                let bytes = Coercion.bytes(v, binary: isBinary)
                appendLE(UInt32(bytes.count))
                values.append(contentsOf: bytes)
            }
        }
    }

    /// Length-prefixed UTF-8, straight from the string's storage.
    private func appendByteArray(_ s: String) {
        var s = s
        s.withUTF8 { appendLE(UInt32($0.count)); values.append(contentsOf: $0) }
    }

    @inline(__always)
    private func appendLE<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.littleEndian) { values.append(contentsOf: $0) }
    }

    /// Compresses the open page and adds it to the chunk (no-op when empty).
    func closePage() throws {
        let rows = levels.count
        guard rows > 0 else { return }
        var body: [UInt8] = [0, 0, 0, 0]
        RLEHybrid.appendLevels(levels, allOnes: pageNulls == 0, &body)
        let levelBytes = UInt32(body.count - 4)
        withUnsafeBytes(of: levelBytes.littleEndian) { body.replaceSubrange(0..<4, with: $0) }
        body.append(contentsOf: values)
        let compressed = try GzipDeflater.gzip(body, level: gzipLevel)
        let header = Parquet.dataPageHeader(uncompressedSize: Int32(body.count), compressedSize: Int32(compressed.count),
                                            numValues: Int32(rows))
        chunk.append(contentsOf: header)
        chunk.append(contentsOf: compressed)
        chunkUncompressed += header.count + body.count
        chunkValues += rows
        chunkNulls += pageNulls
        levels.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        pageNulls = 0
        boolCount = 0
    }

    /// Closes the open page and hands over the column chunk, to be written at file offset `offset`.
    func takeChunk(at offset: Int64) throws -> (bytes: [UInt8], meta: Parquet.ColumnMetaData) {
        try closePage()
        let meta = Parquet.ColumnMetaData(type: type.physicalType, path: [name], codec: .gzip, numValues: Int64(chunkValues),
                                          totalUncompressedSize: Int64(chunkUncompressed), totalCompressedSize: Int64(chunk.count),
                                          dataPageOffset: offset, nullCount: Int64(chunkNulls))
        let bytes = chunk
        chunk = []
        chunkUncompressed = 0; chunkValues = 0; chunkNulls = 0
        return (bytes, meta)
    }
}
