import CSQLite

/// SQLite result codes onto SQLSTATEs, so `ErrorClass` treats them like every other driver's
/// (ENGINE.md §6): BUSY/LOCKED are transient, constraint and type errors are bad data.
enum SQLiteError {
    // Extended result codes are macros of the form (PRIMARY | (n<<8)), which Swift does not import.
    static let constraintCheck: Int32 = SQLITE_CONSTRAINT | (1 << 8)
    static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
    static let constraintNotNull: Int32 = SQLITE_CONSTRAINT | (5 << 8)
    static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    static let busySnapshot: Int32 = SQLITE_BUSY | (2 << 8)

    static func make(code: Int32, message: String) -> DriverError {
        DriverError(driver: "SQLite", sqlState: sqlState(code: code, message: message), message: "\(message) (\(name(code)))")
    }

    /// The SQLSTATE for a (possibly extended) result code. A bare SQLITE_CONSTRAINT — what the
    /// SQLite ODBC driver passes on as its native code — is refined by SQLite's message wording.
    static func sqlState(code: Int32, message: String) -> SQLState {
        switch code & 0xFF {
        // SCHEMA: another connection changed the schema under a statement (executors creating tables in one
        // SQLite target at once) — transient: the step retries from its checkpoint.
        case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_SCHEMA: return .serializationFailure
        case SQLITE_CONSTRAINT:
            switch code {
            case constraintUnique, constraintPrimaryKey: return .uniqueViolation
            case constraintNotNull: return .notNullViolation
            case constraintForeignKey: return .foreignKeyViolation
            case constraintCheck: return .checkViolation
            case SQLITE_CONSTRAINT:
                if message.contains("UNIQUE constraint failed") { return .uniqueViolation }
                if message.contains("NOT NULL constraint failed") { return .notNullViolation }
                if message.contains("FOREIGN KEY constraint failed") { return .foreignKeyViolation }
                if message.contains("CHECK constraint failed") { return .checkViolation }
                return .integrityConstraintViolation
            default: return .integrityConstraintViolation
            }
        case SQLITE_MISMATCH, SQLITE_TOOBIG, SQLITE_RANGE: return .dataException
        case SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL: return .ioError
        default: return .generalError
        }
    }

    /// "SQLITE_CONSTRAINT_UNIQUE, code 2067" — the symbolic name helps readers, the number greps.
    static func name(_ code: Int32) -> String {
        let names: [Int32: String] = [
            SQLITE_ERROR: "SQLITE_ERROR", SQLITE_BUSY: "SQLITE_BUSY", SQLITE_LOCKED: "SQLITE_LOCKED", SQLITE_SCHEMA: "SQLITE_SCHEMA",
            SQLITE_CONSTRAINT: "SQLITE_CONSTRAINT", constraintUnique: "SQLITE_CONSTRAINT_UNIQUE",
            constraintPrimaryKey: "SQLITE_CONSTRAINT_PRIMARYKEY", constraintNotNull: "SQLITE_CONSTRAINT_NOTNULL",
            constraintForeignKey: "SQLITE_CONSTRAINT_FOREIGNKEY", constraintCheck: "SQLITE_CONSTRAINT_CHECK",
            SQLITE_MISMATCH: "SQLITE_MISMATCH", SQLITE_TOOBIG: "SQLITE_TOOBIG", SQLITE_RANGE: "SQLITE_RANGE",
            SQLITE_CANTOPEN: "SQLITE_CANTOPEN", SQLITE_IOERR: "SQLITE_IOERR", SQLITE_FULL: "SQLITE_FULL",
            SQLITE_READONLY: "SQLITE_READONLY", SQLITE_MISUSE: "SQLITE_MISUSE", SQLITE_NOTADB: "SQLITE_NOTADB",
            SQLITE_CORRUPT: "SQLITE_CORRUPT", SQLITE_INTERRUPT: "SQLITE_INTERRUPT", SQLITE_AUTH: "SQLITE_AUTH",
            busySnapshot: "SQLITE_BUSY_SNAPSHOT",
        ]
        let symbol = names[code] ?? names[code & 0xFF].map { "\($0) extended" } ?? "SQLite"
        return "\(symbol), code \(code)"
    }
}
