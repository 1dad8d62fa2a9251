import Foundation
import FerrySQL

/// Encodes a checkpoint key (the last primary key written) as portable text for the checkpoint
/// table: a JSON array of [tag, text] pairs, so the exact type survives (decimals stay exact).
enum KeyCodec {
    static func encode(_ key: [SQLValue]) -> String {
        let parts: [[String?]] = key.map { v in
            switch v {
            case .null: return ["null", nil]
            case .bool(let b): return ["bool", b ? "1" : "0"]
            case .int(let i): return ["int", String(i)]
            case .double(let d): return ["double", String(d.bitPattern)]
            case .decimal(let s): return ["decimal", s]
            case .text(let s): return ["text", s]
            case .bytes(let b): return ["bytes", Data(b).base64EncodedString()]
            case .date(let d): return ["date", String(d)]
            case .time(let t): return ["time", String(t)]
            case .timestamp(let t): return ["timestamp", String(t)]
            case .timestamptz(let t): return ["timestamptz", String(t)]
            case .uuid(let u): return ["uuid", u.uuidString]
            case .json(let s): return ["json", s]
            }
        }
        return String(decoding: (try? JSONEncoder().encode(parts)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [SQLValue]? {
        guard let parts = try? JSONDecoder().decode([[String?]].self, from: Data(text.utf8)) else { return nil }
        var out: [SQLValue] = []
        for p in parts {
            guard p.count == 2, let tag = p[0] else { return nil }
            let s = p[1] ?? ""
            switch tag {
            case "null": out.append(.null)
            case "bool": out.append(.bool(s == "1"))
            case "int": guard let i = Int64(s) else { return nil }; out.append(.int(i))
            case "double": guard let b = UInt64(s) else { return nil }; out.append(.double(Double(bitPattern: b)))
            case "decimal": out.append(.decimal(s))
            case "text": out.append(.text(s))
            case "bytes": guard let d = Data(base64Encoded: s) else { return nil }; out.append(.bytes(Array(d)))
            case "date": guard let d = Int32(s) else { return nil }; out.append(.date(d))
            case "time": guard let t = Int64(s) else { return nil }; out.append(.time(t))
            case "timestamp": guard let t = Int64(s) else { return nil }; out.append(.timestamp(t))
            case "timestamptz": guard let t = Int64(s) else { return nil }; out.append(.timestamptz(t))
            case "uuid": guard let u = UUID(uuidString: s) else { return nil }; out.append(.uuid(u))
            case "json": out.append(.json(s))
            default: return nil
            }
        }
        return out
    }
}
