import FerryServiceKit

/// Merges the services' OpenAPI documents into the one Swagger UI shows at the gateway.
///
/// - Paths: each service contributes the operations the ``RouteTable`` sends to it (so a service's own
///   internal routes never show, and the gateway's table and the document cannot disagree).
/// - Components: merged per section; a name two services define differently gets the service's name as a
///   prefix (`ReportingError`), with every `$ref` of that service's document rewritten to match.
/// - Tags in the seed's order — Datasource, Tables, Bundles, Batch — then MappingSets, Flows, Reports,
///   Manifests, then any other in order of appearance; paths follow their first tag's order.
/// - `servers: [{"url": "/"}]` (Try it out goes through the gateway) and the `ApiKeyAuth` scheme
///   (header `X-API-Key`) applied to every operation.
enum OpenAPIMerger {
    static let tagOrder = ["Datasource", "Tables", "Bundles", "Batch", "MappingSets", "Flows", "Reports", "Manifests"]

    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    static let securityScheme: JSONDocument = .object([
        ("type", .string("apiKey")), ("in", .string("header")), ("name", .string("X-API-Key")),
        ("description", .string("The Ferry API key (FERRY_API_KEY, or the file api-key in the data directory; `make run` prints it).")),
    ])

    /// One service's contribution: its document, or why it is missing.
    struct Source: Sendable {
        var upstream: Upstream
        var document: JSONDocument?
        var problem: String?
    }

    static func merge(_ sources: [Source], version: String = FerryService.version) -> JSONDocument {
        var paths: [(String, JSONDocument)] = []
        var components: [(String, [(String, JSONDocument)])] = [("securitySchemes", [("ApiKeyAuth", securityScheme)])]
        var declaredTags: [(String, JSONDocument)] = []
        var usedTags: [String] = []

        for source in sources {
            guard let document = source.document else { continue }
            let prefix = source.upstream.rawValue.prefix(1).uppercased() + source.upstream.rawValue.dropFirst()

            // 1. Components: decide names (reuse identical definitions, prefix differing ones).
            var renames: [String: String] = [:]  // "#/components/schemas/Error" → "#/components/schemas/ReportingError"
            var additions: [(section: String, name: String, value: JSONDocument)] = []
            for (section, entries) in document["components"]?.objectMembers ?? [] {
                guard section != "securitySchemes", let entries = entries.objectMembers else { continue }
                let existing = components.first { $0.0 == section }?.1 ?? []
                for (name, value) in entries {
                    guard let current = existing.first(where: { $0.0 == name })?.1 else {
                        additions.append((section, name, value))
                        continue
                    }
                    if current == value { continue }
                    var newName = prefix + name
                    var n = 2
                    while existing.contains(where: { $0.0 == newName }) || additions.contains(where: { $0.section == section && $0.name == newName }) {
                        newName = prefix + name + String(n)
                        n += 1
                    }
                    renames["#/components/\(section)/\(name)"] = "#/components/\(section)/\(newName)"
                    additions.append((section, newName, value))
                }
            }
            let rewrite: (String) -> String = { ref in renames[ref] ?? ref }
            for addition in additions {
                let value = renames.isEmpty ? addition.value : addition.value.rewritingRefs(rewrite)
                if let index = components.firstIndex(where: { $0.0 == addition.section }) {
                    components[index].1.append((addition.name, value))
                } else {
                    components.append((addition.section, [(addition.name, value)]))
                }
            }

            // 2. Paths: the operations this service really answers through the gateway.
            for (path, item) in document["paths"]?.objectMembers ?? [] {
                guard let members = item.objectMembers else { continue }
                var kept: [(String, JSONDocument)] = []
                var hasOperation = false
                for (key, value) in members {
                    if httpMethods.contains(key.lowercased()) {
                        guard RouteTable.upstream(method: key, path: path) == source.upstream else { continue }
                        hasOperation = true
                        for tag in value["tags"]?.arrayValues?.compactMap(\.stringValue) ?? [] where !usedTags.contains(tag) {
                            usedTags.append(tag)
                        }
                    }
                    kept.append((key, renames.isEmpty ? value : value.rewritingRefs(rewrite)))
                }
                guard hasOperation else { continue }
                if let index = paths.firstIndex(where: { $0.0 == path }) {
                    // Two services document the same path (different methods): first one wins per key.
                    var merged = paths[index].1
                    for (key, value) in kept where merged[key] == nil { merged.set(key, value) }
                    paths[index].1 = merged
                } else {
                    paths.append((path, .object(kept)))
                }
            }

            // 3. Declared tags (their descriptions).
            for tag in document["tags"]?.arrayValues ?? [] {
                guard let name = tag["name"]?.stringValue, !declaredTags.contains(where: { $0.0 == name }) else { continue }
                declaredTags.append((name, tag))
            }
        }

        // Tags: the seed's order first, then the others as they appeared; only tags some operation uses.
        var tagNames = tagOrder.filter { usedTags.contains($0) }
        for (name, _) in declaredTags where usedTags.contains(name) && !tagNames.contains(name) { tagNames.append(name) }
        for name in usedTags where !tagNames.contains(name) { tagNames.append(name) }
        let tags: [JSONDocument] = tagNames.map { name in
            declaredTags.first { $0.0 == name }?.1 ?? .object([("name", .string(name))])
        }

        // Paths grouped by their first operation's first tag, in tag order (stable within a tag).
        func rank(_ item: JSONDocument) -> Int {
            for (key, value) in item.objectMembers ?? [] where httpMethods.contains(key.lowercased()) {
                if let tag = value["tags"]?.arrayValues?.first?.stringValue, let index = tagNames.firstIndex(of: tag) {
                    return index
                }
            }
            return tagNames.count
        }
        let orderedPaths = paths.enumerated()
            .sorted { a, b in
                let (ra, rb) = (rank(a.element.1), rank(b.element.1))
                return ra != rb ? ra < rb : a.offset < b.offset
            }
            .map(\.element)

        var description = "Ferry copies tables between relational databases (PostgreSQL, SQLite, ODBC) and reports every run. "
            + "This document merges the catalog, orchestrator and reporting APIs behind the gateway. "
            + "Every `/v1` route needs the `X-API-Key` header: press **Authorize** and paste the key `make run` printed."
        let missing = sources.filter { $0.document == nil }
        if !missing.isEmpty {
            description += "\n\n**Not included right now** (the gateway retries every few seconds): "
                + missing.map { "\($0.upstream.rawValue) — \($0.problem ?? "unavailable")" }.joined(separator: "; ") + "."
        }

        return .object([
            ("openapi", .string("3.0.3")),
            ("info", .object([
                ("title", .string("Ferry — Extract And Load Data Batch")),
                ("version", .string(version)),
                ("description", .string(description)),
            ])),
            ("servers", .array([.object([("url", .string("/"))])])),
            ("security", .array([.object([("ApiKeyAuth", .array([]))])])),
            ("tags", .array(tags)),
            ("paths", .object(orderedPaths)),
            ("components", .object(components.map { ($0.0, .object($0.1)) })),
        ])
    }
}
