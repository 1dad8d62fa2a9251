import FerrySQL
import Foundation
@testable import ExecutorService
import XCTest

/// The checkpoint key survives the checkpoint table exactly, type and value (decimals and doubles bit for bit).
final class KeyCodecTests: XCTestCase {
    func testEveryValueRoundTrips() throws {
        let key: [SQLValue] = [
            .null, .bool(true), .bool(false), .int(Int64.min), .int(Int64.max), .double(0.1), .double(-0.0),
            .double(.infinity), .decimal("-12345678901234567890.000000000001"), .text("a \"quoted\", [bracketed] ☃ 𝄞"),
            .text(""), .bytes([0, 255, 10, 13]), .date(-719_162), .time(86_399_999_999), .timestamp(-62_135_596_800_000_000),
            .timestamptz(1_700_000_000_123_456), .uuid(UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301")!),
            .json(#"{"a": [1, 2]}"#),
        ]
        let text = KeyCodec.encode(key)
        let back = try XCTUnwrap(KeyCodec.decode(text))
        XCTAssertEqual(back, key)
        if case .double(let d) = back[6] { XCTAssertEqual(d.sign, .minus, "negative zero keeps its sign") }
    }

    func testGarbageDecodesToNil() {
        XCTAssertNil(KeyCodec.decode("not json"))
        XCTAssertNil(KeyCodec.decode(#"[["int", "x"]]"#))
        XCTAssertNil(KeyCodec.decode(#"[["nosuchtag", "1"]]"#))
    }
}
