import Crypto

/// A row's hash for reconciliation: the MD5 of its canonical encoding (each value `V<bytes>:<canonical text>`,
/// NULL as `N`, so NULL and "" differ and no two rows encode alike), cut to its first 8 bytes as two signed
/// 32-bit halves. PostgreSQL computes the same from `md5(…)` in SQL (``PostgresCanonicalSQL``).
public struct RowHash: Sendable, Hashable {
    public var hi: Int32
    public var lo: Int32

    public init(hi: Int32, lo: Int32) { self.hi = hi; self.lo = lo }

    public init(canonical texts: [String?]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for t in texts {
            guard let t else { bytes.append(UInt8(ascii: "N")); continue }
            bytes.append(UInt8(ascii: "V"))
            bytes.append(contentsOf: String(t.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: t.utf8)
        }
        let d = Array(Insecure.MD5.hash(data: bytes))
        func half(_ i: Int) -> Int32 {
            var v: UInt32 = 0
            for b in d[i..<(i + 4)] { v = v << 8 | UInt32(b) }
            return Int32(bitPattern: v)
        }
        self.init(hi: half(0), lo: half(4))
    }

    /// The row's values read as `types` say (the column's logical type decides the canonical text).
    public init(_ row: ArraySlice<SQLValue>, types: [SQLType]) {
        self.init(canonical: zip(row, types).map { CanonicalText.of($0.0, as: $0.1) })
    }

    /// 16 lowercase hex digits: the first 8 bytes of the MD5 (PostgreSQL: `substr(md5(…), 1, 16)`).
    public var hex: String {
        var bytes: [UInt8] = []
        for half in [UInt32(bitPattern: hi), UInt32(bitPattern: lo)] {
            for shift in [24, 16, 8, 0] as [UInt32] { bytes.append(UInt8(truncatingIfNeeded: half >> shift)) }
        }
        return CanonicalText.hex(bytes)
    }
}

/// An order-independent digest of a set of rows: their number and the sums of their hashes' halves (sums of
/// 32-bit values fit 64 bits for 2^31 rows, so every database adds them exactly with its own `sum`).
public struct RangeDigest: Sendable, Hashable {
    public var rows: Int64
    public var hiSum: Int64
    public var loSum: Int64

    public init(rows: Int64 = 0, hiSum: Int64 = 0, loSum: Int64 = 0) { self.rows = rows; self.hiSum = hiSum; self.loSum = loSum }

    /// A digest query's row `count, hiSum, loSum`, as every engine's digest SQL answers it (NULL sums: no row).
    init(sumsRow row: [SQLValue]) {
        func at(_ i: Int) -> Int64 { i < row.count ? row[i].int64 ?? 0 : 0 }
        self.init(rows: at(0), hiSum: at(1), loSum: at(2))
    }

    public mutating func add(_ h: RowHash) {
        rows += 1; hiSum &+= Int64(h.hi); loSum &+= Int64(h.lo)
    }
}
