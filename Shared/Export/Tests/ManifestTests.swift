import FerryExport
import FerrySQL
import Foundation
import XCTest

/// Seed 003's manifest: exact fields and order, totals, the chain, and deep verification against the disk.
final class ManifestTests: ExportTestCase {
    func writeRun(run: Int, previous: (runNumber: Int, manifestFileName: String)?) throws -> WrittenManifest {
        let files = try export([ExportFixture.numbered(0..<25)], columns: ExportFixture.numberedColumns,
                               options: ExportOptions(maxFileRows: 10), prefix: "HD-PDE_\(run)_0_CUSTOMERS")
        let manifest = Manifest(batchCode: "HD-PDE", batchRunNumber: run, batchRerunNumber: 0, files: files,
                                previous: previous, createdAtMicros: 1_588_438_543_000_353)
        return try ManifestWriter.write(manifest, to: directory)
    }

    func testManifestHasSeedFieldsInOrderAndMatchesTheFilesOnDisk() throws {
        let written = try writeRun(run: 106, previous: (105, "HD-PDE_105_0_manifest.json"))
        XCTAssertEqual(written.fileName, "HD-PDE_106_0_manifest.json")
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + written.fileName))
        let text = String(decoding: data, as: UTF8.self)
        let keys = ["version", "batchCode", "batchRunNumber", "batchRerunNumber", "totalFiles", "recordsProcessed",
                    "timeStamp", "previousBatchRunNumber", "previousManifestFileName", "fileDetails"]
        let offsets = keys.map { text.range(of: "\"\($0)\"")?.lowerBound }
        XCTAssertFalse(offsets.contains(nil), "every seed field present")
        XCTAssertEqual(offsets.compactMap { $0 }, offsets.compactMap { $0 }.sorted(), "in the seed's order")

        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(json.keys), Set(keys), "exactly the seed's fields")
        XCTAssertEqual(json["version"] as? Int, 1)
        XCTAssertEqual(json["batchCode"] as? String, "HD-PDE")
        XCTAssertEqual(json["batchRunNumber"] as? Int, 106)
        XCTAssertEqual(json["batchRerunNumber"] as? Int, 0)
        XCTAssertEqual(json["totalFiles"] as? Int, 3)
        XCTAssertEqual(json["recordsProcessed"] as? Int, 25)
        XCTAssertEqual(json["timeStamp"] as? String, "2020-05-02T16:55:43.000353Z")
        XCTAssertEqual(json["previousBatchRunNumber"] as? Int, 105, "a number, not a string")
        XCTAssertEqual(json["previousManifestFileName"] as? String, "HD-PDE_105_0_manifest.json")
        let details = try XCTUnwrap(json["fileDetails"] as? [[String: Any]])
        XCTAssertEqual(details.map { $0["fileName"] as? String }, ["HD-PDE_106_0_CUSTOMERS_001.jsonl.gz",
                                                                  "HD-PDE_106_0_CUSTOMERS_002.jsonl.gz", "HD-PDE_106_0_CUSTOMERS_003.jsonl.gz"])
        for d in details {
            XCTAssertEqual(Set(d.keys), ["fileName", "fileSize", "hashAlgorithm", "hashValue"])
            XCTAssertEqual(d["hashAlgorithm"] as? String, "SHA-256")
            let path = directory + "/" + (d["fileName"] as! String)
            let onDisk = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertEqual(d["fileSize"] as? Int, onDisk.count)
            XCTAssertEqual(d["hashValue"] as? String, try sha256sum(path))
        }
        XCTAssertEqual(written.sha256, try sha256sum(directory + "/" + written.fileName), "the recorded hash is the manifest's bytes")
        XCTAssertEqual(written.fileSize, data.count)
        XCTAssertEqual(try JSONDecoder().decode(Manifest.self, from: data), written.manifest, "reads back as written")
    }

    /// A manifest step that wrote its manifest and lost its finish report runs again: the manifest in place (the
    /// one a consumer may have taken) is kept, byte for byte; a different one under the same name is replaced.
    func testRewritingTheSameManifestKeepsTheBytesInPlace() throws {
        let first = try writeRun(run: 7, previous: nil)
        let path = directory + "/" + first.fileName
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        var later = first.manifest
        later.timeStamp = "2031-01-01T00:00:00.000001Z"
        let again = try ManifestWriter.write(later, to: directory)
        XCTAssertEqual(again.sha256, first.sha256)
        XCTAssertEqual(again.manifest.timeStamp, first.manifest.timeStamp)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        var other = later
        other.recordsProcessed += 1
        let replaced = try ManifestWriter.write(other, to: directory)
        XCTAssertNotEqual(replaced.sha256, first.sha256)
        XCTAssertEqual(try FileHasher.hash(path: path)?.sha256, replaced.sha256)
    }

    func testFirstRunHasNullPreviousFields() throws {
        let written = try writeRun(run: 1, previous: nil)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory + "/" + written.fileName)), as: UTF8.self)
        XCTAssertTrue(text.contains("\"previousBatchRunNumber\": null,"))
        XCTAssertTrue(text.contains("\"previousManifestFileName\": null,"))
    }

    func testDeepVerifyNamesChangedTruncatedAndMissingFiles() throws {
        let written = try writeRun(run: 9, previous: nil)
        let clean = try ManifestVerifier.verify(written, in: directory)
        XCTAssertTrue(clean.valid)
        XCTAssertEqual(clean.files.map(\.status), [.ok, .ok, .ok])
        XCTAssertEqual(clean.manifest.status, .ok)

        let names = written.manifest.fileDetails.map(\.fileName)
        let flipped = URL(fileURLWithPath: directory + "/" + names[0])
        var bytes = try Data(contentsOf: flipped)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: flipped)
        let cut = URL(fileURLWithPath: directory + "/" + names[1])
        try Data(try Data(contentsOf: cut).dropLast(7)).write(to: cut)
        try FileManager.default.removeItem(atPath: directory + "/" + names[2])
        let manifestURL = URL(fileURLWithPath: directory + "/" + written.fileName)
        try (try Data(contentsOf: manifestURL) + Data(" ".utf8)).write(to: manifestURL)

        let report = try ManifestVerifier.verify(written, in: directory)
        XCTAssertFalse(report.valid)
        XCTAssertEqual(report.files.map(\.fileName), names)
        XCTAssertEqual(report.files.map(\.status), [.changed, .truncated, .missing])
        XCTAssertEqual(report.files[1].actualSize, written.manifest.fileDetails[1].fileSize - 7)
        XCTAssertNil(report.files[2].actualHash)
        XCTAssertEqual(report.manifest.status, .changed)
    }
}
