import FerryServiceKit
import Foundation

/// Resolves a bundle into everything a run needs: the catalog's `GET /internal/bundles/{id}/spec`.
struct CatalogBundleSpecs: Sendable {
    let client: HTTPClient

    /// The bundle's spec, or nil when the catalog does not know the bundle (404).
    /// The catalog's 422 (a bundle that cannot run, e.g. a table gone) is passed on as 422;
    /// no answer or any other failure is a 502 naming the catalog.
    func spec(bundleId: Int64, requestID: String) async throws -> BundleSpec? {
        let client = requestID.isEmpty ? self.client : self.client.with(headers: ["X-Request-Id": requestID])
        let response: HTTPClientResponse
        do {
            response = try await client.send("GET", "/internal/bundles/\(bundleId)/spec")
        } catch {
            throw FerryError.badGateway(service: "catalog", error: error)
        }
        switch response.status {
        case 200..<300:
            do {
                let spec = try response.decode(BundleSpec.self)
                guard spec.bundleId == bundleId else {
                    throw FerryError.badGateway(service: "catalog", detail: "asked for bundle \(bundleId), got bundle \(spec.bundleId)")
                }
                return spec
            } catch let error as FerryError {
                throw error
            } catch {
                throw FerryError.badGateway(service: "catalog", error: error)
            }
        case 404:
            return nil
        case 422:
            let message = response.errorEnvelope?.message ?? "bundle \(bundleId) cannot be run"
            throw FerryError(status: .unprocessableContent, message: message,
                             errors: response.errorEnvelope?.errors ?? [FieldError(field: "dataBundleId", message: message)])
        default:
            let detail = response.errorEnvelope.map { "HTTP \(response.status): \($0.message)" } ?? "HTTP \(response.status)"
            throw FerryError.badGateway(service: "catalog", detail: detail)
        }
    }

    /// Whether each pair of the bundle can use its delta column (its own, else `flowColumn`) as the source is now.
    /// The catalog's 422 (the source cannot be reached) is passed on naming the bundle.
    func deltaColumnChecks(bundleId: Int64, flowColumn: String?, requestID: String) async throws -> [DeltaColumnCheck] {
        let client = requestID.isEmpty ? self.client : self.client.with(headers: ["X-Request-Id": requestID])
        var path = "/internal/bundles/\(bundleId)/deltaColumns"
        if let flowColumn, let q = flowColumn.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { path += "?flowColumn=\(q)" }
        let response: HTTPClientResponse
        do { response = try await client.send("GET", path) } catch { throw FerryError.badGateway(service: "catalog", error: error) }
        switch response.status {
        case 200..<300:
            do { return try response.decode([DeltaColumnCheck].self) } catch { throw FerryError.badGateway(service: "catalog", error: error) }
        case 404:
            throw FerryError.invalidField("dataBundleId", "bundle \(bundleId) does not exist")
        case 422:
            let message = "the delta column cannot be checked: \(response.errorEnvelope?.message ?? "bundle \(bundleId) cannot be read")"
            throw FerryError.unprocessable(message, field: "dataBundleId")
        default:
            throw FerryError.badGateway(service: "catalog", detail: "HTTP \(response.status)")
        }
    }
}
