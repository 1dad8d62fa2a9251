import FerryExport
import FerrySQL
import Foundation
import XCTest

/// JSON Lines and CSV of every SPEC type, read back by Python's gzip/json/csv and DuckDB.
final class TextExportTests: ExportTestCase {
    let names = ExportFixture.columns.map(\.info.name)

    func testJSONLinesGzipHoldsEveryTypeValueForValue() throws {
        let files = try export([ExportFixture.batch()], columns: ExportFixture.columnInfos, options: ExportOptions())
        XCTAssertEqual(files.map(\.fileName), ["HD-PDE_106_0_ALL_TYPES_001.jsonl.gz"])
        XCTAssertEqual(files[0].rowCount, 4)
        let read = try IndependentReader.jsonl.read(paths(files), kinds: ExportFixture.kinds)
        XCTAssertEqual(read.columns, names)
        XCTAssertEqual(read.rows, ExportFixture.expected)
        try assertSizeAndHash(files[0])
        XCTAssertEqual(try listing(), files.map(\.fileName), "no temporary file left behind")
    }

    func testJSONLinesUncompressedKeepsOneObjectPerLine() throws {
        let files = try export([ExportFixture.batch()], columns: ExportFixture.columnInfos, options: ExportOptions(compression: .none))
        XCTAssertEqual(files.map(\.fileName), ["HD-PDE_106_0_ALL_TYPES_001.jsonl"])
        let text = String(decoding: try bytes(files[0]), as: UTF8.self)
        XCTAssertEqual(text.split(separator: "\n", omittingEmptySubsequences: false).count, 5, "4 lines + the final newline")
        // Decimals are strings, the NULL row is JSON null, the JSON column is embedded (not a string).
        XCTAssertTrue(text.contains(#""DEC12":"12345.67""#))
        XCTAssertTrue(text.contains(#"{"ID":2,"B":null,"#))
        XCTAssertTrue(text.contains(#""J":{"a":[1,2.5,"x\ny"],"b":null,"c":"😀"}"#))
        XCTAssertTrue(text.contains(#""F64":"NaN""#), "a NaN float has no JSON number")
        XCTAssertEqual(try IndependentReader.jsonl.read(paths(files), kinds: ExportFixture.kinds).rows, ExportFixture.expected)
    }

    func testCSVGzipQuotesPerRFC4180AndKeepsNullApartFromEmpty() throws {
        let files = try export([ExportFixture.batch()], columns: ExportFixture.columnInfos, options: ExportOptions(format: .csv))
        XCTAssertEqual(files.map(\.fileName), ["HD-PDE_106_0_ALL_TYPES_001.csv.gz"])
        // DuckDB tells an empty unquoted field (NULL) from "" (empty string).
        let duck = try IndependentReader.duckdbCSV.read(paths(files), kinds: ExportFixture.kinds)
        XCTAssertEqual(duck.columns, names)
        XCTAssertEqual(duck.rows, ExportFixture.expected)
        // Python's csv module reads both as "" (None here): every other value must match.
        let python = try IndependentReader.csv.read(paths(files), kinds: ExportFixture.kinds)
        XCTAssertEqual(python.rows, ExportFixture.expected.map { $0.map { $0 == "" ? nil : $0 } })
        try assertSizeAndHash(files[0])
    }

    func testCSVUncompressedRawText() throws {
        let files = try export([ExportFixture.batch()], columns: ExportFixture.columnInfos, options: ExportOptions(format: .csv, compression: .none))
        XCTAssertEqual(files.map(\.fileName), ["HD-PDE_106_0_ALL_TYPES_001.csv"])
        let text = String(decoding: try bytes(files[0]), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix(names.joined(separator: ",") + "\r\n"))
        XCTAssertTrue(text.contains("\r\n2" + String(repeating: ",", count: names.count - 1) + "\r\n"), "NULLs are empty unquoted fields")
        XCTAssertTrue(text.contains(",\"\",x,\"\","), "empty text and empty bytes are \"\"")
        XCTAssertTrue(text.contains("\"line1\nline2 \"\"quoted\"\" back\\slash, comma;"), "quotes doubled, newline kept inside quotes")
        XCTAssertEqual(try IndependentReader.duckdbCSV.read(paths(files), kinds: ExportFixture.kinds).rows, ExportFixture.expected)
    }

    /// Size and SHA-256 as the system's own tools see the file on disk.
    func assertSizeAndHash(_ file: ExportedFile, line: UInt = #line) throws {
        let path = directory + "/" + file.fileName
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        XCTAssertEqual(size, file.fileSize, line: line)
        XCTAssertEqual(try sha256sum(path), file.sha256, line: line)
    }
}
