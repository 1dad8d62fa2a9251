import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP port free at the moment of asking (the kernel picks it; nothing listens on it afterwards).
public enum LoopbackPort {
    public struct Unavailable: Error {}

    public static func free() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable() }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw Unavailable() }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
