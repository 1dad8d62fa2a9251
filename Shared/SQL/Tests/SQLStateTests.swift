import FerrySQL
import XCTest

/// The typed SQLSTATE and the one classification every driver's errors go through.
final class SQLStateTests: XCTestCase {
    func testClassification() {
        let cases: [(SQLState?, DriverError.Kind)] = [
            (.connectionFailure, .transient), (.sqlclientUnableToEstablishConnection, .transient),
            (.serializationFailure, .transient), (.deadlockDetected, .transient), (.lockNotAvailable, .transient),
            (.timeoutExpired, .transient), (.connectionTimeoutExpired, .transient), ("53300", .transient),
            (.queryCanceled, .permanent), (.generalError, .permanent), (.undefinedTable, .permanent),
            (.invalidAuthorizationSpecification, .permanent), ("55000", .permanent),
            (.uniqueViolation, .badData), (.notNullViolation, .badData), (.invalidTextRepresentation, .badData),
            (.numericValueOutOfRange, .badData), (nil, .permanent), ("2350", .permanent),
        ]
        for (state, kind) in cases {
            XCTAssertEqual(ErrorClass.classify(sqlState: state), kind, "\(state?.rawValue ?? "nil")")
        }
    }

    func testTextAndCodable() throws {
        XCTAssertEqual(SQLState.uniqueViolation, "23505")
        XCTAssertEqual(SQLState("40P01"), .deadlockDetected)
        XCTAssertEqual(SQLState.invalidCatalogName.classCode, "3D")
        XCTAssertEqual(DriverError(driver: "PostgreSQL", sqlState: .undefinedTable, message: "no t").description,
                       "PostgreSQL error 42P01: no t")
        let json = try JSONEncoder().encode([SQLState.checkViolation])
        XCTAssertEqual(String(decoding: json, as: UTF8.self), #"["23514"]"#)
        XCTAssertEqual(try JSONDecoder().decode([SQLState].self, from: json), [.checkViolation])
    }
}
