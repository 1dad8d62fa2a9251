import FerrySQL

/// CSV after RFC 4180: a header row of column names, CRLF line ends, a field quoted (quotes doubled) when it
/// holds `,` `"` CR or LF. NULL is an empty unquoted field and the empty string `""`, so the two stay apart.
/// Values take the same text forms as in JSON Lines; JSON columns are their text, bytes base64.
final class CSVEncoder: RecordEncoder {
    private let columns: [ColumnInfo]
    private let kinds: [ValueText.Kind]

    init(columns: [ColumnInfo]) {
        self.columns = columns
        kinds = columns.map { ValueText.Kind($0.type) }
    }

    var rowsAreRewindable: Bool { true }
    var pendingBytesEstimate: Int { 0 }
    func end(_ out: FileOutput) throws {}

    func begin(_ out: FileOutput) throws {
        for (i, c) in columns.enumerated() {
            if i > 0 { out.buffer.append(UInt8(ascii: ",")) }
            CSVEncoder.appendText(c.name, &out.buffer)
        }
        out.buffer.append(contentsOf: [0x0D, 0x0A])
    }

    func append(_ batch: RowBatch, row: Int, _ out: FileOutput) throws {
        for c in 0..<kinds.count {
            if c > 0 { out.buffer.append(UInt8(ascii: ",")) }
            appendValue(batch[row, c], kind: kinds[c], &out.buffer)
        }
        out.buffer.append(contentsOf: [0x0D, 0x0A])
    }

    private func appendValue(_ v: SQLValue, kind: ValueText.Kind, _ out: inout [UInt8]) {
        if kind == .decimal, !v.isNull { ValueText.append(ValueText.decimalText(v), &out); return }
        switch v {
        case .null: return
        case .bool(let b): ValueText.append(b ? "true" : "false", &out)
        case .int(let i): ValueText.append(int: i, &out)
        case .double(let d): ValueText.append(ValueText.finiteText(d, float32: kind == .float32) ?? ValueText.nonFiniteText(d), &out)
        case .decimal(let s): ValueText.append(s, &out)
        case .text(let s), .json(let s): CSVEncoder.appendText(s, &out)
        case .bytes(let b):
            if b.isEmpty { out.append(contentsOf: [0x22, 0x22]) } else { ValueText.appendBase64(b, &out) }   // not NULL
        case .date(let d): ValueText.appendDate(days: d, &out)
        case .time(let t): ValueText.appendTime(micros: t, &out)
        case .timestamp(let t): ValueText.appendTimestamp(micros: t, zoned: false, &out)
        case .timestamptz(let t): ValueText.appendTimestamp(micros: t, zoned: true, &out)
        case .uuid: ValueText.append(ValueText.uuidText(v), &out)
        }
    }

    /// A text field: as is, or quoted when it must be (and always when empty, to tell it from NULL).
    static func appendText(_ s: String, _ out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            let needsQuotes = bytes.isEmpty || bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
            guard needsQuotes else { out.append(contentsOf: bytes); return }
            out.append(0x22)
            for b in bytes {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
        }
    }
}
