import FerryModels
import Foundation

/// A connection URL as typed on the command line, turned into what the catalog stores (RF01): the provider,
/// a JDBC-style URL without credentials, and the user and password apart (the catalog encrypts the password).
///
/// Accepted: `postgresql://user:pass@host:port/db` (or `postgres://`, or the `jdbc:postgresql://` form),
/// `sqlite:/path/file.db` (or `jdbc:sqlite:…`, or a plain path ending in `.db`, `.sqlite`, `.sqlite3`),
/// `odbc:<connection string or DSN>` (or `jdbc:odbc:…`), and `file:/dir` for exports.
struct DatasourceURL: Equatable, Sendable {
    var provider: String
    var jdbcURL: String
    var user: String?
    var password: String?
    /// A readable datasource name for `ferry copy` ("pg-localhost-5432-shop", "sqlite-target.db").
    var suggestedName: String

    static let forms = "postgresql://user:pass@host:port/db, sqlite:/path/file.db (or a path ending in .db), odbc:<connection string>, file:/dir"

    static func parse(_ raw: String, workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> DatasourceURL {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") || lower.hasPrefix("jdbc:postgresql://") {
            return try postgres(text)
        }
        if lower.hasPrefix("jdbc:sqlite:") || lower.hasPrefix("sqlite:") {
            var path = String(text[text.index(after: text.firstIndex(of: ":")!)...])
            if path.lowercased().hasPrefix("sqlite:") { path = String(path.dropFirst(7)) }
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            return try sqlite(path, raw: raw, workingDirectory: workingDirectory)
        }
        if lower.hasPrefix("jdbc:odbc:") || lower.hasPrefix("odbc:") {
            let conn = String(text.dropFirst(lower.hasPrefix("jdbc:") ? 10 : 5))
            guard !conn.isEmpty else { throw CLIError("bad connection URL '\(raw)': odbc: needs a DSN or a connection string") }
            let label = conn.split(separator: ";").first.map(String.init) ?? conn
            return DatasourceURL(provider: "ODBC", jdbcURL: "jdbc:odbc:" + conn, user: nil, password: nil,
                                 suggestedName: "odbc-" + sanitized(label))
        }
        if [".db", ".sqlite", ".sqlite3"].contains(where: { lower.hasSuffix($0) }) && !lower.contains("://") {
            return try sqlite(text, raw: raw, workingDirectory: workingDirectory)
        }
        if lower.hasPrefix("file:") {
            var path = String(text.dropFirst(5))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw CLIError("bad connection URL '\(raw)': file: needs a directory") }
            let absolute = absolutePath(path, workingDirectory)
            return DatasourceURL(provider: "Files", jdbcURL: "file:" + absolute, user: nil, password: nil,
                                 suggestedName: "files-" + sanitized((absolute as NSString).lastPathComponent))
        }
        throw CLIError("unrecognised connection URL '\(masked(raw))': use \(forms)")
    }

    private static func postgres(_ text: String) throws -> DatasourceURL {
        let stripped = text.lowercased().hasPrefix("jdbc:") ? String(text.dropFirst(5)) : text
        guard let parts = URLComponents(string: stripped), let host = parts.host, !host.isEmpty else {
            throw CLIError("bad PostgreSQL URL '\(masked(text))': expected postgresql://user:pass@host:port/database")
        }
        if let port = parts.port, !(1...65535).contains(port) {
            throw CLIError("bad PostgreSQL URL '\(masked(text))': port \(port) is out of range")
        }
        let db = String(parts.path.drop(while: { $0 == "/" }))
        guard !db.isEmpty else {
            throw CLIError("bad PostgreSQL URL '\(masked(text))': name the database, as in postgresql://user@host:5432/database")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var jdbc = "jdbc:postgresql://\(hostPart)\(parts.port.map { ":\($0)" } ?? "")/\(parts.percentEncodedPath.drop(while: { $0 == "/" }))"
        if let query = parts.percentEncodedQuery, !query.isEmpty { jdbc += "?" + query }
        return DatasourceURL(provider: "PostgreSQL", jdbcURL: jdbc, user: parts.user, password: parts.password,
                             suggestedName: "pg-\(sanitized(host))-\(parts.port ?? 5432)-\(sanitized(db))")
    }

    private static func sqlite(_ path: String, raw: String, workingDirectory: String) throws -> DatasourceURL {
        guard !path.isEmpty else { throw CLIError("bad connection URL '\(raw)': sqlite: needs a file path") }
        // The services resolve paths from their own directory: send an absolute one.
        let absolute = absolutePath(path, workingDirectory)
        return DatasourceURL(provider: "SQLite", jdbcURL: "jdbc:sqlite:" + absolute, user: nil, password: nil,
                             suggestedName: "sqlite-" + sanitized((absolute as NSString).lastPathComponent))
    }

    private static func absolutePath(_ path: String, _ workingDirectory: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : workingDirectory + "/" + expanded
        return (joined as NSString).standardizingPath
    }

    /// Letters, digits, '.', '-', '_' kept; anything else becomes '_'.
    static func sanitized(_ s: String) -> String {
        String(s.prefix(60).map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
    }

    /// The URL with any password replaced by `***` (errors never echo it).
    static func masked(_ raw: String) -> String {
        guard let scheme = raw.range(of: "://"), let at = raw[scheme.upperBound...].lastIndex(of: "@") else { return raw }
        let credentials = raw[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return raw }
        return String(raw[..<raw.index(after: colon)]) + "***" + String(raw[at...])
    }

    /// The RF01 body for this URL under `name`.
    func request(name: String, schema: String?) -> DatasourceRequest {
        DatasourceRequest(databaseName: name, databaseProvider: provider, userName: user, password: password,
                          jdbcConnectionUrl: jdbcURL, databaseSchema: schema)
    }

    /// Whether a stored datasource points at the same place as this URL (same provider, URL and user).
    func matches(_ d: DatasourceView) -> Bool {
        d.databaseProvider.caseInsensitiveCompare(provider) == .orderedSame && d.jdbcConnectionUrl == jdbcURL
            && (d.userName ?? "") == (user ?? "")
    }
}
