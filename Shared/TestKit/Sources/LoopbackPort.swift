import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP port free at the moment of asking, below the kernel's ephemeral range (32768+): a port the
/// kernel hands out for binding port 0 comes from that range, where any outgoing connection (to PostgreSQL,
/// between services) may take it before the service binds it.
///
/// A port is handed out once per process: a stack asks for its five ports before any service binds, so without
/// that two services could be given the same one — the second fails to bind while the first answers its
/// health check.
public enum LoopbackPort {
    public struct Unavailable: Error {}

    private static let handedOut = Mutex<Set<Int>>([])

    public static func free() throws -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 20_000..<32_000)
            guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
            if try isFree(port) { return port }
        }
        throw Unavailable()
    }

    static func isFree(_ port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable() }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let len = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafeMutablePointer(to: &addr) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 }
        }
    }
}
