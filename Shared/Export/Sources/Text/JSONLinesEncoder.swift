import FerrySQL

/// JSON Lines: one object per row (`{"ID":1,"NAME":"a"}` + LF), keys in column order. Decimals are strings with
/// every digit, bytes base64, temporal values ISO-8601, JSON columns embedded as JSON (compacted onto the line;
/// a value that is not valid JSON is written as a string), NULL as `null`. NaN and ±Infinity floats, which JSON
/// numbers cannot hold, are the strings "NaN", "Infinity", "-Infinity".
final class JSONLinesEncoder: RecordEncoder {
    private let kinds: [ValueText.Kind]
    /// `{"A":` for the first column, `,"B":` for the others: written once per row, built once per export.
    private let keyPrefixes: [[UInt8]]

    init(columns: [ColumnInfo]) {
        kinds = columns.map { ValueText.Kind($0.type) }
        keyPrefixes = columns.enumerated().map { i, c in
            var b: [UInt8] = [i == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSONText.appendString(c.name, &b)
            b.append(UInt8(ascii: ":"))
            return b
        }
    }

    var rowsAreRewindable: Bool { true }
    var pendingBytesEstimate: Int { 0 }
    func begin(_ out: FileOutput) throws {}
    func end(_ out: FileOutput) throws {}

    func append(_ batch: RowBatch, row: Int, _ out: FileOutput) throws {
        if kinds.isEmpty { out.buffer.append(UInt8(ascii: "{")) }
        for c in 0..<kinds.count {
            out.buffer.append(contentsOf: keyPrefixes[c])
            JSONLinesEncoder.appendValue(batch[row, c], kind: kinds[c], &out.buffer)
        }
        out.buffer.append(UInt8(ascii: "}"))
        out.buffer.append(0x0A)
    }

    static func appendValue(_ v: SQLValue, kind: ValueText.Kind, _ out: inout [UInt8]) {
        if kind == .decimal, !v.isNull { JSONText.appendString(ValueText.decimalText(v), &out); return }
        switch v {
        case .null: ValueText.append("null", &out)
        case .bool(let b): ValueText.append(b ? "true" : "false", &out)
        case .int(let i): ValueText.append(int: i, &out)
        case .double(let d):
            if let t = ValueText.finiteText(d, float32: kind == .float32) { ValueText.append(t, &out) }
            else { JSONText.appendString(ValueText.nonFiniteText(d), &out) }
        case .decimal(let s): JSONText.appendString(s, &out)
        case .text(let s):
            if kind == .json { appendJSON(s, &out) } else { JSONText.appendString(s, &out) }
        case .json(let s): appendJSON(s, &out)
        case .bytes(let b):
            out.append(UInt8(ascii: "\"")); ValueText.appendBase64(b, &out); out.append(UInt8(ascii: "\""))
        case .date(let d):
            out.append(UInt8(ascii: "\"")); ValueText.appendDate(days: d, &out); out.append(UInt8(ascii: "\""))
        case .time(let t):
            out.append(UInt8(ascii: "\"")); ValueText.appendTime(micros: t, &out); out.append(UInt8(ascii: "\""))
        case .timestamp(let t):
            out.append(UInt8(ascii: "\"")); ValueText.appendTimestamp(micros: t, zoned: false, &out); out.append(UInt8(ascii: "\""))
        case .timestamptz(let t):
            out.append(UInt8(ascii: "\"")); ValueText.appendTimestamp(micros: t, zoned: true, &out); out.append(UInt8(ascii: "\""))
        case .uuid: JSONText.appendString(ValueText.uuidText(v), &out)
        }
    }

    private static func appendJSON(_ s: String, _ out: inout [UInt8]) {
        if let compact = JSONText.compact(s) { out.append(contentsOf: compact) } else { JSONText.appendString(s, &out) }
    }
}
