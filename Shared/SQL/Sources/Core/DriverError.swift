import FerryModels

/// Every database error Ferry sees, from any driver: the SQLSTATE (or the driver's code mapped onto
/// one), the message, and the class the engine acts on (ENGINE.md §6).
public struct DriverError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// Connection lost, serialization failure, deadlock, server starting/stopping, out of resources: retry.
        case transient
        /// Data exception or integrity violation caused by one row: isolate and skip it.
        case badData
        /// Syntax, undefined object, authentication, anything unknown: fail.
        case permanent
    }

    public var driver: String
    public var sqlState: SQLState?
    public var message: String
    public var kind: Kind
    /// The statement that failed, shortened to `statementLimit` characters (never its bound values);
    /// nil when the error did not come from a statement (connecting, usage).
    public var statement: String?

    public init(driver: String, sqlState: SQLState?, message: String, kind: Kind? = nil) {
        self.driver = driver
        self.sqlState = sqlState
        self.message = message
        self.kind = kind ?? ErrorClass.classify(sqlState: sqlState)
    }

    public var description: String {
        "\(driver) error" + (sqlState.map { " \($0)" } ?? "") + ": " + message
    }

    /// SQLSTATE class 08: the connection is gone (the server restarted, failed over, or ended the session).
    public var isConnectionLost: Bool { sqlState?.rawValue.hasPrefix("08") ?? false }

    /// For a failure's details (next to `description` in the exit message): SQLSTATE, class and statement;
    /// nil when the error has neither SQLSTATE nor statement.
    public var details: String? {
        let parts = [sqlState.map { "SQLSTATE \($0) (\(kind.rawValue))" }, statement.map { "statement: \($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    static let statementLimit = 300

    /// Runs `body`; a DriverError it throws leaves with `sql` as its statement (unless it already names one).
    public static func attributed<T>(to sql: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var e as DriverError {
            if e.statement == nil {
                e.statement = sql.count > statementLimit ? String(sql.prefix(statementLimit)) + "…" : sql
            }
            throw e
        }
    }

    /// A provider Ferry knows by name but has no driver for here (e.g. Oracle without its ODBC driver).
    public static func missingDriver(provider: String, hint: String) -> DriverError {
        DriverError(driver: provider, sqlState: .missingDriver,
                    message: "no driver installed for provider '\(provider)': \(hint)", kind: .permanent)
    }

    public static func usage(_ driver: String, _ message: String) -> DriverError {
        DriverError(driver: driver, sqlState: nil, message: message, kind: .permanent)
    }
}

/// A transient database error (connection lost, serialization failure, deadlock, server starting) is answered 503.
extension DriverError: RetryableError {
    public var isRetryable: Bool { kind == .transient }
}

/// SQLSTATE classification in one place (PostgreSQL, ODBC and the SQLite mapping all land here).
public enum ErrorClass {
    public static func classify(sqlState: SQLState?) -> DriverError.Kind {
        guard let s = sqlState, s.rawValue.count == 5 else { return .permanent }
        switch s.classCode {
        case "08", "53", "57": // connection, resources, operator intervention (shutdown, starting)
            return s == .queryCanceled ? .permanent : .transient
        case "40": return .transient                         // serialization failure, deadlock
        case "55": return s == .lockNotAvailable ? .transient : .permanent
        case "HY": return s == .timeoutExpired || s == .connectionTimeoutExpired ? .transient : .permanent
        case "22", "23": return .badData
        default: return .permanent
        }
    }
}
