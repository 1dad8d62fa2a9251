import FerryExport
import Foundation
import XCTest

/// The Files datasource's directory check: tried with a probe file, never guessed from permission bits.
final class ExportDirectoryTests: ExportTestCase {
    func testWritableOrCreatableDirectoriesPass() throws {
        XCTAssertNil(ExportDirectory.problem(directory))
        XCTAssertNil(ExportDirectory.problem(directory + "/not/yet/there"))
        XCTAssertEqual(try listing(), [], "the check leaves nothing behind and creates nothing")
        try ExportDirectory.create(directory + "/not/yet/there")
        XCTAssertNil(ExportDirectory.problem(directory + "/not/yet/there"))
    }

    func testUnusablePathsAreNamed() throws {
        XCTAssertNotNil(ExportDirectory.problem("relative/dir"))
        let file = directory + "/plain-file"
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        XCTAssertEqual(ExportDirectory.problem(file), "\(file) exists and is not a directory")
        XCTAssertNotNil(ExportDirectory.problem(file + "/below"), "a file cannot hold a directory")
        // procfs refuses new files even to root: writability is tried, not read from mode bits.
        XCTAssertNotNil(ExportDirectory.problem("/proc/self"))
        XCTAssertNotNil(ExportDirectory.problem("/proc/ferry-export-test"))
    }
}
