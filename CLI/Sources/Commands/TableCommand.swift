import ArgumentParser
import FerryModels

/// `ferry table add|list`.
struct TableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table", abstract: "Register and list tables (RF02).", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a physical table name (columns and key are discovered at run time).")
        @OptionGroup var api: APIOptions
        @Argument(help: "The table's name, optionally schema.table.") var name: String
        @Option(help: "Its schema (instead of schema.table).") var schema: String?

        mutating func run() async throws {
            let client = try api.client()
            let (schema, table) = TableName.split(name, schema: schema)
            let saved: SavedEnvelope = try await client.post("/v1/data/tables", DataTableRequest(tablePhysicalName: table, schema: schema))
            Console.line("table \(name) registered (uid \(saved.uid))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered tables.")
        @OptionGroup var api: APIOptions
        @OptionGroup var output: JSONFlag

        mutating func run() async throws {
            let client = try api.client()
            try await output.show(client, "/v1/data/tables", as: [DataTableView].self) { all in
                var table = TextTable([("UID", .right), ("TABLE", .left), ("SCHEMA", .left)])
                for t in all { table.add([String(t.uid), t.tablePhysicalName, t.schema ?? ""]) }
                return all.isEmpty ? "no tables yet (`ferry table add NAME`)" : table.render()
            }
        }
    }
}

/// `schema.table` or `table`.
enum TableName {
    static func split(_ name: String, schema: String?) -> (schema: String?, table: String) {
        if schema == nil, let dot = name.firstIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex {
            return (String(name[..<dot]), String(name[name.index(after: dot)...]))
        }
        return (schema, name)
    }

    /// The uid of a registered table with this name and schema, registering it when missing.
    static func ensure(_ client: FerryClient, _ name: String, schema: String?, known: inout [DataTableView]) async throws -> Int64 {
        if let t = known.first(where: { $0.tablePhysicalName == name && ($0.schema ?? "") == (schema ?? "") }) { return t.uid }
        let saved: SavedEnvelope = try await client.post("/v1/data/tables", DataTableRequest(tablePhysicalName: name, schema: schema))
        known.append(DataTableView(uid: saved.uid, tablePhysicalName: name, schema: schema, createdAt: "", updatedAt: ""))
        return saved.uid
    }
}
