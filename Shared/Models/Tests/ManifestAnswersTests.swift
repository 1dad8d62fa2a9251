import FerryModels
import Foundation
import XCTest

/// The verify answer is seed 003's three fields with the deep check's beside them, one type on both sides.
final class ManifestAnswersTests: XCTestCase {
    func testDeepAnswerIsFlatAndDecodesBack() throws {
        let missing = FileCheck(fileName: "B_1_0_t_001.jsonl.gz", expectedSize: 10, actualSize: nil, expectedHash: "aa", actualHash: nil, status: .missing)
        let manifest = FileCheck(fileName: "B_1_0_manifest.json", expectedSize: 5, actualSize: 5, expectedHash: "bb", actualHash: "bb", status: .ok)
        let deep = ManifestVerifyAnswer(manifestFileName: "B_1_0_manifest.json", hashValue: "bb",
                                        deep: ManifestVerification(valid: false, manifest: manifest, files: [missing]))
        let data = try JSONEncoder().encode(deep)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["manifestFileName", "hashAlgorithm", "hashValue", "valid", "manifest", "files"])
        XCTAssertEqual(object["hashAlgorithm"] as? String, "SHA-256")
        XCTAssertTrue(((object["files"] as? [[String: Any]])?.first?["actualSize"]) is NSNull)
        let back = try JSONDecoder().decode(ManifestVerifyAnswer.self, from: data)
        XCTAssertEqual(back, deep)
        XCTAssertEqual(back.deep?.damaged.map(\.fileName), ["B_1_0_t_001.jsonl.gz"])

        let shallow = ManifestVerifyAnswer(manifestFileName: "B_1_0_manifest.json", hashValue: "bb")
        let plain = try XCTUnwrap(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(shallow)) as? [String: Any])
        XCTAssertEqual(Set(plain.keys), ["manifestFileName", "hashAlgorithm", "hashValue"])
        XCTAssertNil(try JSONDecoder().decode(ManifestVerifyAnswer.self, from: try JSONEncoder().encode(shallow)).deep)
    }
}
