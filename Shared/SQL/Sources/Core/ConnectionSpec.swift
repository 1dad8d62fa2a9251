import Foundation

/// How to reach one database, resolved from a datasource's provider and URL.
public enum ConnectionSpec: Sendable, Hashable {
    /// libpq keyword/value conninfo ("host=… port=… dbname=…").
    case postgres(conninfo: String)
    case sqlite(path: String)
    /// Full ODBC connection string (DSN=… or Driver={…};…).
    case odbc(connectionString: String)
    /// A directory receiving export files.
    case files(directory: String)

    /// Which driver (and so which native type system) a spec uses.
    public enum Driver: String, Sendable, Hashable {
        case postgres = "PostgreSQL", sqlite = "SQLite", odbc = "ODBC", files = "Files"
    }

    public var driver: Driver {
        switch self {
        case .postgres: return .postgres
        case .sqlite: return .sqlite
        case .odbc: return .odbc
        case .files: return .files
        }
    }

    public var driverName: String { driver.rawValue }

    /// Both sides speak one native type system (PG↔PG, SQLite↔SQLite): a created target keeps the source's
    /// column types verbatim. ODBC is not one engine (any DBMS behind it), so it never qualifies.
    public func sharesNativeTypes(with other: ConnectionSpec) -> Bool {
        driver == other.driver && (driver == .postgres || driver == .sqlite)
    }
}

/// Translates what users type (JDBC URLs from the seed, libpq URLs, file paths, ODBC strings)
/// into a `ConnectionSpec`. Errors name what is wrong and never echo the password.
public enum ConnectionURL {
    public enum Problem: Error, Sendable, CustomStringConvertible {
        case invalid(String)
        case missingDriver(DriverError)
        public var description: String {
            switch self {
            case .invalid(let m): return m
            case .missingDriver(let e): return e.message
            }
        }
    }

    /// Providers Ferry speaks natively; anything else goes through ODBC when its driver is installed.
    public static let nativeProviders = ["PostgreSQL", "SQLite", "ODBC", "Files"]

    /// Canonical provider name for what a user wrote ("postgres", "POSTGRESQL" → "PostgreSQL").
    public static func canonicalProvider(_ p: String) -> String {
        switch p.trimmingCharacters(in: .whitespaces).lowercased() {
        case "postgresql", "postgres", "pg", "pgsql": return "PostgreSQL"
        case "sqlite", "sqlite3": return "SQLite"
        case "odbc": return "ODBC"
        case "files", "file": return "Files"
        case "oracle": return "Oracle"
        case "sqlserver", "mssql", "sql server": return "SQLServer"
        case "mysql": return "MySQL"
        case "mariadb": return "MariaDB"
        case "db2": return "DB2"
        default: return p.trimmingCharacters(in: .whitespaces)
        }
    }

    public static func resolve(provider rawProvider: String, url rawURL: String, user: String?, password: String?,
                               odbcDrivers: [String] = ODBCDriverList.installed()) throws -> ConnectionSpec {
        let provider = canonicalProvider(rawProvider)
        let url = rawURL.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !url.isEmpty else { throw Problem.invalid("jdbcConnectionUrl is empty") }
        guard !url.contains("\0") else { throw Problem.invalid("jdbcConnectionUrl contains a NUL character") }
        switch provider {
        case "PostgreSQL": return .postgres(conninfo: try postgresConninfo(url, user: user, password: password))
        case "SQLite": return .sqlite(path: try sqlitePath(url))
        case "Files": return .files(directory: try filesDirectory(url))
        case "ODBC": return .odbc(connectionString: try odbcString(url, user: user, password: password))
        default:
            // A JDBC-only engine: usable only through its ODBC driver.
            guard let driver = odbcDrivers.first(where: { $0.localizedCaseInsensitiveContains(provider) }) else {
                throw Problem.missingDriver(.missingDriver(
                    provider: provider,
                    hint: "install the \(provider) ODBC driver and register it in odbcinst.ini (installed ODBC drivers: \(odbcDrivers.isEmpty ? "none" : odbcDrivers.joined(separator: ", ")))"))
            }
            if url.lowercased().hasPrefix("jdbc:odbc:") || url.contains("=") {
                return .odbc(connectionString: try odbcString(url, user: user, password: password))
            }
            // jdbc:<engine>:…//host:port/db → a generic ODBC string for that driver.
            let hostPart = url.components(separatedBy: "//").dropFirst().first ?? url
            var s = "Driver={\(driver)};Server=\(odbcEscape(hostPart))"
            if let user, !user.isEmpty { s += ";Uid=\(odbcEscape(user))" }
            if let password, !password.isEmpty { s += ";Pwd=\(odbcEscape(password))" }
            return .odbc(connectionString: s)
        }
    }

