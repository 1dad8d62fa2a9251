import FerrySQL
import FerryTime
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

    enum Mode: String, Sendable { case upsert, insert }

    func testEnumsJSONTimesAndSingleValues() throws {
        let r = StoredRow([.text("insert"), .text("merge"), .text(#"{"a":[1,2]}"#), .text("{oops"), .text("2024-12-06T10:30:00Z"),
                           .double(12.5), .null],
                          columns: ["load_mode", "other_mode", "spec_json", "bad_json", "end_time", "partial_pct", "window_json"])
        XCTAssertEqual(try r.require(Mode.self, 0), .insert)
        XCTAssertThrowsError(try r.require(Mode.self, 1)) { e in
            XCTAssertTrue((e as? DriverError)?.message.contains("column other_mode") == true, "\(e)")
        }
        XCTAssertNil(try r.optional(Mode.self, 6))
        XCTAssertEqual(try r.json([String: [Int]].self, 2), ["a": [1, 2]])
        XCTAssertThrowsError(try r.json([String: [Int]].self, 3)) { e in
            XCTAssertTrue((e as? DriverError)?.message.contains("column bad_json") == true, "\(e)")
        }
        XCTAssertNil(try r.json([String: [Int]].self, 6))
        XCTAssertEqual(try r.require(Timestamp.self, 4).iso, "2024-12-06T10:30:00.000Z")
        XCTAssertThrowsError(try r.require(Timestamp.self, 0))
        XCTAssertEqual(try r.require(Double.self, 5), 12.5)

        XCTAssertEqual(try SQLResult(columns: ["id"], rows: [[.int(9)]]).single(Int64.self), 9)
        XCTAssertThrowsError(try SQLResult(columns: ["id"], rows: []).single(Int64.self))
        XCTAssertThrowsError(try SQLResult(columns: ["id"], rows: [[.null]]).single(Int64.self))
    }
}
