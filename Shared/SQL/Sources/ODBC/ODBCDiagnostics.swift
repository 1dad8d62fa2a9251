import CODBC
import Foundation

/// Turns ODBC diagnostic records into a `DriverError`: the first record's SQLSTATE (classified by
/// `ErrorClass`), all records' messages. Messages come from the driver manager and driver; Ferry
/// never adds the connection string, and `redact` masks any secret a driver might echo.
enum ODBCDiagnostics {
    struct Record {
        var state: String
        var native: Int32
        var message: String
    }

    static func records(_ type: Int32, _ handle: SQLHANDLE?) -> [Record] {
        guard let handle else { return [] }
        var out: [Record] = []
        for n in 1...8 {
            var state = [SQLCHAR](repeating: 0, count: 6)
            var native: SQLINTEGER = 0
            var message = [SQLCHAR](repeating: 0, count: 2048)
            var length: SQLSMALLINT = 0
            let rc = SQLGetDiagRec(SQLSMALLINT(type), handle, SQLSMALLINT(n), &state, &native, &message, SQLSMALLINT(message.count), &length)
            guard ODBCReturn.ok(rc) else { break }
            out.append(Record(state: String(decoding: state.prefix(while: { $0 != 0 }), as: UTF8.self),
                              native: native,
                              message: String(decoding: message.prefix(while: { $0 != 0 }), as: UTF8.self)
                                  .trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return out
    }

    /// `family`: the DBMS behind the driver. libsqliteodbc reports every SQLite error as HY000 with
    /// the SQLite result code as native error; that code is mapped like the native SQLite driver's.
    static func error(_ type: Int32, _ handle: SQLHANDLE?, context: String, redact secrets: [String] = [],
                      family: SQLDialect.Family = .generic) -> DriverError {
        let recs = records(type, handle)
        // The first record that is an error (not a 01xxx warning) carries the SQLSTATE to act on.
        let primary = recs.first { !$0.state.hasPrefix("01") } ?? recs.first
        var message = recs.isEmpty ? "no diagnostic information" : recs.map(\.message).joined(separator: "; ")
        for secret in secrets where !secret.isEmpty { message = message.replacingOccurrences(of: secret, with: "***") }
        var state = primary.map { SQLState($0.state) }
        if family == .sqlite, state == .generalError, let p = primary, p.native > 0 {
            state = SQLiteError.sqlState(code: p.native, message: p.message)
        }
        return DriverError(driver: "ODBC", sqlState: state, message: "\(context): \(message)")
    }
}
