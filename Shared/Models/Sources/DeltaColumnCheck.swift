/// The catalog's answer for one bundle pair to "can this column be the pair's delta column?"
/// (`GET /internal/bundles/{uid}/deltaColumns?flowColumn=…`), asked when a flow is created or changed.
public struct DeltaColumnCheck: Codable, Sendable, Hashable {
    public var pairId: Int64
    public var sourceTable: String
    /// The column checked: the pair's own delta column, else the flow's.
    public var column: String
    /// True when the column is the flow's (the pair has none of its own).
    public var fromFlow: Bool
    /// Why the column cannot be used; nil when it can.
    public var problem: String?

    public init(pairId: Int64, sourceTable: String, column: String, fromFlow: Bool, problem: String?) {
        self.pairId = pairId; self.sourceTable = sourceTable; self.column = column; self.fromFlow = fromFlow
        self.problem = problem
    }
}
