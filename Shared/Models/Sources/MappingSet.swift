/// Seed 001 — a mapping set: source column → target column, with an optional cast.
/// Accepts the seed's spelling (`sourceAttribute` / `destinationXdmPath`) and Ferry's
/// (`sourceColumn` / `targetColumn`).
public struct MappingSetRequest: Codable, Sendable {
    public var name: String?
    public var mappings: [MappingRequest]?
    public init(name: String? = nil, mappings: [MappingRequest]? = nil) { self.name = name; self.mappings = mappings }
}

public struct MappingRequest: Codable, Sendable {
    public var sourceColumn: String?
    public var targetColumn: String?
    public var sourceAttribute: String?
    public var destinationXdmPath: String?
    public var cast: String?
    public init(sourceColumn: String? = nil, targetColumn: String? = nil, cast: String? = nil) {
        self.sourceColumn = sourceColumn; self.targetColumn = targetColumn; self.cast = cast
    }
    public var source: String? { sourceColumn ?? sourceAttribute }
    public var target: String? { targetColumn ?? destinationXdmPath }
}

public struct MappingView: Codable, Sendable, Hashable {
    public var sourceColumn: String
    public var targetColumn: String
    public var cast: String?
    public init(sourceColumn: String, targetColumn: String, cast: String?) {
        self.sourceColumn = sourceColumn; self.targetColumn = targetColumn; self.cast = cast
    }
}

public struct MappingSetView: Codable, Sendable, Hashable {
    public var id: Int64
    public var uid: Int64
    public var name: String?
    public var mappings: [MappingView]
    public var createdAt: String
    public init(id: Int64, name: String?, mappings: [MappingView], createdAt: String) {
        self.id = id; self.uid = id; self.name = name; self.mappings = mappings; self.createdAt = createdAt
    }
}

/// Casts a mapping may ask for: the SPEC's types.
public enum MappingCast {
    public static let allowed = ["integer", "bigint", "smallint", "decimal", "numeric", "double", "real", "float",
                                 "text", "varchar", "boolean", "bytes", "date", "time", "timestamp", "timestamptz",
                                 "uuid", "json"]
}
