import Crypto
import Foundation

/// Encrypts datasource passwords at rest with AES-GCM (key from FERRY_SECRET_KEY). The stored form
/// is "v1:" + base64(nonce ‖ ciphertext ‖ tag), so the scheme can change later without ambiguity.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public init(keyBytes: [UInt8]) throws {
        guard keyBytes.count == 32 else { throw SecretBoxError.badKey }
        key = SymmetricKey(data: keyBytes)
    }

    public func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Array(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw SecretBoxError.sealFailed }
        return "v1:" + combined.base64EncodedString()
    }

    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix("v1:"), let data = Data(base64Encoded: String(stored.dropFirst(3))) else {
            throw SecretBoxError.corrupt
        }
        let box = try AES.GCM.SealedBox(combined: data)
        let plain = try AES.GCM.open(box, using: key)
        guard let s = String(data: plain, encoding: .utf8) else { throw SecretBoxError.corrupt }
        return s
    }
}

public enum SecretBoxError: Error, CustomStringConvertible {
    case badKey, sealFailed, corrupt
    public var description: String {
        switch self {
        case .badKey: return "FERRY_SECRET_KEY must be 32 bytes (base64)"
        case .sealFailed: return "could not encrypt"
        case .corrupt: return "stored secret cannot be decrypted with this FERRY_SECRET_KEY"
        }
    }
}
