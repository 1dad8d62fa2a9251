/// Apache Thrift's compact protocol, the encoding of Parquet's footer and page headers — only the writing
/// half, and only what Parquet's structures use (i16/i32/i64, bool, binary, list, struct).
struct ThriftCompactWriter {
    enum FieldType: UInt8 {
        case boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    private(set) var bytes: [UInt8] = []
    /// Field ids are written as deltas from the previous field of the same struct; one entry per open struct.
    private var lastFieldIds: [Int16] = [0]

    // MARK: Fields

    mutating func field(_ id: Int16, _ type: FieldType) {
        let last = lastFieldIds[lastFieldIds.count - 1]
        let delta = id - last
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastFieldIds[lastFieldIds.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ v: Int32) { field(id, .i32); varint(zigzag(Int64(v))) }
    mutating func i64(_ id: Int16, _ v: Int64) { field(id, .i64); varint(zigzag(v)) }
    /// Compact bools live in the field header's type nibble.
    mutating func bool(_ id: Int16, _ v: Bool) { field(id, v ? .boolTrue : .boolFalse) }
    mutating func binary(_ id: Int16, _ v: [UInt8]) { field(id, .binary); binaryValue(v) }
    mutating func string(_ id: Int16, _ v: String) { binary(id, Array(v.utf8)) }

    /// A struct-valued field: `body` writes its fields; the stop byte is added.
    mutating func structure(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        field(id, .structure)
        structValue(body)
    }

    /// A union is a struct with exactly one field set: `structure(id) { $0.structure(member) {} }`.
    mutating func emptyStruct(_ id: Int16) { structure(id) { _ in } }

    // MARK: Lists

    mutating func list(_ id: Int16, of type: FieldType, count: Int) {
        field(id, .list)
        if count < 15 { bytes.append(UInt8(count) << 4 | type.rawValue) } else {
            bytes.append(0xF0 | type.rawValue)
            varint(UInt64(count))
        }
    }

    mutating func i32List(_ id: Int16, _ values: [Int32]) {
        list(id, of: .i32, count: values.count)
        for v in values { varint(zigzag(Int64(v))) }
    }

    mutating func stringList(_ id: Int16, _ values: [String]) {
        list(id, of: .binary, count: values.count)
        for v in values { binaryValue(Array(v.utf8)) }
    }

    mutating func structList<T>(_ id: Int16, _ values: [T], _ body: (inout ThriftCompactWriter, T) -> Void) {
        list(id, of: .structure, count: values.count)
        for v in values { structValue { body(&$0, v) } }
    }

    // MARK: Values

    /// A top-level struct (a page header, the file metadata): fields, then the stop byte.
    mutating func structValue(_ body: (inout ThriftCompactWriter) -> Void) {
        lastFieldIds.append(0)
        body(&self)
        bytes.append(0)
        lastFieldIds.removeLast()
    }

    private mutating func binaryValue(_ v: [UInt8]) {
        varint(UInt64(v.count))
        bytes.append(contentsOf: v)
    }

    private mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    private func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    /// The value of an i8 field (one raw byte) or an i16 field (zigzag varint), after `field(_:_:)`.
    mutating func rawByte(_ b: UInt8) { bytes.append(b) }
    mutating func rawZigzag(_ v: Int64) { varint(zigzag(v)) }

    /// One struct encoded on its own (a page header).
    static func encode(_ body: (inout ThriftCompactWriter) -> Void) -> [UInt8] {
        var w = ThriftCompactWriter()
        w.structValue(body)
        return w.bytes
    }
}
