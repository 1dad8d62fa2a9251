import FerryServiceKit

/// What a flow's run launches: the catalog's bundle spec with the flow's options applied —
/// `partialIngestionPercent` replaces the bundle's, and the Mapping transformation's mapping set is given to the
/// pairs that have no mapping set of their own.
struct FlowBundles: Sendable {
    let catalog: CatalogBundleSpecs

    enum Problem: Error, Sendable {
        case bundleMissing(Int64)
        case mappingMissing(Int64)
    }

    /// The spec to launch; throws ``Problem`` for a bundle or mapping set that no longer exists,
    /// ``FerryError`` when the catalog fails.
    func spec(for d: FlowDefinition, requestID: String) async throws -> BundleSpec {
        guard var spec = try await catalog.spec(bundleId: d.bundleId, requestID: requestID) else {
            throw Problem.bundleMissing(d.bundleId)
        }
        if let p = d.options.partialIngestionPercent { spec.partialIngestionPercent = p }
        if let mappingId = d.mappingId {
            guard let set = try await mappingSet(mappingId, requestID: requestID) else { throw Problem.mappingMissing(mappingId) }
            for i in spec.pairs.indices where spec.pairs[i].mappings.isEmpty { spec.pairs[i].mappings = set.mappings }
        }
        return spec
    }

    /// A catalog mapping set, nil when unknown.
    func mappingSet(_ id: Int64, requestID: String) async throws -> MappingSetView? {
        let client = requestID.isEmpty ? catalog.client : catalog.client.with(headers: ["X-Request-Id": requestID])
        let response: HTTPClientResponse
        do {
            response = try await client.send("GET", "/v1/mappingSets/\(id)")
        } catch {
            throw FerryError.badGateway(service: "catalog", error: error)
        }
        switch response.status {
        case 200..<300:
            do { return try response.decode(MappingSetView.self) } catch { throw FerryError.badGateway(service: "catalog", error: error) }
        case 404: return nil
        default: throw FerryError.badGateway(service: "catalog", detail: "HTTP \(response.status)")
        }
    }
}

extension FlowBundles.Problem {
    /// The words a run or a 400/422 uses.
    var message: String {
        switch self {
        case .bundleMissing(let id): "bundle \(id) does not exist"
        case .mappingMissing(let id): "mapping set \(id) does not exist"
        }
    }
}
