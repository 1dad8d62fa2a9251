import Foundation
import CLibPQ

/// Builds DriverErrors from libpq: the SQLSTATE and primary message (+ detail) of an error result,
/// or libpq's connection message. A dropped connection is reported as 08006 (transient) whatever
/// the server said last.
enum PostgresError {
    static let driver = "PostgreSQL"

    static func from(result: OpaquePointer?, connection conn: OpaquePointer?) -> DriverError {
        var state: SQLState?
        var message = ""
        if let res = result {
            state = field(res, "C").map(SQLState.init(rawValue:))
            if let primary = field(res, "M") {
                message = primary
                if let detail = field(res, "D") { message += " (\(detail))" }
            } else {
                message = trimmed(PQresultErrorMessage(res))
            }
        }
        if message.isEmpty, let conn { message = trimmed(PQerrorMessage(conn)) }
        if message.isEmpty { message = "unknown libpq error" }
        if let conn, PQstatus(conn) != CONNECTION_OK {
            return DriverError(driver: driver, sqlState: .connectionFailure, message: message, kind: .transient)
        }
        return DriverError(driver: driver, sqlState: state, message: message)
    }

    /// Connection failure. libpq's message names host/port/user but never the password; the
    /// conninfo itself is never added. Authentication and missing-database failures are permanent
    /// (retrying cannot fix them); everything else (refused, timeout, server starting) is transient.
    static func connect(message: String) -> DriverError {
        let lower = message.lowercased()
        if lower.contains("password authentication failed") || lower.contains("no pg_hba.conf entry")
            || lower.contains("authentication failed") {
            return DriverError(driver: driver, sqlState: .invalidAuthorizationSpecification, message: message, kind: .permanent)
        }
        if lower.contains("database \""), lower.contains("does not exist") {
            return DriverError(driver: driver, sqlState: .invalidCatalogName, message: message, kind: .permanent)
        }
        return DriverError(driver: driver, sqlState: .sqlclientUnableToEstablishConnection, message: message, kind: .transient)
    }

    static func usage(_ message: String) -> DriverError { DriverError.usage(driver, message) }

    /// PG_DIAG_* codes are char-literal macros, which Swift does not import: 'C' SQLSTATE,
    /// 'M' primary message, 'D' detail.
    static func field(_ res: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        guard let p = PQresultErrorField(res, Int32(code.value)) else { return nil }
        let s = String(cString: p)
        return s.isEmpty ? nil : s
    }

    static func trimmed(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
