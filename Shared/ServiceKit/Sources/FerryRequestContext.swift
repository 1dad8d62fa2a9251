import Foundation
import Hummingbird
import NIOCore

/// The request context of every Ferry route.
public struct FerryRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `X-Request-Id` of this request (given by the caller or generated); set by ``RequestIDMiddleware``.
    public var requestID: String
    /// The peer's address, when known.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = ""
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are limited to 1 MiB (413 beyond).
    public var maxUploadSize: Int { FerryLimits.maxRequestBodyBytes }
    public var requestDecoder: JSONDecoder { JSONDecoder() }
    public var responseEncoder: FerryResponseEncoder { FerryResponseEncoder() }
}

/// The router every Ferry service adds its routes to.
public typealias FerryRouter = Router<FerryRequestContext>

/// What a controller adds its routes to (`addRoutes(to group:)`, paths relative to the group): the caller
/// chooses the prefix, as in Hummingbird — `DatasourceController(…).addRoutes(to: router.group("v1/datasource"))`.
public typealias FerryRouterGroup = RouterGroup<FerryRequestContext>

public enum FerryLimits {
    /// Largest request body a route decodes: 1 MiB.
    public static let maxRequestBodyBytes = 1 << 20
}
