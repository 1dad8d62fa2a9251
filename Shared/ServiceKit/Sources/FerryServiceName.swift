/// The five Ferry services, with their default ports.
public enum FerryServiceName: String, Sendable, CaseIterable {
    case gateway, catalog, orchestrator, executor, reporting

    public var defaultPort: Int {
        switch self {
        case .gateway: 8080
        case .catalog: 8081
        case .orchestrator: 8082
        case .executor: 8083
        case .reporting: 8084
        }
    }

    /// Prefix of this service's environment variables: `FERRY_CATALOG_PORT`, `FERRY_CATALOG_URL`.
    var environmentPrefix: String { "FERRY_\(rawValue.uppercased())" }
}
