import FerrySQL

/// PostgreSQL specifics the engine needs around COPY, which takes no bind parameters.
enum PostgresEngineSupport {
    /// Replaces `$1…$n` in `sql` with escaped, typed literals (`'42'::integer`) — only for COPY,
    /// whose query cannot take parameters. Values come from the checkpoint, never from users.
    static func inline(_ sql: String, _ values: [SQLValue], types: [String], _ pg: any BinaryCopyConnection) throws -> String {
        var literals: [String] = []
        for (i, v) in values.enumerated() {
            guard let text = v.textValue else { literals.append("NULL"); continue }
            let type = i < types.count && !types[i].isEmpty ? "::" + types[i] : ""
            literals.append(try pg.escapeLiteral(text) + type)
        }
        var out = ""
        let chars = Array(sql)
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1].isNumber {
                var j = i + 1
                while j < chars.count, chars[j].isNumber { j += 1 }
                let n = Int(String(chars[(i + 1)..<j])) ?? 0
                out += n >= 1 && n <= literals.count ? literals[n - 1] : String(chars[i..<j])
                i = j
            } else {
                out.append(chars[i]); i += 1
            }
        }
        return out
    }

    /// Walks a raw tuple's framing to field `index`: (offset, length or -1).
    static func field(in tuple: UnsafeRawBufferPointer, _ index: Int) -> (Int, Int) {
        var at = 2
        var len = 0
        for f in 0...index {
            len = Int(Int32(bigEndian: tuple.loadUnaligned(fromByteOffset: at, as: Int32.self)))
            at += 4
            if f < index && len > 0 { at += len }
        }
        return (at, len)
    }

    /// Decodes the given fields of a raw tuple.
    static func decodeFields(_ tuple: UnsafeRawBufferPointer, _ indexes: [Int], oids: [UInt32]) -> [SQLValue] {
        indexes.map { i in
            let (offset, len) = field(in: tuple, i)
            let bytes = len < 0 ? nil : UnsafeRawBufferPointer(rebasing: tuple[offset..<(offset + len)])
            return (try? BinaryTupleDecoder.decode(bytes, oid: oids[i])) ?? .null
        }
    }
}
