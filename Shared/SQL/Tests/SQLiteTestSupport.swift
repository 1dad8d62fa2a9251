import Foundation
import XCTest
@testable import FerrySQL

/// Helpers shared by the SQLite and ODBC driver tests.
enum DriverTestSupport {
    /// A fresh directory under the system temp dir, removed by the caller.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Decimals compared without trailing fraction zeros ("3.1400000000" = "3.14"), everything else as is.
    static func normalized(_ v: SQLValue) -> SQLValue {
        guard case .decimal(let s) = v, s.contains(".") else { return v }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return .decimal(String(t))
    }

    /// Reads a whole cursor in batches of `batchSize` rows.
    static func drain(_ cursor: any RowCursor, batchSize: Int = 1000) throws -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        var batch = RowBatch(columnCount: cursor.columns.count, reservingRows: batchSize)
        while true {
            batch.removeAll()
            let n = try cursor.next(into: &batch, maxRows: batchSize)
            XCTAssertLessThanOrEqual(n, batchSize)
            XCTAssertEqual(n, batch.rowCount)
            if n == 0 { break }
            for r in 0..<n { rows.append(Array(batch.row(r))) }
        }
        cursor.close()
        return rows
    }

    /// Asserts two rows equal value for value; `allow` may accept a documented driver difference
    /// (answers true when `actual` is an acceptable reading of `expected` in column `column`).
    static func assertRowsEqual(_ actual: [[SQLValue]], _ expected: [[SQLValue]], columns: [String],
                                allow: (_ column: String, _ expected: SQLValue, _ actual: SQLValue) -> Bool = { _, _, _ in false },
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "row count", file: file, line: line)
        var failures = 0
        for (r, (a, e)) in zip(actual, expected).enumerated() {
            for c in 0..<min(a.count, e.count) where normalized(a[c]) != normalized(e[c]) && !allow(columns[c], e[c], a[c]) {
                failures += 1
                if failures <= 20 {
                    XCTFail("row \(r + 1) column \(columns[c]): expected \(e[c]), got \(a[c])", file: file, line: line)
                }
            }
        }
        XCTAssertEqual(failures, 0, "values that differ", file: file, line: line)
    }
}
