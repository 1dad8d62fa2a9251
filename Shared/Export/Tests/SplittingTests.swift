import FerryExport
import FerrySQL
import Foundation
import XCTest

/// maxFileRows / maxFileBytes, file naming, completion reports and atomicity.
final class SplittingTests: ExportTestCase {
    let columns = ExportFixture.numberedColumns

    func expectedRows(_ range: Range<Int>) -> [[String?]] {
        range.map { [String($0), "row \($0) " + String(repeating: "x", count: $0 % 50)] }
    }

    func testMaxFileRowsCutsAcrossBatchesAndReportsEachFileWithItsLastRow() throws {
        let writer = try TableExportWriter(directory: directory, prefix: "B_7_0_T", columns: columns,
                                           options: ExportOptions(maxFileRows: 100))
        let first = try writer.write(ExportFixture.numbered(0..<70))
        XCTAssertEqual(first, [])
        let second = try writer.write(ExportFixture.numbered(70..<200))
        XCTAssertEqual(second.map(\.file.fileName), ["B_7_0_T_001.jsonl.gz", "B_7_0_T_002.jsonl.gz"])
        XCTAssertEqual(second.map(\.lastRowInBatch), [29, 129], "row 99 is batch row 29; row 199 is the batch's last")
        XCTAssertEqual(try listing(), ["B_7_0_T_001.jsonl.gz", "B_7_0_T_002.jsonl.gz"], "nothing open after a full file")
        let third = try writer.write(ExportFixture.numbered(200..<250))
        XCTAssertEqual(third, [])
        XCTAssertEqual(try listing().filter { $0.hasSuffix(".partial") }, ["B_7_0_T_003.jsonl.gz.partial"])
        let last = try writer.finish()
        XCTAssertEqual(last.map(\.file.rowCount), [50])
        let files = (second + last).map(\.file)
        XCTAssertEqual(files.map(\.rowCount), [100, 100, 50])
        XCTAssertEqual(try IndependentReader.jsonl.read(paths(files), kinds: ["int", "text"]).rows, expectedRows(0..<250))
        XCTAssertEqual(try listing(), files.map(\.fileName))
    }

    func testMaxFileBytesUncompressedIsAHardBoundPerFile() throws {
        let limit = 2000
        let files = try export([ExportFixture.numbered(0..<300)], columns: columns,
                               options: ExportOptions(format: .csv, compression: .none, maxFileBytes: limit), prefix: "B_1_0_T")
        XCTAssertGreaterThan(files.count, 5)
        for f in files { XCTAssertLessThanOrEqual(f.fileSize, limit, f.fileName) }
        XCTAssertEqual(files.reduce(0) { $0 + $1.rowCount }, 300)
        XCTAssertEqual(try IndependentReader.duckdbCSV.read(paths(files), kinds: ["int", "text"]).rows, expectedRows(0..<300))
    }

    func testMaxFileBytesSplitsGzipAndParquetWithEveryRowOnce() throws {
        let batches = [ExportFixture.numbered(0..<4000), ExportFixture.numbered(4000..<8000)]
        let gz = try export(batches, columns: columns, options: ExportOptions(maxFileBytes: 16 << 10), prefix: "G_1_0_T")
        XCTAssertGreaterThan(gz.count, 1)
        XCTAssertEqual(try IndependentReader.jsonl.read(paths(gz), kinds: ["int", "text"]).rows, expectedRows(0..<8000))

        let pq = try export(batches, columns: columns,
                            options: ExportOptions(format: .parquet, maxFileBytes: 24 << 10, parquetRowGroupBytes: 8 << 10), prefix: "P_1_0_T")
        XCTAssertGreaterThan(pq.count, 1)
        XCTAssertEqual(pq.map(\.fileName).first, "P_1_0_T_001.parquet")
        XCTAssertEqual(try IndependentReader.pyarrow.read(paths(pq), kinds: ["int", "text"]).rows, expectedRows(0..<8000))
    }

    func testFirstSequenceContinuesNumberingAfterCompleteFiles() throws {
        let writer = try TableExportWriter(directory: directory, prefix: "B_3_1_T", columns: columns,
                                           options: ExportOptions(format: .csv), firstSequence: 4)
        _ = try writer.write(ExportFixture.numbered(0..<3))
        XCTAssertEqual(try writer.finish().map(\.file.fileName), ["B_3_1_T_004.csv.gz"])
    }

    func testAbandonLeavesNoPartialAndNoFinalName() throws {
        let writer = try TableExportWriter(directory: directory, prefix: "B_2_0_T", columns: columns,
                                           options: ExportOptions(maxFileRows: 10))
        let done = try writer.write(ExportFixture.numbered(0..<15))
        XCTAssertEqual(done.map(\.file.fileName), ["B_2_0_T_001.jsonl.gz"])
        writer.abandon()
        XCTAssertEqual(try listing(), ["B_2_0_T_001.jsonl.gz"], "the complete file stays, the open one is gone")
    }

    func testEmptyTableGetsOneFileWithItsHeader() throws {
        let files = try export([], columns: columns, options: ExportOptions(format: .csv, compression: .none), prefix: "E_1_0_T")
        XCTAssertEqual(files.map(\.rowCount), [0])
        XCTAssertEqual(String(decoding: try bytes(files[0]), as: UTF8.self), "ID,TXT\r\n")
    }

    func testUnsafePrefixIsRefused() {
        XCTAssertThrowsError(try TableExportWriter(directory: directory, prefix: "../escape", columns: columns, options: ExportOptions()))
    }
}
