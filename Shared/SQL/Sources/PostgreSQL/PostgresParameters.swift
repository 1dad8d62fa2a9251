/// Parameters for PQexecParams/PQexecPrepared/PQsendQueryParams: text format, server-inferred types.
/// All values go into one NUL-separated buffer (one allocation for the lot); NULL is a nil pointer.
enum PostgresParameters {
    static func with<R>(_ params: ArraySlice<SQLValue>,
                        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?) throws -> R) throws -> R {
        if params.isEmpty { return try body(0, nil) }
        var storage: [UInt8] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(params.count)
        for (i, p) in params.enumerated() {
            guard let s = PGParamText.text(p) else { offsets.append(-1); continue }
            let start = storage.count
            storage.append(contentsOf: s.utf8)
            // A C string cannot carry NUL, and PostgreSQL text cannot hold it either.
            if storage[start...].contains(0) {
                throw DriverError(driver: PostgresError.driver, sqlState: .characterNotInRepertoire,
                                  message: "parameter $\(i + 1) contains a NUL character", kind: .badData)
            }
            storage.append(0)
            offsets.append(start)
        }
        storage.append(0)      // never empty, so the buffer has a base address
        return try storage.withUnsafeBytes { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { $0 < 0 ? nil : base + $0 }
            return try pointers.withUnsafeBufferPointer { try body(Int32(params.count), $0.baseAddress) }
        }
    }
}
