import FerryHTTPClient
import FerryModels
import Foundation
import XCTest

final class OrderedJSONEncoderTests: XCTestCase {
    struct Step: Codable, Equatable {
        var batchStatus: String
        var stepName: String
        var stepEndTime: String?
        var commitCount: Int
        var readCount: Int
        var writeCount: Int
        var exitStatus: String
    }
    struct Job: Codable, Equatable {
        var batchStatus: String
        var jobExecutionId: Int64
        var jobName: String
        var jobEndTime: String?
        var steps: [Step]
        var exitStatus: String
        var ratio: Double
    }

    func testKeysFollowDeclarationOrderEveryTime() throws {
        let job = Job(
            batchStatus: "COMPLETED", jobExecutionId: 29, jobName: "JOB-B", jobEndTime: nil,
            steps: [Step(batchStatus: "COMPLETED", stepName: "STEP-T", stepEndTime: "01/01/2024 10:00", commitCount: 1, readCount: 2, writeCount: 2, exitStatus: "COMPLETED")],
            exitStatus: "COMPLETED", ratio: 0.25)
        let expected = #"{"batchStatus":"COMPLETED","jobExecutionId":29,"jobName":"JOB-B","steps":[{"batchStatus":"COMPLETED","stepName":"STEP-T","stepEndTime":"01/01/2024 10:00","commitCount":1,"readCount":2,"writeCount":2,"exitStatus":"COMPLETED"}],"exitStatus":"COMPLETED","ratio":0.25}"#
        for _ in 0..<20 {
            XCTAssertEqual(try OrderedJSONEncoder().encodeToString(job), expected)
        }
        XCTAssertEqual(try JSONDecoder().decode(Job.self, from: OrderedJSONEncoder().encodeToData(job)), job)
    }

    func testExplicitNullWhenEncodeNilIsUsed() throws {
        struct WithNull: Encodable {
            var end: String?
            enum CodingKeys: String, CodingKey { case z, end }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(1, forKey: .z)
                try c.encode(end, forKey: .end)  // Optional's encode → null
            }
        }
        XCTAssertEqual(try OrderedJSONEncoder().encodeToString(WithNull(end: nil)), #"{"z":1,"end":null}"#)
    }

    func testEnvelopesKeepSeedOrder() throws {
        XCTAssertEqual(
            try OrderedJSONEncoder().encodeToString(SavedEnvelope(id: 21, message: "Datasource created", description: "CO_APP")),
            #"{"uid":21,"success":true,"id":21,"message":"Datasource created","description":"CO_APP"}"#)
        XCTAssertEqual(
            try OrderedJSONEncoder().encodeToString(ErrorEnvelope(message: "Validation failed", errors: [FieldError(field: "a", message: "b")])),
            #"{"success":false,"message":"Validation failed","errors":[{"field":"a","message":"b"}]}"#)
    }

    func testStringEscapingRoundTrips() throws {
        let text = "quote\" back\\slash / tab\t nl\n cr\r bell\u{07} nul\u{0} é 日本 🚀"
        let encoded = try OrderedJSONEncoder().encodeToString([text])
        XCTAssertEqual(encoded, "[\"quote\\\" back\\\\slash / tab\\t nl\\n cr\\r bell\\u0007 nul\\u0000 é 日本 🚀\"]")
        XCTAssertEqual(try JSONDecoder().decode([String].self, from: Data(encoded.utf8)), [text])
    }

    func testFoundationSpecialTypesMatchJSONEncoder() throws {
        struct Special: Codable, Equatable {
            var data: Data
            var url: URL
            var decimal: Decimal
            var date: Date
            var whole: Double
            var small: Double
            var big: Double
            var float: Float
            var negative: Int64
            var unsigned: UInt64
            var dict: [String: Int]
            var nested: [[Int]]
        }
        let value = Special(
            data: Data([1, 2, 3]), url: URL(string: "http://x/y?z=1")!, decimal: Decimal(string: "12.340")!,
            date: Date(timeIntervalSinceReferenceDate: 5.5), whole: 1, small: 1e-7, big: 1e20, float: 0.1,
            negative: Int64.min, unsigned: UInt64.max, dict: ["k": 1], nested: [[1], [], [2, 3]])
        let ours = try OrderedJSONEncoder().encodeToData(value)
        let theirs = try JSONEncoder().encode(value)
        XCTAssertEqual(try JSONDecoder().decode(Special.self, from: ours), value)
        let a = try JSONSerialization.jsonObject(with: ours) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: theirs) as? NSDictionary
        XCTAssertNotNil(a)
        XCTAssertEqual(a, b)
        let text = String(decoding: ours, as: UTF8.self)
        XCTAssertTrue(text.contains(#""whole":1,"#), text)
        XCTAssertTrue(text.contains(#""data":"AQID""#), text)
        XCTAssertTrue(text.contains(#""decimal":12.34"#), text)
    }

    func testNonFiniteThrowsAndFragmentsWork() throws {
        XCTAssertThrowsError(try OrderedJSONEncoder().encode([Double.nan]))
        XCTAssertThrowsError(try OrderedJSONEncoder().encode(Double.infinity))
        XCTAssertEqual(try OrderedJSONEncoder().encodeToString("x"), #""x""#)
        XCTAssertEqual(try OrderedJSONEncoder().encodeToString(Optional<Int>.none), "null")
        XCTAssertEqual(try OrderedJSONEncoder().encodeToString([String: Int]()), "{}")
    }

    func testSuperEncoderAndClassHierarchy() throws {
        class Base: Encodable {
            var a = 1
        }
        final class Derived: Base {
            var b = 2
            enum Keys: String, CodingKey { case b }
            override func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(b, forKey: .b)
                try super.encode(to: c.superEncoder())
            }
        }
        XCTAssertEqual(try OrderedJSONEncoder().encodeToString(Derived()), #"{"b":2,"super":{"a":1}}"#)
    }

    func testPrettyPrinted() throws {
        let pretty = try OrderedJSONEncoder(prettyPrinted: true).encodeToString(["k": [1, 2]])
        XCTAssertEqual(pretty, "{\n  \"k\" : [\n    1,\n    2\n  ]\n}")
    }
}
