import FerryServiceKit

/// The services the gateway forwards to.
public enum Upstream: String, Sendable, CaseIterable {
    case catalog, orchestrator, reporting

    var service: FerryServiceName {
        switch self {
        case .catalog: .catalog
        case .orchestrator: .orchestrator
        case .reporting: .reporting
        }
    }
}

/// Which service answers which public path: the gateway's ONE routing table.
///
/// Patterns are matched segment by segment: `*` is one segment (a path parameter), `**` any number of
/// segments (zero included). Rules are tried in order; the first match wins, so the exceptions come first.
/// A rule without methods matches every method (the service answers 404/405 for the ones it lacks).
public enum RouteTable {
    public struct Rule: Sendable {
        public let methods: Set<String>?
        public let pattern: [String]
        public let upstream: Upstream

        /// Every method.
        init(_ pattern: String, _ upstream: Upstream) {
            self.init(nil, pattern, upstream)
        }

        init(_ methods: Set<String>?, _ pattern: String, _ upstream: Upstream) {
            self.methods = methods
            self.pattern = pattern.split(separator: "/").map(String.init)
            self.upstream = upstream
        }

        func matches(method: String, segments: [Substring]) -> Bool {
            if let methods {
                // HEAD goes wherever GET goes.
                guard methods.contains(method) || (method == "HEAD" && methods.contains("GET")) else { return false }
            }
            return Self.match(pattern[...], segments[...])
        }

        private static func match(_ pattern: ArraySlice<String>, _ segments: ArraySlice<Substring>) -> Bool {
            guard let head = pattern.first else { return segments.isEmpty }
            if head == "**" {
                let rest = pattern.dropFirst()
                if rest.isEmpty { return true }
                var tail = segments
                while true {
                    if match(rest, tail) { return true }
                    if tail.isEmpty { return false }
                    tail = tail.dropFirst()
                }
            }
            guard let segment = segments.first else { return false }
            guard head == "*" || head == segment else { return false }
            return match(pattern.dropFirst(), segments.dropFirst())
        }
    }

    public static let rules: [Rule] = [
        // catalog — RF01–RF03, mapping sets
        Rule("/v1/datasource/**", .catalog),
        Rule("/v1/data/tables/**", .catalog),
        Rule(["GET"], "/v1/data/bundles/*/get-latest-integration", .reporting),
        Rule("/v1/data/bundles/**", .catalog),
        Rule("/v1/mappingSets/**", .catalog),
        // orchestrator — RF05 launch, restart, stop; flows
        Rule(["POST"], "/v1/batch/job", .orchestrator),
        Rule(["POST"], "/v1/batch/job/*/restart", .orchestrator),
        Rule(["POST"], "/v1/batch/job/*/stop", .orchestrator),
        Rule("/v1/flows/**", .orchestrator),
        Rule(["GET"], "/v1/flowSpecs", .orchestrator),
        // reporting — RF06, history, batch job report, manifests, dashboard
        Rule(["GET"], "/v1/batch/job/*", .reporting),
        Rule(["GET"], "/v1/batch/job/*/skips", .reporting),
        Rule(["GET"], "/v1/batch/job/*/reconciliation", .reporting),
        Rule(["GET"], "/v1/batch/job/*/steps/*/partitions", .reporting),
        Rule(["GET"], "/v1/batch/job/*/progress", .reporting),
        Rule(["GET"], "/v1/batch/job/*/progress/samples", .reporting),
        Rule("/v1/batch/jobs/**", .reporting),
        Rule("/v1/batch-job-report/**", .reporting),
        Rule("/v1/manifests/**", .reporting),
        Rule("/dashboard/**", .reporting),
    ]

    /// The service that answers `method path` (path without the query string), or nil (→ 404).
    public static func upstream(method: String, path: String) -> Upstream? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let method = method.uppercased()
        return rules.first { $0.matches(method: method, segments: segments) }?.upstream
    }
}
