/// RF01 — a datasource as users post it (seed 000, step 6). Every field optional at decode time so
/// that validation can name every missing field at once.
public struct DatasourceRequest: Codable, Sendable {
    public var databaseName: String?
    public var databaseProvider: String?
    public var databasePlatform: String?
    public var userName: String?
    public var password: String?
    public var jdbcConnectionUrl: String?
    public var driverClassName: String?
    public var databaseDialect: String?
    public var databaseSchema: String?

    public init(databaseName: String? = nil, databaseProvider: String? = nil, databasePlatform: String? = nil,
                userName: String? = nil, password: String? = nil, jdbcConnectionUrl: String? = nil,
                driverClassName: String? = nil, databaseDialect: String? = nil, databaseSchema: String? = nil) {
        self.databaseName = databaseName; self.databaseProvider = databaseProvider
        self.databasePlatform = databasePlatform; self.userName = userName; self.password = password
        self.jdbcConnectionUrl = jdbcConnectionUrl; self.driverClassName = driverClassName
        self.databaseDialect = databaseDialect; self.databaseSchema = databaseSchema
    }
}

/// A datasource as the API answers it: never the password, only whether one is set.
public struct DatasourceView: Codable, Sendable, Hashable {
    public var uid: Int64
    public var databaseName: String
    public var databaseProvider: String
    public var databasePlatform: String?
    public var userName: String?
    public var hasPassword: Bool
    public var jdbcConnectionUrl: String
    public var driverClassName: String?
    public var databaseDialect: String?
    public var databaseSchema: String?
    public var createdAt: String
    public var updatedAt: String

    public init(uid: Int64, databaseName: String, databaseProvider: String, databasePlatform: String?, userName: String?,
                hasPassword: Bool, jdbcConnectionUrl: String, driverClassName: String?, databaseDialect: String?,
                databaseSchema: String?, createdAt: String, updatedAt: String) {
        self.uid = uid; self.databaseName = databaseName; self.databaseProvider = databaseProvider
        self.databasePlatform = databasePlatform; self.userName = userName; self.hasPassword = hasPassword
        self.jdbcConnectionUrl = jdbcConnectionUrl; self.driverClassName = driverClassName
        self.databaseDialect = databaseDialect; self.databaseSchema = databaseSchema
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// What an executor gets from the catalog's internal route: the datasource with its password decrypted.
public struct DatasourceCredentials: Codable, Sendable, Hashable {
    public var uid: Int64
    public var databaseName: String
    public var databaseProvider: String
    public var jdbcConnectionUrl: String
    public var userName: String?
    public var password: String?
    public var databaseSchema: String?
    public init(uid: Int64, databaseName: String, databaseProvider: String, jdbcConnectionUrl: String,
                userName: String?, password: String?, databaseSchema: String?) {
        self.uid = uid; self.databaseName = databaseName; self.databaseProvider = databaseProvider
        self.jdbcConnectionUrl = jdbcConnectionUrl; self.userName = userName; self.password = password
        self.databaseSchema = databaseSchema
    }
}

/// `POST /v1/datasource/{uid}/test` answer.
public struct ConnectionTestResult: Codable, Sendable {
    public var success: Bool
    public var message: String
    public var serverVersion: String
    public var latencyMs: Double
    public init(serverVersion: String, latencyMs: Double) {
        success = true; message = "Connection succeeded"; self.serverVersion = serverVersion; self.latencyMs = latencyMs
    }
}

/// `GET /v1/datasource/{uid}/tables` answer element.
public struct DiscoveredTable: Codable, Sendable {
    public var schema: String?
    public var name: String
    public var columns: [DiscoveredColumn]
    public var primaryKey: [String]
    public init(schema: String?, name: String, columns: [DiscoveredColumn], primaryKey: [String]) {
        self.schema = schema; self.name = name; self.columns = columns; self.primaryKey = primaryKey
    }
}

public struct DiscoveredColumn: Codable, Sendable {
    public var name: String
    public var type: String
    public var nativeType: String
    public var nullable: Bool
    /// true when the table computes the column itself (`GENERATED ALWAYS AS`): a load leaves it to the target.
    /// Absent otherwise.
    public var generated: Bool?
    public init(name: String, type: String, nativeType: String, nullable: Bool, generated: Bool? = nil) {
        self.name = name; self.type = type; self.nativeType = nativeType; self.nullable = nullable
        self.generated = generated
    }
}
