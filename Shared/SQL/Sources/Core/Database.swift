/// Opens a connection for a spec. Blocking: call it on a session's thread (`DatabaseSession.open`).
public enum Database {
    public static func connect(_ spec: ConnectionSpec) throws -> any SQLConnection {
        switch spec {
        case .postgres(let conninfo): return try PostgresConnection(conninfo: conninfo)
        case .sqlite(let path): return try SQLiteConnection(path: path)
        case .odbc(let cs): return try ODBCConnection(connectionString: cs)
        case .files(let dir):
            throw DriverError.usage("Files", "'\(dir)' is an export directory, not a database: it can only be a bundle's target")
        }
    }
}
