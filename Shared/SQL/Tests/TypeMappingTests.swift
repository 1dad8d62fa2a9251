import XCTest
@testable import FerrySQL

/// The column types Ferry creates per target family. SQLite and MySQL are written as their differences from the
/// standard names; these pin every logical type so a change to the standard table cannot leak into them unseen.
final class TypeMappingTests: XCTestCase {
    private let types: [SQLType] = [
        .bool, .int16, .int32, .int64, .float32, .float64, .decimal(precision: 15, scale: 2),
        .decimal(precision: nil, scale: nil), .text(maxLength: 40), .text(maxLength: nil), .char(length: 3), .bytes,
        .date, .time, .timestamp, .timestamptz, .uuid, .json, .other("geometry"),
    ]

    private func names(_ family: SQLDialect.Family) -> [String] {
        types.map { TypeMapping.columnType($0, for: family) }
    }

    func testSQLiteNamesMapBackToTheirLogicalTypes() {
        XCTAssertEqual(names(.sqlite), [
            "BOOLEAN", "SMALLINT", "INTEGER", "BIGINT", "REAL", "DOUBLE", "DECIMAL_TEXT(15,2)", "DECIMAL_TEXT",
            "VARCHAR(40)", "TEXT", "CHAR(3)", "BLOB", "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "UUID", "JSON", "TEXT",
        ])
        // Discovery of a Ferry-made SQLite table reads the same logical types back (`other` travels as text).
        for (type, name) in zip(types, names(.sqlite)) where type != .other("geometry") {
            XCTAssertEqual(TypeMapping.logicalType(native: name), type, name)
        }
    }

    /// PostgreSQL names that contain "int" without being integers travel as text, not through SQLite's affinity rule;
    /// a bit string longer than one bit is no boolean.
    func testPostgresOnlyTypesAreNotTakenForIntegers() {
        for name in ["integer[]", "bigint[]", "character varying(20)[]", "int4range", "int8multirange", "tstzrange",
                     "interval", "interval day to second(3)", "point", "polygon", "bit(4)"] {
            XCTAssertEqual(TypeMapping.logicalType(native: name), .other(name), name)
        }
        XCTAssertEqual(TypeMapping.logicalType(native: "bit"), .bool)
        XCTAssertEqual(TypeMapping.logicalType(native: "bit(1)"), .bool)
        XCTAssertEqual(TypeMapping.logicalType(native: "MEDIUMINT UNSIGNED"), .int64, "SQLite's affinity rule still holds")
    }

    func testMySQLAndStandardNames() {
        XCTAssertEqual(names(.mysql), [
            "BOOLEAN", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL(15,2)", "DECIMAL(65,10)",
            "VARCHAR(40)", "LONGTEXT", "CHAR(3)", "LONGBLOB", "DATE", "TIME(6)", "DATETIME(6)", "DATETIME(6)",
            "CHAR(36)", "JSON", "LONGTEXT",
        ])
        XCTAssertEqual(names(.generic), [
            "BOOLEAN", "SMALLINT", "INTEGER", "BIGINT", "REAL", "DOUBLE PRECISION", "DECIMAL(15,2)", "DECIMAL(38,10)",
            "VARCHAR(40)", "VARCHAR(32000)", "CHAR(3)", "BLOB", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP", "CHAR(36)",
            "VARCHAR(32000)", "VARCHAR(32000)",
        ])
    }
}
