import Foundation

/// The body of every service executable: runs the service and turns an error that ends it (a port already in
/// use, a bad FERRY_* setting, a store that cannot be opened) into one clear line on stderr and exit code 1 —
/// not a crash report with a backtrace.
public enum ServiceMain {
    public static func run(_ executable: String, _ body: () async throws -> Void) async -> Never {
        do {
            try await body()
            exit(0)
        } catch {
            var message = "\(error)"
            if message.contains("Address already in use") {
                message += " — another process listens on this service's port; set FERRY_<SERVICE>_PORT to a free one"
            }
            FileHandle.standardError.write(Data("\(executable): cannot run: \(message)\n".utf8))
            exit(1)
        }
    }
}
