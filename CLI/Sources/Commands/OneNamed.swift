import ArgumentParser

/// Something a user names on the command line by uid or by name (a datasource, a flow).
protocol NamedResource: Sendable {
    /// "datasource", "flow": the argument's name in the usage line.
    static var noun: String { get }
    static func lookup(_ client: FerryClient, _ ref: String) async throws -> Self
}

/// The arguments of the commands about one named thing: the gateway, `--json`, and the thing by uid or name.
struct OneNamed<Resource: NamedResource>: ParsableArguments, Sendable {
    @OptionGroup var api: APIOptions
    @OptionGroup var output: JSONFlag
    @Argument(help: ArgumentHelp("Its uid or name.", valueName: Resource.noun)) var ref: String

    init() {}

    func resolve() async throws -> (FerryClient, Resource) {
        let client = try api.client()
        return (client, try await Resource.lookup(client, ref))
    }
}
