import FerrySQL
import XCTest

/// Store rows decode by type and throw, naming the column, instead of defaulting to 0 or "".
final class StoredRowTests: XCTestCase {
    func testDecodesWhatTheSchemaPromises() throws {
        let r = StoredRow([.int(7), .text("JOB-A"), .null, .int(1), .text("42")], columns: StoredRow.names("id, s.name, end_time, stop_requested, n"))
        XCTAssertEqual(r.columns, ["id", "name", "end_time", "stop_requested", "n"])
        XCTAssertEqual(try r.require(Int64.self, 0), 7)
        XCTAssertEqual(try r.require(String.self, 1), "JOB-A")
        XCTAssertNil(try r.optional(String.self, 2))
        XCTAssertEqual(try r.require(Bool.self, 3), true)
        XCTAssertEqual(try r.require(Int.self, 4), 42)   // SQLite may hand back a number as text
    }

    func testMismatchesThrowNamingTheColumn() {
        let r = StoredRow([.null, .text("seven"), .int(2)], columns: ["id", "read_count", "flag"])
        for (i, expected) in [(0, "column id (position 0): expected an integer, found NULL"),
                              (1, "column read_count (position 1): expected an integer, found seven")] {
            XCTAssertThrowsError(try r.require(Int64.self, i)) { e in
                XCTAssertEqual((e as? DriverError)?.message, expected)
            }
        }
        XCTAssertThrowsError(try r.require(Bool.self, 2)) { e in
            XCTAssertTrue((e as? DriverError)?.message.contains("column flag") == true, "\(e)")
        }
        XCTAssertThrowsError(try r.optional(String.self, 5))
    }
}
