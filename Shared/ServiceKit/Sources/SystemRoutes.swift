import Foundation
import Hummingbird

/// `GET /health` answer: `{"status":"UP","service":"catalog","version":"0.1.0"}`.
public struct HealthStatus: Codable, Sendable, Equatable {
    public var status: String
    public var service: String
    public var version: String

    public init(status: String = "UP", service: String, version: String) {
        self.status = status
        self.service = service
        self.version = version
    }
}

enum SystemRoutes {
    /// `/health`, `/metrics` (Prometheus text), `/openapi.json` (the service's document, as given; none when nil).
    static func addRoutes(to group: FerryRouterGroup, service: String, version: String, openAPI: String?) {
        let health = HealthStatus(service: service, version: version)
        group.get("health") { _, _ in
            JSONResponse(health)
        }
        group.get("metrics") { _, _ in
            let text = FerryBootstrap.registry.emitToString()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        guard let openAPI else { return }
        let document = Array(openAPI.utf8)
        group.get("openapi.json") { _, _ in
            Response.json(document)
        }
    }
}
