/// A five-character SQLSTATE, typed (modelled on postgres-nio's `PostgresError.Code`): a struct rather
/// than an enum because drivers report codes Ferry has no name for, with static members for the codes
/// the drivers produce and the engine classifies. Compares to and is written as its text ("23505").
public struct SQLState: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The class: the first two characters ("23" integrity constraint violation).
    public var classCode: Substring { rawValue.prefix(2) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    // Class 0A — feature not supported
    public static let featureNotSupported: SQLState = "0A000"
    // Class 08 — connection exception
    public static let sqlclientUnableToEstablishConnection: SQLState = "08001"
    public static let connectionFailure: SQLState = "08006"
    public static let protocolViolation: SQLState = "08P01"
    // Class 22 — data exception
    public static let dataException: SQLState = "22000"
    public static let numericValueOutOfRange: SQLState = "22003"
    public static let datetimeFieldOverflow: SQLState = "22008"
    public static let divisionByZero: SQLState = "22012"
    public static let characterNotInRepertoire: SQLState = "22021"
    public static let invalidTextRepresentation: SQLState = "22P02"
    public static let invalidBinaryRepresentation: SQLState = "22P03"
    // Class 23 — integrity constraint violation
    public static let integrityConstraintViolation: SQLState = "23000"
    public static let notNullViolation: SQLState = "23502"
    public static let foreignKeyViolation: SQLState = "23503"
    public static let uniqueViolation: SQLState = "23505"
    public static let checkViolation: SQLState = "23514"
    // Class 28 — invalid authorization specification
    public static let invalidAuthorizationSpecification: SQLState = "28000"
    // Class 3D — invalid catalog name (no such database)
    public static let invalidCatalogName: SQLState = "3D000"
    // Class 40 — transaction rollback
    public static let serializationFailure: SQLState = "40001"
    public static let deadlockDetected: SQLState = "40P01"
    // Class 42 — syntax error or access rule violation
    public static let syntaxError: SQLState = "42601"
    public static let undefinedTable: SQLState = "42P01"
    // Class 55 — object not in prerequisite state
    public static let lockNotAvailable: SQLState = "55P03"
    // Class 57 — operator intervention
    public static let queryCanceled: SQLState = "57014"
    // Class 58 — system error
    public static let ioError: SQLState = "58030"
    // ODBC (driver manager and driver)
    public static let generalError: SQLState = "HY000"
    public static let memoryAllocationError: SQLState = "HY001"
    public static let optionalFeatureNotImplemented: SQLState = "HYC00"
    public static let timeoutExpired: SQLState = "HYT00"
    public static let connectionTimeoutExpired: SQLState = "HYT01"
    public static let functionNotSupported: SQLState = "IM001"
    public static let dataSourceNotFound: SQLState = "IM002"
    public static let driverCouldNotBeLoaded: SQLState = "IM003"
    // Ferry's own: a provider it knows by name but has no driver for here
    public static let missingDriver: SQLState = "FERRY01"
}
