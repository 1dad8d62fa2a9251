import FerryExport
import FerrySQL
import Foundation
import XCTest

/// Parquet written by Ferry's own writer, read back by pyarrow and DuckDB.
final class ParquetExportTests: ExportTestCase {
    let parquet = ExportOptions(format: .parquet)

    func testEveryTypeReadByPyarrowAndDuckDBValueForValue() throws {
        let files = try export([ExportFixture.batch()], columns: ExportFixture.columnInfos, options: parquet)
        XCTAssertEqual(files.map(\.fileName), ["HD-PDE_106_0_ALL_TYPES_001.parquet"])
        let arrow = try IndependentReader.pyarrow.read(paths(files), kinds: ExportFixture.kinds)
        XCTAssertEqual(arrow.columns, ExportFixture.columns.map(\.info.name))
        XCTAssertEqual(arrow.rows, ExportFixture.expected)
        let types = Dictionary(uniqueKeysWithValues: zip(arrow.columns, arrow.types))
        XCTAssertEqual(types["I16"], "int16")
        XCTAssertEqual(types["F32"], "float")
        XCTAssertEqual(types["DEC5"], "decimal128(5, 0)")
        XCTAssertEqual(types["DEC12"], "decimal128(12, 2)")
        XCTAssertEqual(types["DEC30"], "decimal128(30, 10)")
        XCTAssertEqual(types["NUM"], "string", "an unconstrained numeric stays an exact string")
        XCTAssertEqual(types["D"], "date32[day]")
        XCTAssertEqual(types["T"], "time64[us]")
        XCTAssertEqual(types["TS"], "timestamp[us]")
        XCTAssertEqual(types["TSZ"], "timestamp[us, tz=UTC]")
        XCTAssertEqual(types["BYT"], "binary")

        let duck = try IndependentReader.duckdb.read(paths(files), kinds: ExportFixture.kinds)
        XCTAssertEqual(duck.rows, ExportFixture.expected)
        let duckTypes = Dictionary(uniqueKeysWithValues: zip(duck.columns, duck.types))
        XCTAssertEqual(duckTypes["DEC30"], "DECIMAL(30,10)")
        XCTAssertEqual(duckTypes["TSZ"], "TIMESTAMP WITH TIME ZONE")
        XCTAssertEqual(duckTypes["U"], "UUID")
        XCTAssertEqual(duckTypes["J"], "JSON")
    }

    /// Many row groups and pages, NULLs in every pattern the definition levels meet (runs, alternation, a page
    /// of NULLs only): both readers see every row once, in order.
    func testRowGroupsAndPagesWithNullPatterns() throws {
        var batch = RowBatch(columnCount: 2)
        var expected: [[String?]] = []
        for i in 0..<3000 {
            let null = (i % 3 == 0) || (1000..<1600).contains(i)
            let text = "value \(i) " + String(repeating: "é", count: i % 17)
            batch.append(row: [.int(Int64(i)), null ? .null : .text(text)])
            expected.append([String(i), null ? nil : text])
        }
        let options = ExportOptions(format: .parquet, parquetRowGroupBytes: 8 << 10, parquetPageBytes: 1 << 10)
        let files = try export([batch], columns: ExportFixture.numberedColumns, options: options)
        XCTAssertEqual(files.count, 1)
        let arrow = try IndependentReader.pyarrow.read(paths(files), kinds: ["int", "text"])
        XCTAssertEqual(arrow.rows, expected)
        XCTAssertGreaterThan(arrow.rowGroups, 3)
        XCTAssertEqual(arrow.nullCounts, [0, expected.filter { $0[1] == nil }.count], "footer statistics count the NULLs")
        XCTAssertEqual(try IndependentReader.duckdb.read(paths(files), kinds: ["int", "text"]).rows, expected)
    }

    func testEmptyTableIsAValidFile() throws {
        let files = try export([], columns: ExportFixture.columnInfos, options: parquet)
        XCTAssertEqual(files.map(\.rowCount), [0])
        let arrow = try IndependentReader.pyarrow.read(paths(files), kinds: ExportFixture.kinds)
        XCTAssertEqual(arrow.columns, ExportFixture.columns.map(\.info.name))
        XCTAssertEqual(arrow.rows, [])
    }

    func testDecimalBeyondItsPrecisionIsAnErrorNotARoundedValue() throws {
        let columns = [ColumnInfo(name: "AMOUNT", nativeType: "numeric(5,2)", type: .decimal(precision: 5, scale: 2), nullable: true)]
        for bad in ["1234.5", "1.234", "abc"] {
            var batch = RowBatch(columnCount: 1)
            batch.append(.decimal(bad))
            let writer = try TableExportWriter(directory: directory, prefix: "X_1_0_T", columns: columns, options: parquet)
            XCTAssertThrowsError(try writer.write(batch), bad) { error in
                guard case ExportError.unrepresentable(let column, _, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(column, "AMOUNT")
            }
            writer.abandon()
        }
        XCTAssertEqual(try listing(), [], "a failed file leaves nothing under any name")
    }
}