    // MARK: PostgreSQL

    /// jdbc:postgresql://host:port/db?params, postgresql://user:pw@host:port/db, or a conninfo string.
    static func postgresConninfo(_ url: String, user: String?, password: String?) throws -> String {
        var pairs: [(String, String)] = []
        var u = url
        if u.lowercased().hasPrefix("jdbc:") { u = String(u.dropFirst(5)) }
        let lower = u.lowercased()
        if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") {
            let rest = String(u[u.range(of: "://")!.upperBound...])
            let (authority, pathAndQuery) = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                .map(String.init).pair
            var hostPort = authority
            if let at = authority.lastIndex(of: "@") {
                let cred = String(authority[..<at])
                hostPort = String(authority[authority.index(after: at)...])
                let cp = cred.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                if let name = cp.first?.removingPercentEncoding, !name.isEmpty { pairs.append(("user", name)) }
                if cp.count == 2, let pw = cp[1].removingPercentEncoding { pairs.append(("password", pw)) }
            }
            if !hostPort.isEmpty {
                var host = hostPort, port: String?
                if hostPort.hasPrefix("[") , let close = hostPort.firstIndex(of: "]") {
                    host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
                    let after = hostPort[hostPort.index(after: close)...]
                    if after.hasPrefix(":") { port = String(after.dropFirst()) }
                } else if let colon = hostPort.lastIndex(of: ":") {
                    host = String(hostPort[..<colon]); port = String(hostPort[hostPort.index(after: colon)...])
                }
                if !host.isEmpty { pairs.append(("host", host)) }
                if let port {
                    guard let p = Int(port), (1...65535).contains(p) else {
                        throw Problem.invalid("jdbcConnectionUrl has an invalid port '\(port)'")
                    }
                    pairs.append(("port", String(p)))
                }
            }
            let pq = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if let db = pq.first?.removingPercentEncoding, !db.isEmpty { pairs.append(("dbname", db)) }
            if pq.count == 2 {
                for item in pq[1].split(separator: "&") {
                    let kv = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                    guard kv.count == 2 else { continue }
                    // JDBC spellings onto libpq's
                    let key = ["ssl": "sslmode", "currentSchema": "options", "connectTimeout": "connect_timeout"][kv[0]] ?? kv[0]
                    guard libpqKeywords.contains(key) else { continue }
                    var value = kv[1]
                    if kv[0] == "ssl" { value = value == "true" ? "require" : "disable" }
                    if kv[0] == "currentSchema" { value = "-c search_path=\(value)" }
                    pairs.append((key, value))
                }
            }
        } else if u.contains("=") {
            // Already a conninfo string: pass it through, adding user/password below when absent.
            var s = u
            if let user, !user.isEmpty, !u.contains("user=") { s += " user=\(conninfoQuote(user))" }
            if let password, !password.isEmpty, !u.contains("password=") { s += " password=\(conninfoQuote(password))" }
            return s
        } else {
            throw Problem.invalid("jdbcConnectionUrl for PostgreSQL must look like jdbc:postgresql://host:port/database")
        }
        if let user, !user.isEmpty, !pairs.contains(where: { $0.0 == "user" }) { pairs.append(("user", user)) }
        if let password, !password.isEmpty { pairs.removeAll { $0.0 == "password" }; pairs.append(("password", password)) }
        if !pairs.contains(where: { $0.0 == "connect_timeout" }) { pairs.append(("connect_timeout", "10")) }
        if !pairs.contains(where: { $0.0 == "application_name" }) { pairs.append(("application_name", "ferry")) }
        return pairs.map { "\($0.0)=\(conninfoQuote($0.1))" }.joined(separator: " ")
    }

    static let libpqKeywords: Set<String> = [
        "host", "hostaddr", "port", "dbname", "user", "password", "connect_timeout", "options", "sslmode",
        "application_name", "target_session_attrs", "keepalives", "sslrootcert", "sslcert", "sslkey",
    ]

    static func conninfoQuote(_ v: String) -> String {
        "'" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    // MARK: SQLite and files

    static func sqlitePath(_ url: String) throws -> String {
        var p = url
        for prefix in ["jdbc:sqlite:", "sqlite://", "sqlite:", "file:"] where p.lowercased().hasPrefix(prefix) {
            p = String(p.dropFirst(prefix.count)); break
        }
        if let q = p.firstIndex(of: "?") { p = String(p[..<q]) }
        guard !p.isEmpty else { throw Problem.invalid("jdbcConnectionUrl for SQLite must name a file: jdbc:sqlite:/path/file.db") }
        guard p != ":memory:" else { return p }
        return p
    }

    static func filesDirectory(_ url: String) throws -> String {
        var p = url
        for prefix in ["file://", "files:", "file:", "dir:"] where p.lowercased().hasPrefix(prefix) {
            p = String(p.dropFirst(prefix.count)); break
        }
        // An export directory is named absolutely: a relative one would depend on each service's working directory.
        guard p.hasPrefix("/"), !p.utf8.contains(0) else {
            throw Problem.invalid("jdbcConnectionUrl for Files must be an absolute directory path, e.g. file:/var/exports/crm")
        }
        return p
    }

    // MARK: ODBC

    /// jdbc:odbc:DSN, jdbc:odbc:Driver={…};…, DSN=…, Driver={…};…
    static func odbcString(_ url: String, user: String?, password: String?) throws -> String {
        var s = url
        if s.lowercased().hasPrefix("jdbc:odbc:") { s = String(s.dropFirst(10)) }
        if s.lowercased().hasPrefix("odbc:") { s = String(s.dropFirst(5)) }
        guard !s.isEmpty else { throw Problem.invalid("jdbcConnectionUrl for ODBC must be a DSN name or an ODBC connection string") }
        if !s.contains("=") { s = "DSN=\(s)" }
        let lower = s.lowercased()
        if let user, !user.isEmpty, !lower.contains("uid="), !lower.contains("username=") { s += (s.hasSuffix(";") ? "" : ";") + "UID=\(odbcEscape(user))" }
        if let password, !password.isEmpty, !lower.contains("pwd="), !lower.contains("password=") { s += (s.hasSuffix(";") ? "" : ";") + "PWD=\(odbcEscape(password))" }
        return s
    }

    /// Braces a value that contains ';' or braces, per the ODBC connection string grammar.
    static func odbcEscape(_ v: String) -> String {
        guard v.contains(where: { ";{}=".contains($0) }) else { return v }
        return "{" + v.replacingOccurrences(of: "}", with: "}}") + "}"
    }
}

/// The ODBC drivers registered with unixODBC (section names of odbcinst.ini).
public enum ODBCDriverList {
    public static func installed() -> [String] {
        var files = ["/etc/odbcinst.ini"]
        if let sys = ProcessInfo.processInfo.environment["ODBCSYSINI"] { files.insert(sys + "/odbcinst.ini", at: 0) }
        if let f = ProcessInfo.processInfo.environment["ODBCINSTINI"] { files.insert(f, at: 0) }
        for f in files {
            guard let text = try? String(contentsOfFile: f, encoding: .utf8) else { continue }
            return text.split(separator: "\n").compactMap { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("["), t.hasSuffix("]"), t != "[ODBC]" else { return nil }
                return String(t.dropFirst().dropLast())
            }
        }
        return []
    }
}

private extension Array where Element == String {
    var pair: (String, String) { (first ?? "", count > 1 ? self[1] : "") }
}
