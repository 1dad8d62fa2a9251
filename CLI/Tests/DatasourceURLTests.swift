@testable import FerryCLI
import XCTest

/// What the command line accepts as connection URLs, and what the catalog is sent for each.
final class DatasourceURLTests: XCTestCase {
    func testPostgresURLSendsCredentialsApartFromTheURL() throws {
        let u = try DatasourceURL.parse("postgresql://app:s%40cret@db.local:5433/shop?sslmode=disable")
        XCTAssertEqual(u.provider, "PostgreSQL")
        XCTAssertEqual(u.jdbcURL, "jdbc:postgresql://db.local:5433/shop?sslmode=disable")
        XCTAssertEqual(u.user, "app")
        XCTAssertEqual(u.password, "s@cret")
        XCTAssertEqual(u.suggestedName, "pg-db.local-5433-shop")
        XCTAssertFalse(u.jdbcURL.contains("cret"))
    }

    func testJDBCFormsAreAccepted() throws {
        XCTAssertEqual(try DatasourceURL.parse("jdbc:postgresql://localhost/db").jdbcURL, "jdbc:postgresql://localhost/db")
        XCTAssertEqual(try DatasourceURL.parse("jdbc:sqlite:/tmp/a.db").jdbcURL, "jdbc:sqlite:/tmp/a.db")
        XCTAssertEqual(try DatasourceURL.parse("odbc:Driver={SQLite3};Database=/tmp/a.db").jdbcURL, "jdbc:odbc:Driver={SQLite3};Database=/tmp/a.db")
        XCTAssertEqual(try DatasourceURL.parse("file:/tmp/out").provider, "Files")
    }

    func testSQLitePathsBecomeAbsolute() throws {
        XCTAssertEqual(try DatasourceURL.parse("data/shop.db", workingDirectory: "/home/u").jdbcURL, "jdbc:sqlite:/home/u/data/shop.db")
        XCTAssertEqual(try DatasourceURL.parse("sqlite:../x.sqlite", workingDirectory: "/home/u/w").jdbcURL, "jdbc:sqlite:/home/u/x.sqlite")
        XCTAssertEqual(try DatasourceURL.parse("sqlite:///var/a.db").jdbcURL, "jdbc:sqlite:/var/a.db")
        XCTAssertEqual(try DatasourceURL.parse("/var/a.db").suggestedName, "sqlite-a.db")
    }

    func testBadURLsAreRefusedWithoutEchoingThePassword() {
        for bad in ["mysql://root:topsecret@h/db", "postgresql://u:topsecret@/db", "postgresql://u:topsecret@h:5432/", "shop", "odbc:"] {
            XCTAssertThrowsError(try DatasourceURL.parse(bad), bad) { error in
                let message = (error as? CLIError)?.message ?? ""
                XCTAssertFalse(message.isEmpty, bad)
                XCTAssertFalse(message.contains("topsecret"), message)
            }
        }
    }

    func testGatewayURLAndKeyResolution() throws {
        let options = try APIOptions.parse([])
        XCTAssertEqual(try options.gatewayURL(environment: [:]), "http://127.0.0.1:8080")
        XCTAssertEqual(try options.gatewayURL(environment: ["FERRY_URL": "http://h:9/"]), "http://h:9")
        XCTAssertThrowsError(try APIOptions.parse(["--url", "localhost:8080"]).gatewayURL(environment: [:]))
        XCTAssertThrowsError(try APIOptions.parse(["--url", "http://h:1/v1"]).gatewayURL(environment: [:]))

        let dir = NSTemporaryDirectory() + "ferry-cli-key-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "k-from-file\n".write(toFile: dir + "/api-key", atomically: true, encoding: .utf8)
        XCTAssertEqual(try options.key(environment: ["FERRY_DATA_DIR": dir]).key, "k-from-file")
        XCTAssertEqual(try options.key(environment: ["FERRY_DATA_DIR": dir, "FERRY_API_KEY": "k-env"]).key, "k-env")
        XCTAssertEqual(try APIOptions.parse(["--api-key", "k-flag"]).key(environment: ["FERRY_API_KEY": "k-env"]).key, "k-flag")
        XCTAssertThrowsError(try options.key(environment: ["FERRY_DATA_DIR": dir + "/none"]))
    }

    func testNumbersRatesAndDurationsReadWell() {
        XCTAssertEqual(Format.count(1_234_567), "1,234,567")
        XCTAssertEqual(Format.count(999), "999")
        XCTAssertEqual(Format.eta(125), "2m05s")
        XCTAssertEqual(Format.duration(millis: 420), "0.4 s")
        XCTAssertEqual(ProgressLine.meter(50, width: 10), "[#####.....]")
        var t = TextTable([("A", .left), ("N", .right)])
        t.add(["x", "1"]); t.add(["long", "1,000"])
        XCTAssertEqual(t.render(), "A         N\nx         1\nlong  1,000")
    }
}
