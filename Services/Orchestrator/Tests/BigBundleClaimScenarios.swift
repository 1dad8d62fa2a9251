import FerryHTTPClient
import FerryModels
import FerryTestKit
import Foundation
@testable import OrchestratorService
import XCTest

/// A bundle of 1,000 pairs claimed by 4 executors at once through two orchestrators: every item carries only its
/// own pair (a claim that shipped the whole spec per item ran at ~15 items/s), every step is handed out once,
/// and the job completes. Prints the claim rate (a figure to watch, not an assertion: tests never time).
enum BigBundleClaimScenarios {
    static let pairs = 1_000
    static let bundleId: Int64 = 46

    static func bigBundle(_ h: OrchestratorHarness) async throws {
        h.specs[bundleId] = Fixtures.bundle(bundleId, "CO_APP_HUGE",
                                            (1...pairs).map { Fixtures.pair(10_000 + Int64($0), "T\($0)", 1) })
        let (peer, peerStore) = try await h.peer()
        do {
            try await run(h, clients: [h.client, peer.client()])
        } catch {
            await peer.stop(); await peerStore.close()
            throw error
        }
        await peer.stop(); await peerStore.close()
    }

    private static func run(_ h: OrchestratorHarness, clients: [HTTPClient]) async throws {
        let job = try await h.launch(bundleId)
        let started = ContinuousClock.now
        // Each executor claims 4 at a time and finishes what it got, until a claim comes back empty.
        let claimed = try await withThrowingTaskGroup(of: [WorkItem].self) { group in
            for n in 0..<4 {
                let client = clients[n % 2], executor = "exec-\(n)"
                group.addTask {
                    var mine: [WorkItem] = []
                    for _ in 0..<(pairs + 10) {
                        let items = try await client.post("/internal/work/claim", ClaimRequest(executorId: executor, slots: 4),
                                                          as: ClaimResponse.self).items
                        if items.isEmpty { break }
                        for item in items {
                            let body = FinishRequest(executorId: executor, outcome: .completed,
                                                     counts: StepCounts(readCount: 1, writeCount: 1, commitCount: 1),
                                                     retryCount: 0, sourceRows: 1)
                            let r = try await client.send("POST", "/internal/work/\(item.stepExecutionId)/finish",
                                                          body: try OrderedJSONEncoder().encode(body))
                            XCTAssertEqual(r.status, 204, r.text)
                        }
                        mine += items
                    }
                    return mine
                }
            }
            var all: [WorkItem] = []
            for try await items in group { all += items }
            return all
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        print("big bundle: \(claimed.count) items of a \(pairs)-pair bundle claimed and finished in "
              + String(format: "%.1f s (%.0f items/s)", seconds, Double(claimed.count) / max(seconds, 0.001)))
        XCTAssertEqual(claimed.count, pairs)
        XCTAssertEqual(Set(claimed.map(\.stepExecutionId)).count, pairs, "no step is handed out twice")
        // Counted, not asserted per item: a failure here must not print 1,000 specs of 1,000 pairs.
        let whole = claimed.filter { $0.bundle.pairs != [$0.pair] }.count
        XCTAssertEqual(whole, 0, "items carrying more than their own pair")
        XCTAssertEqual(Set(claimed.map(\.bundle.bundleName)), ["CO_APP_HUGE"])
        let done = try await h.execution(job.uid)
        XCTAssertEqual(done.status, .completed)
        XCTAssertEqual(done.steps.count, pairs)
    }
}
