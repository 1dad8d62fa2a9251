import FerryHTTPClient
import FerryModels
import Foundation
@testable import OrchestratorService
import XCTest

/// `POST /internal/work/release`: an executor restarted under its stable id gives back what its dead process held.
enum ReleaseScenarios {
    /// Only the caller's live leases are released; the steps are claimable at once (no lease expiry waited for)
    /// and the dead process's late reports are refused once another executor owns the step.
    static func releaseOnRestart(_ h: OrchestratorHarness) async throws {
        let job = try await h.launch(41)
        let mine = try await h.claim("exec-a", slots: 1)
        let theirs = try await h.claim("exec-b", slots: 1)
        XCTAssertEqual(mine.count, 1)
        XCTAssertEqual(theirs.count, 1)
        try await assertTrue(try await h.claim("exec-c").isEmpty, "ordering 2 waits for ordering 1")

        let r = try await h.client.post("/internal/work/release", ReleaseRequest(executorId: "exec-a"), as: ReleaseResponse.self)
        XCTAssertEqual(r.released, mine.map(\.stepExecutionId))
        let again = try await h.client.post("/internal/work/release", ReleaseRequest(executorId: "exec-a"), as: ReleaseResponse.self)
        XCTAssertEqual(again.released, [], "a released lease is not released twice")

        // No clock advance: the released step is claimable now; exec-b's step is still exec-b's.
        let taken = try await h.claim("exec-c")
        XCTAssertEqual(taken.map(\.stepExecutionId), mine.map(\.stepExecutionId))
        XCTAssertEqual(taken.first?.stepKey, mine.first?.stepKey, "the same step key: it resumes from the target's checkpoint")
        try await assertEqual(try await h.beat(mine[0].stepExecutionId, "exec-a").status, 409)
        try await assertEqual(try await h.beat(theirs[0].stepExecutionId, "exec-b").status, 200)
        var e = try await h.execution(job.uid)
        XCTAssertEqual(e.steps.first { $0.stepExecutionId == mine[0].stepExecutionId }?.executorId, "exec-c")
        XCTAssertEqual(e.status, .started)

        try await h.complete(taken[0], "exec-c")
        try await h.complete(theirs[0], "exec-b")
        e = try await h.execution(job.uid)
        XCTAssertEqual(e.steps.prefix(2).map(\.status), [.completed, .completed])
    }

    /// The body is validated like the other work routes; the route needs the internal token.
    static func releaseValidation(_ h: OrchestratorHarness) async throws {
        assertFieldError(try await h.send("POST", "/internal/work/release", #"{}"#), field: "executorId")
        assertFieldError(try await h.send("POST", "/internal/work/release", #"{"executorId": "  "}"#), field: "executorId")
        assertFieldError(try await h.send("POST", "/internal/work/release", #"{"executorId": 7}"#), field: "executorId")
        let long = String(repeating: "x", count: 201)
        assertFieldError(try await h.send("POST", "/internal/work/release", #"{"executorId": "\#(long)"}"#), field: "executorId")
        assertFieldError(try await h.send("POST", "/internal/work/release", "not json"), field: "body")
        let anonymous = try await h.send("POST", "/internal/work/release", #"{"executorId": "exec-a"}"#,
                                         headers: ["X-Ferry-Internal-Token": "wrong"])
        XCTAssertEqual(anonymous.status, 401, anonymous.text)
    }
}
