import FerryTestKit
import Foundation
import XCTest

/// Runs `Readers/read_export.py` with the project's test venv (`.ferry-vendor/test-venv`, made from
/// scripts/test-requirements.txt under `make test`; `FERRY_TEST_PYTHON` overrides), so files are checked by
/// Python's gzip/json/csv, pyarrow and DuckDB — readers that share no code with the writers.
enum IndependentReader: String {
    case jsonl, csv, duckdbCSV = "duckdb-csv", pyarrow, duckdb

    struct Result: Decodable {
        var columns: [String]
        var rows: [[String?]]
        var types: [String]
        /// Parquet row groups over all files (pyarrow's metadata).
        var rowGroups: Int
        /// NULLs per column as the Parquet footer's statistics count them.
        var nullCounts: [Int]
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var python: String {
        ProcessInfo.processInfo.environment["FERRY_TEST_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".ferry-vendor/test-venv/bin/python").path
    }

    func read(_ files: [String], kinds: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let python = IndependentReader.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestRequirement.unmet("no test python at \(python) (FERRY_WITH_TEST_TOOLS=1 scripts/install-deps.sh makes it)")
        }
        let script = IndependentReader.repositoryRoot.appendingPathComponent("Shared/Export/Tests/Readers/read_export.py").path
        let kindsJSON = String(decoding: try JSONSerialization.data(withJSONObject: kinds), as: UTF8.self)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script, rawValue, kindsJSON] + files
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            XCTFail("\(rawValue) reader failed: \(String(decoding: errors, as: UTF8.self))", file: file, line: line)
            throw CocoaError(.fileReadCorruptFile)
        }
        return try JSONDecoder().decode(Result.self, from: data)
    }
}
