/// RF02 — a physical table name, optionally schema-qualified (seed 000, step 14).
public struct DataTableRequest: Codable, Sendable {
    public var tablePhysicalName: String?
    public var schema: String?
    public init(tablePhysicalName: String? = nil, schema: String? = nil) {
        self.tablePhysicalName = tablePhysicalName; self.schema = schema
    }
}

public struct DataTableView: Codable, Sendable, Hashable {
    public var uid: Int64
    public var tablePhysicalName: String
    public var schema: String?
    public var createdAt: String
    public var updatedAt: String
    public init(uid: Int64, tablePhysicalName: String, schema: String?, createdAt: String, updatedAt: String) {
        self.uid = uid; self.tablePhysicalName = tablePhysicalName; self.schema = schema
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}
