import XCTest
@testable import FerrySQL

/// What the driver manager answers before any database is reached: missing drivers and DSNs,
/// unloadable libraries, and the connection-string reading behind those messages.
final class ODBCDriverManagerTests: XCTestCase {
    func testMissingDriverIsNamedWithoutSecrets() {
        XCTAssertThrowsError(try ODBCConnection(connectionString: "Driver={No Such Driver 9};Server=x;Uid=u;Pwd=s3cret-pw;")) { error in
            let e = error as? DriverError
            XCTAssertEqual(e?.driver, "ODBC")
            XCTAssertEqual(e?.sqlState, "IM002")
            XCTAssertEqual(e?.kind, .permanent)
            let m = e?.message ?? ""
            XCTAssertTrue(m.hasPrefix("ODBC driver 'No Such Driver 9' is not installed: it is not registered in odbcinst.ini (installed drivers: "), m)
            XCTAssertTrue(m.hasSuffix("[connecting: [unixODBC][Driver Manager]Can't open lib 'No Such Driver 9' : file not found]"), m)
            XCTAssertFalse(m.contains("s3cret-pw"), m)
        }
        XCTAssertThrowsError(try ODBCConnection(connectionString: "DSN=nowhere_dsn;Pwd=s3cret-pw")) { error in
            let e = error as? DriverError
            XCTAssertEqual(e?.sqlState, "IM002")
            XCTAssertTrue(e?.message.hasPrefix("ODBC data source 'nowhere_dsn' is not defined in odbc.ini") == true, e?.message ?? "")
            XCTAssertFalse(e?.message.contains("s3cret-pw") ?? true)
        }
        XCTAssertThrowsError(try ODBCConnection(connectionString: "Driver=/nonexistent/libnothing.so;Pwd=s3cret-pw")) { error in
            XCTAssertEqual((error as? DriverError)?.sqlState, "IM003")
            XCTAssertTrue((error as? DriverError)?.message.hasPrefix("ODBC driver '/nonexistent/libnothing.so' cannot be loaded") == true)
        }
    }

    func testConnectionStringParsing() {
        let cs = ODBCConnectionString("Driver={My {Odd}} Driver};Server = h ;PWD={a;b};uid=u;Password=p2")
        XCTAssertEqual(cs.driver, "My {Odd} Driver")
        XCTAssertEqual(cs.value("server"), "h")
        XCTAssertEqual(cs.value("uid"), "u")
        XCTAssertEqual(cs.secrets, ["a;b", "p2"])
        XCTAssertEqual(ODBCConnectionString("DSN=x").dsn, "x")
        XCTAssertNil(ODBCConnectionString("").driver)
    }
}
