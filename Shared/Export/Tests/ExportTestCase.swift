import FerryExport
import FerrySQL
import Foundation
import XCTest

/// A fresh directory per test, and the one call every format test makes.
class ExportTestCase: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Writes `batches` as one table's export and returns the complete files.
    func export(_ batches: [RowBatch], columns: [ColumnInfo], options: ExportOptions, prefix: String = "HD-PDE_106_0_ALL_TYPES") throws -> [ExportedFile] {
        let writer = try TableExportWriter(directory: directory, prefix: prefix, columns: columns, options: options)
        var files: [ExportedFile] = []
        for b in batches { files += try writer.write(b).map(\.file) }
        files += try writer.finish().map(\.file)
        return files
    }

    func paths(_ files: [ExportedFile]) -> [String] { files.map { directory + "/" + $0.fileName } }

    /// Names in the directory (temporaries included), sorted.
    func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory).sorted() }

    func bytes(_ file: ExportedFile) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file.fileName))) }

    /// The SHA-256 of a file as coreutils' `sha256sum` computes it (not Ferry's hashing).
    func sha256sum(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return String(text.prefix(64))
    }
}
