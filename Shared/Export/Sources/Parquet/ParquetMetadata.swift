/// The parts of Parquet's Thrift definitions (parquet.thrift) this writer fills in, with their field ids.
/// Only writing is needed, so each structure knows how to put itself on a ``ThriftCompactWriter``.
enum Parquet {
    static let magic = Array("PAR1".utf8)

    enum PhysicalType: Int32 { case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7 }
    enum Repetition: Int32 { case required = 0, optional = 1, repeated = 2 }
    enum Encoding: Int32 { case plain = 0, rle = 3 }
    enum Codec: Int32 { case uncompressed = 0, gzip = 2 }
    enum PageType: Int32 { case dataPage = 0 }
    /// The legacy annotations, still written beside the logical types for older readers.
    enum ConvertedType: Int32 { case utf8 = 0, decimal = 5, date = 6, timestampMicros = 10, int16 = 16, json = 19 }

    /// The `LogicalType` union (field id of each member).
    enum LogicalType {
        case string
        case decimal(scale: Int32, precision: Int32)
        case date
        case time(adjustedToUTC: Bool)
        case timestamp(adjustedToUTC: Bool)
        case integer(bitWidth: Int8, signed: Bool)
        case json
        case uuid

        func write(_ w: inout ThriftCompactWriter) {
            switch self {
            case .string: w.emptyStruct(1)
            case .decimal(let s, let p): w.structure(5) { $0.i32(1, s); $0.i32(2, p) }
            case .date: w.emptyStruct(6)
            case .time(let utc): w.structure(7) { $0.bool(1, utc); $0.structure(2) { $0.emptyStruct(2) } }      // unit: MICROS
            case .timestamp(let utc): w.structure(8) { $0.bool(1, utc); $0.structure(2) { $0.emptyStruct(2) } }
            case .integer(let bits, let signed):
                w.structure(10) { $0.field(1, .byte); $0.rawByte(UInt8(bitPattern: bits)); $0.bool(2, signed) }
            case .json: w.emptyStruct(12)
            case .uuid: w.emptyStruct(14)
            }
        }
    }

    struct SchemaElement {
        var type: PhysicalType?
        var typeLength: Int32?
        var repetition: Repetition?
        var name: String
        var numChildren: Int32?
        var convertedType: ConvertedType?
        var scale: Int32?
        var precision: Int32?
        var logicalType: LogicalType?

        func write(_ w: inout ThriftCompactWriter) {
            if let type { w.i32(1, type.rawValue) }
            if let typeLength { w.i32(2, typeLength) }
            if let repetition { w.i32(3, repetition.rawValue) }
            w.string(4, name)
            if let numChildren { w.i32(5, numChildren) }
            if let convertedType { w.i32(6, convertedType.rawValue) }
            if let scale { w.i32(7, scale) }
            if let precision { w.i32(8, precision) }
            if let logicalType { w.structure(10) { logicalType.write(&$0) } }
        }
    }

    struct ColumnMetaData {
        var type: PhysicalType
        var path: [String]
        var codec: Codec
        var numValues: Int64
        var totalUncompressedSize: Int64
        var totalCompressedSize: Int64
        var dataPageOffset: Int64
        var nullCount: Int64

        func write(_ w: inout ThriftCompactWriter) {
            w.i32(1, type.rawValue)
            w.i32List(2, [Encoding.plain.rawValue, Encoding.rle.rawValue])
            w.stringList(3, path)
            w.i32(4, codec.rawValue)
            w.i64(5, numValues)
            w.i64(6, totalUncompressedSize)
            w.i64(7, totalCompressedSize)
            w.i64(9, dataPageOffset)
            w.structure(12) { $0.i64(3, nullCount) }   // Statistics: null_count only
        }
    }

    struct RowGroup {
        var columns: [ColumnMetaData]
        var numRows: Int64
        var ordinal: Int16

        func write(_ w: inout ThriftCompactWriter) {
            // ColumnChunk: file_offset (2, required) is the chunk's first page, meta_data (3).
            w.structList(1, columns) { w, c in w.i64(2, c.dataPageOffset); w.structure(3) { c.write(&$0) } }
            w.i64(2, columns.reduce(0) { $0 + $1.totalUncompressedSize })
            w.i64(3, numRows)
            w.i64(5, columns.first?.dataPageOffset ?? 0)
            w.i64(6, columns.reduce(0) { $0 + $1.totalCompressedSize })
            w.field(7, .i16); w.rawZigzag(Int64(ordinal))
        }
    }

    struct FileMetaData {
        var schema: [SchemaElement]
        var numRows: Int64
        var rowGroups: [RowGroup]
        var createdBy: String

        func encoded() -> [UInt8] {
            ThriftCompactWriter.encode { w in
                w.i32(1, 1)
                w.structList(2, schema) { w, e in e.write(&w) }
                w.i64(3, numRows)
                w.structList(4, rowGroups) { w, g in g.write(&w) }
                w.string(6, createdBy)
            }
        }
    }

    /// The header before each data page (format v1): the page's sizes, value count and encodings.
    static func dataPageHeader(uncompressedSize: Int32, compressedSize: Int32, numValues: Int32) -> [UInt8] {
        ThriftCompactWriter.encode { w in
            w.i32(1, PageType.dataPage.rawValue)
            w.i32(2, uncompressedSize)
            w.i32(3, compressedSize)
            w.structure(5) {
                $0.i32(1, numValues)
                $0.i32(2, Encoding.plain.rawValue)
                $0.i32(3, Encoding.rle.rawValue)   // definition levels
                $0.i32(4, Encoding.rle.rawValue)   // repetition levels (none in a flat schema)
            }
        }
    }
}
