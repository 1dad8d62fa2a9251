import FerryServiceKit
import Hummingbird

/// `GET /dashboard`: the page of ``DashboardPage``. It holds no data, so it needs no key; its script reads the
/// `/v1` API with the key the user typed in.
struct DashboardController: Sendable {
    /// Under `dashboard`.
    func addRoutes(to group: FerryRouterGroup) {
        group.get { _, _ in Self.page() }
    }

    static func page() -> Response {
        var buffer = ByteBufferAllocator().buffer(capacity: DashboardPage.html.utf8.count)
        buffer.writeString(DashboardPage.html)
        return Response(status: .ok, headers: [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            // Inline script and style only; the page talks to its own origin and nothing else.
            .contentSecurityPolicy: "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'",
            .init("Referrer-Policy")!: "no-referrer",
        ], body: .init(byteBuffer: buffer))
    }
}
