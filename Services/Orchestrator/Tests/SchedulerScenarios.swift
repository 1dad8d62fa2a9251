import FerryHTTPClient
import FerryModels
import Foundation
@testable import OrchestratorService
import XCTest

/// The flow scheduler driven with an injected clock (`pass(now:)`), and flow runs with their windows.
enum SchedulerScenarios {
    /// 2026-01-01T00:00:00Z, the flows' start.
    static let t0: Int64 = 1_767_225_600
    static let quarter: Int64 = 900

    static func at(_ epoch: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(epoch)) }

    static func createFlow(_ h: OrchestratorHarness, bundle: Int64 = 42, catchUp: CatchUpPolicy = .latest,
                           transformations: String = "[]", backfill: Bool = true) async throws -> Int64 {
        let r = try await h.send("POST", "/v1/flows", #"""
            {"name": "every quarter", "dataBundleId": \#(bundle), "transformations": \#(transformations),
             "scheduleParams": {"startTime": \#(t0), "frequency": "minute", "interval": 15, "backfill": \#(backfill)},
             "options": {"catchUp": "\#(catchUp.rawValue)", "errorDiagnosticsEnabled": true}}
            """#)
        XCTAssertEqual(r.status, 201, r.text)
        return try r.decode(FlowSavedEnvelope.self).uid
    }

    /// Claims every step there is and completes it (reporting `high` for incremental ones when given).
    static func completeAll(_ h: OrchestratorHarness, high: String? = nil, outcome: FinishRequest.Outcome = .completed,
                            file: StaticString = #filePath, line: UInt = #line) async throws -> [WorkItem] {
        let items = try await h.claim("exec-1")
        for item in items {
            let r = try await h.finish(item.stepExecutionId, "exec-1", outcome,
                                       counts: StepCounts(readCount: 5, writeCount: 5, commitCount: 1), sourceRows: 5,
                                       message: outcome == .failed ? "connection lost" : nil,
                                       window: item.incremental.map { _ in WindowReport(high: high, nullDeltaRowCount: 2) })
            XCTAssertEqual(r.status, 204, r.text, file: file, line: line)
        }
        return items
    }

    static func launched(_ outcome: TickOutcome?) -> Int64? {
        if case .launched(_, _, let tick)? = outcome { return tick }
        return nil
    }

    /// Ticks at startTime + k × 15 min: none before the start, one at each tick, none between ticks or while the
    /// previous run still runs; the run's status follows its job.
    static func ticksAtTheRightTimes(_ h: OrchestratorHarness) async throws {
        let flow = try await createFlow(h)
        let scheduler = h.scheduler()
        try await assertNil(await scheduler.pass(now: at(t0 - 1))[flow], "not before startTime")
        try await assertEqual(launched(await scheduler.pass(now: at(t0))[flow]), t0)
        try await assertNil(await scheduler.pass(now: at(t0 + 60))[flow], "nothing between ticks")
        var runs = try await h.client.get("/v1/flows/\(flow)/runs", as: FlowRunPage.self)
        XCTAssertEqual(runs.items.map(\.status), [.inProgress])
        XCTAssertEqual(runs.items.first?.scheduledFor, "2026-01-01T00:00:00.000Z")
        XCTAssertEqual(runs.items.first?.trigger, .schedule)

        // The tick at 00:15 finds the first run still running: it waits, then runs once that one ended.
        try await assertEqual(await scheduler.pass(now: at(t0 + quarter))[flow], .waiting)
        _ = try await completeAll(h)
        try await assertEqual(launched(await scheduler.pass(now: at(t0 + quarter + 5))[flow]), t0 + quarter)
        _ = try await completeAll(h)
        try await assertEqual(launched(await scheduler.pass(now: at(t0 + 2 * quarter))[flow]), t0 + 2 * quarter)
        runs = try await h.client.get("/v1/flows/\(flow)/runs", as: FlowRunPage.self)
        XCTAssertEqual(runs.items.map(\.scheduledFor),
                       ["2026-01-01T00:30:00.000Z", "2026-01-01T00:15:00.000Z", "2026-01-01T00:00:00.000Z"], "newest first")
        XCTAssertEqual(runs.items.map(\.status), [.inProgress, .success, .success])
        XCTAssertEqual(runs.items[1].recordSummary, FlowRecordSummary(inputRecordCount: 5, outputRecordCount: 5, skippedRecordCount: 0))

        // Disabled: no tick; enabled again: the ticks it slept through are not replayed, the next one runs.
        _ = try await completeAll(h)
        try await assertEqual(try await h.send("PATCH", "/v1/flows/\(flow)", #"{"state": "disabled"}"#).status, 200)
        try await assertNil(await scheduler.pass(now: at(t0 + 3 * quarter))[flow])
        try await assertEqual(try await h.send("PATCH", "/v1/flows/\(flow)", #"{"state": "enabled"}"#).status, 200)
        let now = Int64(Date().timeIntervalSince1970)   // PATCH used the real clock
        try await assertNil(await scheduler.pass(now: at(now))[flow], "ticks missed while disabled are dropped")
        let next = (now - t0) / quarter * quarter + t0 + quarter
        try await assertEqual(launched(await scheduler.pass(now: at(next))[flow]), next)
    }

    /// Down for five intervals: `latest` runs once, `all` runs the missed ticks one after another, `skip` none.
    static func catchUpAfterDowntime(_ h: OrchestratorHarness) async throws {
        let scheduler = h.scheduler()
        let back = t0 + 5 * quarter + 7
        let latest = try await createFlow(h, bundle: 42, catchUp: .latest)
        let all = try await createFlow(h, bundle: 43, catchUp: .all)
        let skip = try await createFlow(h, bundle: 41, catchUp: .skip)
        var first = await scheduler.pass(now: at(t0))
        XCTAssertEqual([latest, all, skip].map { launched(first[$0]) }, [t0, t0, t0])
        for _ in 0..<4 { _ = try await completeAll(h) }   // 41 has three orderings

        first = await scheduler.pass(now: at(back))
        XCTAssertEqual(launched(first[latest]), t0 + 5 * quarter, "latest: one run for the newest missed tick")
        XCTAssertEqual(launched(first[all]), t0 + quarter, "all: the oldest missed tick first")
        XCTAssertEqual(first[skip], .dropped(through: t0 + 5 * quarter), "skip: missed ticks dropped")
        try await assertNil(await scheduler.pass(now: at(back + 1))[latest], "latest ran once, not five times")
        var allTicks: [Int64] = [t0 + quarter]
        for _ in 0..<6 {
            _ = try await completeAll(h)
            if let tick = launched(await scheduler.pass(now: at(back + 2))[all]) { allTicks.append(tick) }
        }
        XCTAssertEqual(allTicks, (1...5).map { t0 + $0 * quarter }, "each missed tick once, in order, one at a time")
        let runs = try await h.client.get("/v1/flows/\(latest)/runs", as: FlowRunPage.self)
        XCTAssertEqual(runs.total, 2)
        try await assertEqual(try await h.client.get("/v1/flows/\(skip)/runs", as: FlowRunPage.self).total, 1)
        // skip: the next tick seen on time runs.
        try await assertEqual(launched(await scheduler.pass(now: at(t0 + 6 * quarter + 2))[skip]), t0 + 6 * quarter)
    }

    /// Two orchestrators on one PostgreSQL store, passing at the same moments: each tick launches exactly once.
    static func twoOrchestrators(_ h: OrchestratorHarness) async throws {
        let peer = try await h.peer()
        let flows = [try await createFlow(h, bundle: 42), try await createFlow(h, bundle: 43)]
        let a = h.scheduler(), b = h.scheduler(on: peer.store)
        var launches: [Int64: Int] = [:]
        for k in 0..<4 {
            let now = at(t0 + Int64(k) * quarter + 1)
            async let first = a.pass(now: now)
            async let second = b.pass(now: now)
            for outcome in await [first, second] {
                for (flow, o) in outcome where launched(o) != nil { launches[flow, default: 0] += 1 }
            }
            for _ in 0..<2 { _ = try await completeAll(h) }
        }
        XCTAssertEqual(launches, [flows[0]: 4, flows[1]: 4], "four ticks, four launches per flow, whoever took them")
        for flow in flows {
            let runs = try await h.client.get("/v1/flows/\(flow)/runs", as: FlowRunPage.self)
            XCTAssertEqual(Set(runs.items.map(\.scheduledFor)).count, 4)
            XCTAssertEqual(Set(runs.items.compactMap(\.jobExecutionId)).count, 4)
        }
        try await assertEqual(try await h.client.get("/internal/executions", as: JobExecutionPage.self).total, 8)
        await peer.app.stop()
        await peer.store.close()
    }

    /// A flow with a delta column: the window travels in the work item, `high` becomes the next `low` only after a
    /// COMPLETED step, manual runs and reloads, and `loadMode: incremental` outside a flow uses the bundle's watermark.
    static func windowsAndWatermarks(_ h: OrchestratorHarness) async throws {
        let flow = try await createFlow(h, transformations: #"""
            [{"name": "Copy", "params": {"deltaColumn": {"name": "UPDATED_AT", "timezone": "Europe/Lisbon"}}},
             {"name": "Mapping", "params": {"mappingId": 7}}]
            """#, backfill: false)
        let scheduler = h.scheduler()
        try await assertNotNil(launched(await scheduler.pass(now: at(t0))[flow]))
        var items = try await completeAll(h, high: "2026-01-01 00:00:00.000001")
        let first = try XCTUnwrap(items.first?.incremental)
        XCTAssertEqual(first.deltaColumn, "UPDATED_AT")
        XCTAssertNil(first.low)
        XCTAssertNotNil(first.lowTime, "backfill false: the first run starts at the flow's creation")
        XCTAssertEqual(first.timezone, "Europe/Lisbon")
        XCTAssertEqual(items.first?.pair.mappings, Fixtures.mappings, "the flow's mapping set reaches the pair")

        // A failed run does not advance the watermark.
        let manual = try await h.send("POST", "/v1/flows/\(flow)/runs")
        XCTAssertEqual(manual.status, 201, manual.text)
        items = try await completeAll(h, high: "2026-01-01 00:10:00", outcome: .failed)
        XCTAssertEqual(items.first?.incremental?.low, "2026-01-01 00:00:00.000001")
        let failedRun = try manual.decode(FlowRunStarted.self).id
        let failed = try await h.client.get("/v1/flows/\(flow)/runs/\(failedRun)", as: FlowRunView.self)
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.trigger, .manual)
        XCTAssertTrue(failed.errors.contains { $0.message.contains("connection lost") }, "\(failed.errors)")

        let again = try await h.send("POST", "/v1/flows/\(flow)/runs", "")
        XCTAssertEqual(again.status, 201, again.text)
        try await assertEqual(try await h.send("POST", "/v1/flows/\(flow)/runs").status, 409, "a run is in progress")
        items = try await completeAll(h, high: "2026-01-01 00:20:00.5")
        XCTAssertEqual(items.first?.incremental?.low, "2026-01-01 00:00:00.000001", "still the last successful high")
        let run = try await h.client.get("/v1/flows/\(flow)/runs/\(try again.decode(FlowRunStarted.self).id)", as: FlowRunView.self)
        XCTAssertEqual(run.status, .success)
        XCTAssertEqual(run.tables.first?.low, "2026-01-01 00:00:00.000001")
        XCTAssertEqual(run.tables.first?.high, "2026-01-01 00:20:00.5")
        XCTAssertEqual(run.tables.first?.nullDeltaRowCount, 2)
        XCTAssertEqual(run.windowEndTime, "2026-01-01T00:20:00.500Z", "Lisbon is at UTC+0 in winter")

        // A reload of a past window: fixed bounds, and its high never becomes the watermark.
        for bad in [#"{"windowStartTime": 100}"#, #"{"windowStartTime": 200, "windowEndTime": 100}"#,
                    #"{"runSpec": {"windowStartTime": "a", "windowEndTime": 100}}"#, #"{"windowEndTime": 99999999999}"#] {
            try await assertEqual(try await h.send("POST", "/v1/flows/\(flow)/runs", bad).status, 400, bad)
        }
        let reload = try await h.send("POST", "/v1/flows/\(flow)/runs",
                                      #"{"runSpec": {"startTime": 1, "windowStartTime": "1767225600", "windowEndTime": 1767226500}}"#)
        XCTAssertEqual(reload.status, 201, reload.text)
        items = try await completeAll(h, high: "2026-01-01 00:15:00")
        XCTAssertEqual(items.first?.incremental?.lowTime, "2026-01-01T00:00:00.000Z")
        XCTAssertEqual(items.first?.incremental?.highTime, "2026-01-01T00:15:00.000Z")
        XCTAssertEqual(items.first?.incremental?.advancesWatermark, false)
        _ = try await h.send("POST", "/v1/flows/\(flow)/runs")
        items = try await completeAll(h, high: "2026-01-01 00:30:00")
        XCTAssertEqual(items.first?.incremental?.low, "2026-01-01 00:20:00.5", "the reload did not move the watermark")

        // Outside a flow: loadMode incremental continues from the bundle's last successful watermark.
        _ = try await h.launch(45)
        items = try await completeAll(h, high: "42")
        XCTAssertNil(items.first?.incremental?.low)
        _ = try await h.launch(45)
        items = try await completeAll(h, high: "43")
        XCTAssertEqual(items.first?.incremental?.low, "42")
        XCTAssertEqual(items.first?.incremental?.deltaColumn, "UPDATED_AT")
        let latest = try await h.client.get("/internal/bundles/45/latest", as: LatestIntegration.self)
        XCTAssertEqual(latest.pairs.map(\.watermark), ["43"], "get-latest-integration's watermark")
        let plain = try await h.launch(41)
        try await assertNil(try await h.claim("exec-1").first { $0.jobExecutionId == plain.uid }?.incremental, "upsert pairs stay full")
    }
}
