import FerryExport
import FerryModels
import FerrySQL
import Foundation
@testable import ExecutorService
import XCTest

/// Fencing in an export directory, with two claims of one step (two executors, epochs 1 and 2) on a real
/// directory: once epoch 2 has claimed, epoch 1 publishes nothing — no file renamed into place, no state saved.
final class ExportFenceTests: XCTestCase {
    var directory = ""

    override func setUp() {
        directory = NSTemporaryDirectory() + "ferry-fence-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testAnOlderClaimCannotPublishOnceANewerOneHolds() throws {
        let a = ExportFence(directory: directory, stepKey: "job1-pair1", epoch: 1)
        let b = ExportFence(directory: directory, stepKey: "job1-pair1", epoch: 2)
        var published: [String] = []
        try a.claim { _ in }
        try a.publish { published.append("a1") }
        try b.claim { _ in }
        XCTAssertThrowsError(try a.publish { published.append("a2") }) { XCTAssertTrue($0 is CheckpointFenced, "\($0)") }
        XCTAssertThrowsError(try a.claim { _ in published.append("a3") }) { XCTAssertTrue($0 is CheckpointFenced, "\($0)") }
        try b.publish { published.append("b1") }
        XCTAssertEqual(published, ["a1", "b1"])
        // Another step's fence is its own.
        try ExportFence(directory: directory, stepKey: "job1-pair2", epoch: 1).claim { _ in published.append("other") }
        XCTAssertEqual(published.last, "other")
    }

    func testAFencedWriterLeavesNoFileAndNoStateBehind() throws {
        let columns = [ColumnInfo(name: "id", nativeType: "bigint", type: .int64, nullable: false)]
        let old = ExportFence(directory: directory, stepKey: "job1-pair1", epoch: 1)
        try old.claim { _ in }
        let writer = try TableExportWriter(directory: directory, prefix: "B_1_0_T", columns: columns,
                                           options: ExportOptions(maxFileRows: 2), publishGuard: old)
        var batch = RowBatch(columnCount: 1)
        for i in 1...3 { batch.append(row: [.int(Int64(i))]) }
        XCTAssertEqual(try writer.write(batch).map(\.file.fileName), ["B_1_0_T_001.jsonl.gz"], "epoch 1 still holds")

        try ExportFence(directory: directory, stepKey: "job1-pair1", epoch: 2).claim { _ in }
        XCTAssertThrowsError(try writer.finish()) { XCTAssertTrue($0 is CheckpointFenced, "\($0)") }
        let state = ExportCheckpoint(executionId: 1, lastKey: nil, rows: 2, counts: StepCounts(), prefixes: ["B_1_0_T"],
                                     files: [], done: false)
        XCTAssertThrowsError(try state.save(directory: directory, stepKey: "job1-pair1", fence: old))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        XCTAssertEqual(names, [".ferry-fence-job1-pair1", "B_1_0_T_001.jsonl.gz"], "no second file, no temporary, no state")
    }
}
