import FerryServiceKit
import Foundation
import NIOConcurrencyHelpers

/// Swagger UI at `/swagger-ui/index.html`, from Swagger UI's own release files (the `swagger-ui-bundle-v2`
/// wheel's static dist folder that `scripts/install-deps.sh` unpacks into `.ferry-vendor/swagger-ui/`;
/// never committed, nothing from a CDN at run time).
///
/// The gateway writes `index.html` and `swagger-initializer.js` itself (the document is `/openapi.json`,
/// authorisation persists across reloads); every other file is the bundle's, served as is.
struct SwaggerUI: Sendable {
    /// The folder holding the bundle, once found.
    private let located = NIOLockedValueBox<String?>(nil)
    let candidates: [String]
    let explicit: Bool
    let fileIO = FileIO()

    /// A folder counts when it holds this file.
    static let marker = "swagger-ui-bundle.js"

    init(config: ServiceConfig) {
        if let dir = config.string("FERRY_SWAGGER_UI_DIR") {
            candidates = [dir]
            explicit = true
        } else {
            candidates = Self.defaultCandidates()
            explicit = false
        }
    }

    /// `.ferry-vendor/swagger-ui` in the working directory, then beside the executable and its ancestors
    /// (`.build/release/ferry-gateway` → the checkout's `.ferry-vendor`).
    static func defaultCandidates() -> [String] {
        let relative = ".ferry-vendor/swagger-ui"
        var out = [FileManager.default.currentDirectoryPath + "/" + relative]
        var executableDirs: [URL] = []
        if let argv0 = CommandLine.arguments.first, !argv0.isEmpty {
            executableDirs.append(URL(fileURLWithPath: argv0).deletingLastPathComponent())
        }
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            executableDirs.append(URL(fileURLWithPath: resolved).deletingLastPathComponent())
        }
        for dir in executableDirs {
            var current = dir.standardizedFileURL
            for _ in 0..<4 {
                out.append(current.appendingPathComponent(relative).path)
                current = current.deletingLastPathComponent()
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// The bundle's folder, or nil when it is not installed (looked up again on each call until found).
    func directory() -> String? {
        if let dir = located.withLockedValue({ $0 }) { return dir }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/" + Self.marker) {
            located.withLockedValue { $0 = candidate }
            return candidate
        }
        return nil
    }

    func addRoutes(to group: FerryRouterGroup) {
        group.get { _, _ in Response.redirect(to: "/swagger-ui/index.html", type: .found) }
        group.get("swagger-ui") { _, _ in Response.redirect(to: "/swagger-ui/index.html", type: .found) }
        group.get("swagger-ui/:file") { request, context in
            try await serve(try context.parameters.require("file"), context: context)
        }
    }

    func serve(_ rawName: String, context: FerryRequestContext) async throws -> Response {
        guard let name = Self.validatedFileName(rawName) else {
            throw FerryError.badRequest("Invalid file name")
        }
        guard let dir = directory() else {
            let looked = explicit ? "FERRY_SWAGGER_UI_DIR=\(candidates[0])" : candidates.first ?? ".ferry-vendor/swagger-ui"
            throw FerryError.unavailable(
                "Swagger UI files are not installed (looked in \(looked)); run `make run` or `scripts/install-deps.sh`")
        }
        switch name {
        case "index.html":
            return Self.text(Self.indexHTML, contentType: "text/html; charset=utf-8")
        case "swagger-initializer.js":
            return Self.text(Self.initializerJS, contentType: "application/javascript; charset=utf-8")
        default:
            let body = try await fileIO.loadFile(path: dir + "/" + name, context: context)
            var headers: HTTPFields = [.contentType: Self.contentType(for: name), .cacheControl: "public, max-age=3600"]
            if let length = body.contentLength { headers[.contentLength] = String(length) }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// The bundle is one flat folder: a name is letters, digits, `.`, `-`, `_`, not starting with a dot.
    /// Anything else (`..`, slashes, absolute paths, NUL, encoded variants of those) is refused.
    static func validatedFileName(_ raw: String) -> String? {
        guard let name = raw.removingPercentEncoding, !name.isEmpty, name.utf8.count <= 128, !name.hasPrefix(".") else {
            return nil
        }
        let allowed = name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        }
        guard allowed, !name.contains("..") else { return nil }
        return name
    }

    static func contentType(for name: String) -> String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html", "htm": "text/html; charset=utf-8"
        case "js", "mjs": "application/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "map", "json": "application/json; charset=utf-8"
        case "png": "image/png"
        case "svg": "image/svg+xml"
        case "ico": "image/x-icon"
        case "txt", "md": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    static func text(_ text: String, contentType: String) -> Response {
        let bytes = Array(text.utf8)
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return Response(
            status: .ok,
            headers: [.contentType: contentType, .contentLength: String(bytes.count), .cacheControl: "no-cache"],
            body: .init(byteBuffer: buffer))
    }

    static let indexHTML = """
        <!DOCTYPE html>
        <html lang="en">
          <head>
            <meta charset="UTF-8">
            <title>Ferry — Extract And Load Data Batch — Swagger UI</title>
            <link rel="stylesheet" type="text/css" href="./swagger-ui.css" />
            <link rel="stylesheet" type="text/css" href="./index.css" />
            <link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32" />
            <link rel="icon" type="image/png" href="./favicon-16x16.png" sizes="16x16" />
          </head>
          <body>
            <div id="swagger-ui"></div>
            <script src="./swagger-ui-bundle.js" charset="UTF-8"></script>
            <script src="./swagger-ui-standalone-preset.js" charset="UTF-8"></script>
            <script src="./swagger-initializer.js" charset="UTF-8"></script>
          </body>
        </html>

        """

    /// The merged document; "Authorize" stores the X-API-Key (kept across reloads) and "Try it out" sends it.
    static let initializerJS = """
        window.onload = function () {
          window.ui = SwaggerUIBundle({
            url: "/openapi.json",
            dom_id: "#swagger-ui",
            deepLinking: true,
            persistAuthorization: true,
            displayRequestDuration: true,
            presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
            plugins: [SwaggerUIBundle.plugins.DownloadUrl],
            layout: "StandaloneLayout"
          });
        };

        """
}
