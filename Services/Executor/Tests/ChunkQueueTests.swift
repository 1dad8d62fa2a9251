import Foundation
@testable import ExecutorService
import XCTest

/// The bounded hand-off between the reader's and the writer's threads: order kept, back-pressure at capacity,
/// the producer's error after the queued items, and cancellation releasing a blocked producer.
final class ChunkQueueTests: XCTestCase {
    func testOrderAndBackPressure() throws {
        let queue = ChunkQueue<Int>(capacity: 2)
        let produced = NSLock()
        nonisolated(unsafe) var highWater = 0
        nonisolated(unsafe) var inFlight = 0
        let producer = Thread {
            for i in 0..<200 {
                _ = queue.put(i)
                produced.lock(); inFlight += 1; highWater = max(highWater, inFlight); produced.unlock()
            }
            queue.finish()
        }
        producer.start()
        var got: [Int] = []
        while let v = try queue.take() {
            produced.lock(); inFlight -= 1; produced.unlock()
            got.append(v)
            if got.count % 50 == 0 { usleep(2_000) }
        }
        XCTAssertEqual(got, Array(0..<200))
        // A put returns only once its item is queued: at most `capacity` queued plus the one just taken.
        XCTAssertLessThanOrEqual(highWater, 3)
    }

    func testProducerErrorComesAfterTheQueuedItems() throws {
        struct Boom: Error {}
        let queue = ChunkQueue<Int>(capacity: 4)
        XCTAssertTrue(queue.put(1))
        XCTAssertTrue(queue.put(2))
        queue.finish(error: Boom())
        XCTAssertEqual(try queue.take(), 1)
        XCTAssertEqual(try queue.take(), 2)
        XCTAssertThrowsError(try queue.take()) { XCTAssertTrue($0 is Boom) }
    }

    func testCancelReleasesABlockedProducer() throws {
        let queue = ChunkQueue<Int>(capacity: 1)
        XCTAssertTrue(queue.put(1))
        let released = expectation(description: "blocked put returns false once the consumer cancels")
        let producer = Thread {
            if !queue.put(2) { released.fulfill() }
        }
        producer.start()
        usleep(50_000)
        queue.cancel()
        wait(for: [released], timeout: 5)
        XCTAssertTrue(queue.isCancelled)
    }
}
