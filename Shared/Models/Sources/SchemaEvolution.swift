/// What an incremental step does when its source table changed shape since the pair's last completed window
/// (bundle option `schemaEvolution`): a column added to the source is added to the target (`add-columns`, the
/// default) or stops the run (`fail`). A dropped or retyped source column always stops it, naming the column:
/// loading on would silently leave the target's column stale or cast values it was not made for.
public enum SchemaEvolution: String, Codable, Sendable, CaseIterable {
    case addColumns = "add-columns"
    case fail

    public static let `default` = SchemaEvolution.addColumns
}
