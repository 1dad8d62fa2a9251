/// Parquet's RLE / bit-packing hybrid, for definition levels of bit width 1 (flat schema: 1 = a value, 0 = NULL).
enum RLEHybrid {
    /// Groups of 8 values per bit-packed run: 63 keeps the run header in one varint byte, as other writers do.
    private static let groupsPerRun = 63

    /// `levels` (each 0 or 1) encoded: one RLE run when all are 1, else bit-packed runs (LSB first; the last
    /// group padded with zeros, which readers ignore past the page's value count).
    static func appendLevels(_ levels: [UInt8], allOnes: Bool, _ out: inout [UInt8]) {
        if allOnes {
            appendVarint(UInt64(levels.count) << 1, &out)
            out.append(1)
            return
        }
        var i = 0
        while i < levels.count {
            let runValues = min(levels.count - i, groupsPerRun * 8)
            let groups = (runValues + 7) / 8
            appendVarint(UInt64(groups) << 1 | 1, &out)
            for g in 0..<groups {
                var byte: UInt8 = 0
                for bit in 0..<8 {
                    let at = i + g * 8 + bit
                    if at < i + runValues && levels[at] != 0 { byte |= 1 << UInt8(bit) }
                }
                out.append(byte)
            }
            i += runValues
        }
    }

    static func appendVarint(_ v: UInt64, _ out: inout [UInt8]) {
        var v = v
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }
}
