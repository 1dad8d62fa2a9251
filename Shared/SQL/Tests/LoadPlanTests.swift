import FerrySQL
import XCTest

/// A load plan says whether it upserts; writers that build their own SQL (PostgreSQL COPY + merge) read that.
final class LoadPlanTests: XCTestCase {
    let source = TableInfo(ref: TableRef(schema: "public", name: "customers"),
                           columns: [ColumnInfo(name: "id", nativeType: "bigint", type: .int64, nullable: false),
                                     ColumnInfo(name: "name", nativeType: "text", type: .text(maxLength: nil), nullable: true)],
                           primaryKey: ["id"])

    func plan(_ dialect: SQLDialect, insertOnly: Bool, loadQuery: String? = nil) throws -> LoadPlan {
        try LoadPlanner.plan(source: source, sourceDialect: .postgresql, target: TableRef(name: "customers"),
                             targetDialect: dialect, renames: [], insertOnly: insertOnly,
                             extractionQuery: nil, loadQuery: loadQuery)
    }

    func testUpsertIsSaidNotSearchedFor() throws {
        for d in [SQLDialect.postgresql, .sqlite, .forDBMS("Microsoft SQL Server")] {
            let upsert = try plan(d, insertOnly: false)
            XCTAssertTrue(upsert.upserts, "\(d.family)")
            let insert = try plan(d, insertOnly: true)
            XCTAssertFalse(insert.upserts, "\(d.family)")
            XCTAssertTrue(insert.loadSQL.hasPrefix("INSERT INTO"), insert.loadSQL)
            XCTAssertNil(insert.updateSQL)
        }
        // Custom load SQL is run as given, even when it happens to contain ON CONFLICT.
        let custom = try plan(.postgresql, insertOnly: false,
                              loadQuery: "INSERT INTO customers (id, name) VALUES (:id, :name) ON CONFLICT (id) DO NOTHING")
        XCTAssertFalse(custom.upserts)
        XCTAssertTrue(custom.custom)
    }
}
