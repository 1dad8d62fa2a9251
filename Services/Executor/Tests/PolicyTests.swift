import FerryModels
import FerrySQL
@testable import ExecutorService
import XCTest

/// The skip policy's two limits, and which failures the step's retry policy tries again.
final class PolicyTests: XCTestCase {
    private func counts(read: Int64, skipped: Int64) -> StepCounts { StepCounts(readCount: read, writeSkipCount: skipped) }

    func testSkipLimitIsAbsolute() {
        let p = SkipPolicy(skipLimit: 5, partialIngestionPercent: nil)
        XCTAssertNil(p.violation(counts(read: 10, skipped: 5)))
        XCTAssertEqual(p.violation(counts(read: 1_000_000, skipped: 6)), "more than skipLimit 5")
        XCTAssertNotNil(SkipPolicy(skipLimit: 0, partialIngestionPercent: nil).violation(counts(read: 1, skipped: 1)),
                        "the default tolerates no bad row")
    }

    func testPercentageOfRowsRead() {
        let p = SkipPolicy(skipLimit: 0, partialIngestionPercent: 5)
        XCTAssertNil(p.violation(counts(read: 100, skipped: 5)), "0 = no absolute limit when a percentage is set")
        XCTAssertEqual(p.violation(counts(read: 100, skipped: 6)), "6.00% of rows read, more than partialIngestionPercent 5.0")
        let both = SkipPolicy(skipLimit: 3, partialIngestionPercent: 50)
        XCTAssertEqual(both.violation(counts(read: 100, skipped: 4)), "more than skipLimit 3")
    }

    func testCheckThrowsABadDataFailureNamingTheFirstRow() {
        let first = DriverError(driver: "PostgreSQL", sqlState: "23505", message: "duplicate key")
        XCTAssertThrowsError(try SkipPolicy(skipLimit: 1, partialIngestionPercent: nil).check(counts(read: 10, skipped: 2), first: first)) { e in
            let f = e as? StepFailure
            XCTAssertEqual(f?.kind, .badData)
            XCTAssertTrue(f?.message.contains("duplicate key") ?? false, f?.message ?? "")
            XCTAssertEqual(f?.detail, "SQLSTATE 23505")
        }
    }

    func testOnlyTransientFailuresRetry() {
        XCTAssertTrue(StepRetryPolicy.isRetryable(DriverError(driver: "PostgreSQL", sqlState: "08006", message: "connection lost")))
        XCTAssertTrue(StepRetryPolicy.isRetryable(DriverError(driver: "PostgreSQL", sqlState: "40P01", message: "deadlock")))
        XCTAssertFalse(StepRetryPolicy.isRetryable(DriverError(driver: "PostgreSQL", sqlState: "23505", message: "dup")))
        XCTAssertFalse(StepRetryPolicy.isRetryable(DriverError(driver: "PostgreSQL", sqlState: "42P01", message: "no table")))
        XCTAssertFalse(StepRetryPolicy.isRetryable(StepFailure.permanent("target table has no column x")))
        let p = StepRetryPolicy(maxRetries: 2, backoff: [.seconds(1), .seconds(3)])
        XCTAssertEqual(p.maxRetries, 2)
        XCTAssertEqual(p.retries.maxAttempts, 3)
        XCTAssertEqual(p.retries.delay(after: 5), .seconds(3))
    }

    func testAChunkAdvancesTheCheckpoint() {
        let cp = Checkpoint(executionId: 7, lastKey: [.int(10)], counts: StepCounts(readCount: 10, writeCount: 10, commitCount: 1),
                            direct: true, done: false)
        var batch = RowBatch(columnCount: 1)
        for i in 11...15 { batch.append(.int(Int64(i))) }
        let chunk = Chunk(payload: .rows(batch), lastKey: [.int(15)])
        let next = ChunkProcessor.advance(cp, by: chunk, WriteOutcome(written: 4, skipped: [
            SkippedRowInfo(index: 2, error: DriverError(driver: "SQLite", sqlState: "23000", message: "check"))], rollbacks: 3))
        XCTAssertEqual(next.counts, StepCounts(readCount: 15, writeCount: 14, commitCount: 2, writeSkipCount: 1, rollbackCount: 3))
        XCTAssertEqual(next.lastKey, [.int(15)])
        XCTAssertEqual(ChunkProcessor.advance(cp, by: Chunk(payload: .rows(RowBatch(columnCount: 1)), lastKey: nil),
                                              WriteOutcome(written: 0, skipped: [], rollbacks: 0)).lastKey, [.int(10)],
                       "a chunk without a key keeps the last one")
    }
}
