import Foundation
import FerryModels

/// A value as a `[tag, text]` pair, so its exact type survives JSON (decimals stay exact, doubles keep their
/// bits). Key ranges travel in specs and work items in this form; checkpoint keys are stored in it.
extension SQLValue: Codable {
    public var taggedText: (tag: String, text: String?) {
        switch self {
        case .null: return ("null", nil)
        case .bool(let b): return ("bool", b ? "1" : "0")
        case .int(let i): return ("int", String(i))
        case .double(let d): return ("double", String(d.bitPattern))
        case .decimal(let s): return ("decimal", s)
        case .text(let s): return ("text", s)
        case .bytes(let b): return ("bytes", Data(b).base64EncodedString())
        case .date(let d): return ("date", String(d))
        case .time(let t): return ("time", String(t))
        case .timestamp(let t): return ("timestamp", String(t))
        case .timestamptz(let t): return ("timestamptz", String(t))
        case .uuid(let u): return ("uuid", u.uuidString)
        case .json(let s): return ("json", s)
        }
    }

    /// The value of a `[tag, text]` pair; nil for an unknown tag or text that does not parse as the tag says.
    public init?(tag: String, text: String?) {
        let s = text ?? ""
        switch tag {
        case "null": self = .null
        case "bool": self = .bool(s == "1")
        case "int": guard let i = Int64(s) else { return nil }; self = .int(i)
        case "double": guard let b = UInt64(s) else { return nil }; self = .double(Double(bitPattern: b))
        case "decimal": self = .decimal(s)
        case "text": self = .text(s)
        case "bytes": guard let d = Data(base64Encoded: s) else { return nil }; self = .bytes(Array(d))
        case "date": guard let d = Int32(s) else { return nil }; self = .date(d)
        case "time": guard let t = Int64(s) else { return nil }; self = .time(t)
        case "timestamp": guard let t = Int64(s) else { return nil }; self = .timestamp(t)
        case "timestamptz": guard let t = Int64(s) else { return nil }; self = .timestamptz(t)
        case "uuid": guard let u = UUID(uuidString: s) else { return nil }; self = .uuid(u)
        case "json": self = .json(s)
        default: return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let t = try TaggedValue(from: decoder)
        guard let v = SQLValue(t) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a tagged SQL value: \(t.tag)"))
        }
        self = v
    }

    public func encode(to encoder: any Encoder) throws { try tagged.encode(to: encoder) }

    public var tagged: TaggedValue { let (tag, text) = taggedText; return TaggedValue(tag: tag, text: text) }
    public init?(_ t: TaggedValue) { self.init(tag: t.tag, text: t.text) }
}
