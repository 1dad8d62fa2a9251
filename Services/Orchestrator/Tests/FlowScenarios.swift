import FerryHTTPClient
import FerryModels
import Foundation
@testable import OrchestratorService
import XCTest

/// Seed 001's flows over HTTP: the schedule rules one by one, the seed's own body, reads, changes, deletes.
/// Each scenario runs on SQLite and PostgreSQL.
enum FlowScenarios {
    /// Seed 001's example body as users paste it (numbers and booleans as text), with Ferry's bundle and mapping set.
    static let seedBody = #"""
    {"name": "Database dataflow using BigQuery", "description": "collecting test1.Mytable",
     "flowSpec": {"id": "14518937-270c-4525-bdec-c2ba7cce3860", "version": "1.0"},
     "dataBundleId": 42,
     "transformations": [
       {"name": "Copy", "params": {"deltaColumn": {"name": "Datefield", "dateFormat": "YYYY-MM-DD", "timezone": "UTC"}}},
       {"name": "Mapping", "params": {"mappingId": "7", "mappingVersion": 0}}],
     "scheduleParams": {"startTime": "1612310466", "frequency": "minute", "interval": "15", "backfill": "true"}}
    """#

    static func body(schedule: String, options: String = "{}", bundle: Int64 = 42) -> String {
        #"{"name": "CRM", "dataBundleId": \#(bundle), "scheduleParams": \#(schedule), "options": \#(options)}"#
    }

    /// Every rule of seed 001's scheduleSpec → 400 naming the field; the seed's own body → 201, read back typed.
    static func scheduleRules(_ h: OrchestratorHarness) async throws {
        func rejects(_ schedule: String, _ field: String, file: StaticString = #filePath, line: UInt = #line) async throws {
            assertFieldError(try await h.send("POST", "/v1/flows", body(schedule: schedule)), field: field, file: file, line: line)
        }
        try await rejects(#"{"startTime": 1612310466, "frequency": "once", "interval": 15}"#, "scheduleParams.interval")
        try await rejects(#"{"startTime": 1612310466, "frequency": "once", "backfill": true}"#, "scheduleParams.backfill")
        try await rejects(#"{"startTime": 1612310466, "frequency": "minute", "interval": 14}"#, "scheduleParams.interval")
        try await rejects(#"{"startTime": 1612310466, "frequency": "minute", "interval": "10"}"#, "scheduleParams.interval")
        try await rejects(#"{"startTime": 1612310466, "frequency": "minute"}"#, "scheduleParams.interval")
        try await rejects(#"{"startTime": 1612310466, "frequency": "hour"}"#, "scheduleParams.interval")
        try await rejects(#"{"startTime": 1612310466, "frequency": "day", "interval": 0}"#, "scheduleParams.interval")
        try await rejects(#"{"startTime": 1612310466, "frequency": "week", "interval": "x"}"#, "scheduleParams.interval")
        try await rejects(#"{"frequency": "day", "interval": 1}"#, "scheduleParams.startTime")
        try await rejects(#"{"startTime": "yesterday", "frequency": "day", "interval": 1}"#, "scheduleParams.startTime")
        try await rejects(#"{"startTime": 1612310466, "interval": 1}"#, "scheduleParams.frequency")
        try await rejects(#"{"startTime": 1612310466, "frequency": "fortnight", "interval": 1}"#, "scheduleParams.frequency")
        try await rejects(#"{"startTime": 1612310466, "frequency": "day", "interval": 1, "backfill": "maybe"}"#, "scheduleParams.backfill")
        try await rejects(#"{"startTime": 1612310466, "frequency": "day", "interval": 1, "cron": "* * *"}"#, "scheduleParams.cron")
        assertFieldError(try await h.send("POST", "/v1/flows", #"{"name": "CRM", "dataBundleId": 42}"#), field: "scheduleParams")
        // Minimums that are allowed.
        let day = try await h.send("POST", "/v1/flows", body(schedule: #"{"startTime": 1612310466, "frequency": "day", "interval": 1}"#))
        XCTAssertEqual(day.status, 201, day.text)
        let once = try await h.send("POST", "/v1/flows", body(schedule: #"{"startTime": 1612310466, "frequency": "once"}"#))
        XCTAssertEqual(once.status, 201, once.text)

        let created = try await h.send("POST", "/v1/flows", seedBody)
        XCTAssertEqual(created.status, 201, created.text)
        let saved = try created.decode(FlowSavedEnvelope.self)
        XCTAssertEqual(saved.id, String(saved.uid))
        XCTAssertEqual(saved.etag, #""1""#)
        XCTAssertEqual(saved.message, "Flow created")
        XCTAssertEqual(saved.description, "Database dataflow using BigQuery")

        let read = try await h.send("GET", "/v1/flows/\(saved.uid)")
        XCTAssertEqual(read.status, 200, read.text)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(read.body)) as? [String: Any])
        let schedule = try XCTUnwrap(json["scheduleParams"] as? [String: Any])
        XCTAssertEqual(schedule["startTime"] as? Int, 1612310466, read.text)
        XCTAssertEqual(schedule["interval"] as? Int, 15, "\"15\" reads back as 15: \(read.text)")
        XCTAssertEqual(schedule["backfill"] as? Bool, true, read.text)
        let flow = try read.decode(FlowView.self)
        XCTAssertEqual(flow.transformations.first?.params.deltaColumn,
                       DeltaColumnSpec(name: "Datefield", dateFormat: "YYYY-MM-DD", timezone: "UTC"))
        XCTAssertEqual(flow.transformations.last?.params.mappingId, "7")
        XCTAssertEqual(flow.options.catchUp, .latest)
        XCTAssertEqual(flow.state, .enabled)
        XCTAssertNotNil(flow.nextRunTime, "a start in the past ticks at once")
    }

    /// Other fields of the body, each a 400 naming it; nothing is stored.
    static func bodyValidation(_ h: OrchestratorHarness) async throws {
        let schedule = #"{"startTime": 1612310466, "frequency": "hour", "interval": 1}"#
        assertFieldError(try await h.send("POST", "/v1/flows", body(schedule: schedule, bundle: 999)), field: "dataBundleId")
        assertFieldError(try await h.send("POST", "/v1/flows", #"{"name": "x", "scheduleParams": \#(schedule)}"#), field: "dataBundleId")
        assertFieldError(try await h.send("POST", "/v1/flows", #"{"dataBundleId": 42, "scheduleParams": \#(schedule)}"#), field: "name")
        assertFieldError(try await h.send("POST", "/v1/flows", #"{"name": "x", "dataBundleId": 42, "sourceConnectionIds": ["a"], "scheduleParams": \#(schedule)}"#),
                         field: "sourceConnectionIds")
        for (options, field) in [(#"{"partialIngestionPercent": 0}"#, "options.partialIngestionPercent"),
                                 (#"{"partialIngestionPercent": "lots"}"#, "options.partialIngestionPercent"),
                                 (#"{"errorDiagnosticsEnabled": "yes"}"#, "options.errorDiagnosticsEnabled"),
                                 (#"{"catchUp": "never"}"#, "options.catchUp"),
                                 (#"{"lookBackSeconds": -1}"#, "options.lookBackSeconds"),
                                 (#"{"nullDeltaRows": "sometimes"}"#, "options.nullDeltaRows")] {
            assertFieldError(try await h.send("POST", "/v1/flows", body(schedule: schedule, options: options)), field: field)
        }
        func withTransformations(_ t: String) -> String {
            #"{"name": "x", "dataBundleId": 42, "scheduleParams": \#(schedule), "transformations": \#(t)}"#
        }
        assertFieldError(try await h.send("POST", "/v1/flows", withTransformations(#"[{"name": "Sort", "params": {}}]"#)),
                         field: "transformations[0].name")
        assertFieldError(try await h.send("POST", "/v1/flows", withTransformations(#"[{"name": "Copy", "params": {}}]"#)),
                         field: "transformations[0].params.deltaColumn")
        assertFieldError(try await h.send("POST", "/v1/flows", withTransformations(
            #"[{"name": "Copy", "params": {"deltaColumn": {"name": "a; DROP TABLE x"}}}]"#)), field: "transformations[0].params.deltaColumn.name")
        assertFieldError(try await h.send("POST", "/v1/flows", withTransformations(
            #"[{"name": "Copy", "params": {"deltaColumn": {"name": "UPDATED_AT", "timezone": "Mars/Olympus"}}}]"#)),
                         field: "transformations[0].params.deltaColumn.timezone")
        assertFieldError(try await h.send("POST", "/v1/flows", withTransformations(
            #"[{"name": "Copy", "params": {"deltaColumn": {"name": "U"}}}, {"name": "Mapping", "params": {"mappingId": "0b090130"}}]"#)),
                         field: "transformations[1].params.mappingId")
        assertFieldError(try await h.send("POST", "/v1/flows", withTransformations(
            #"[{"name": "Mapping", "params": {"mappingId": "8"}}]"#)), field: "transformations[0].params.mappingId")
        // The delta column must exist in the source table, with a time or integer type (the catalog checks it).
        assertFieldError(try await h.send("POST", "/v1/flows", withTransformations(
            #"[{"name": "Mapping", "params": {"mappingId": "7"}}, {"name": "Copy", "params": {"deltaColumn": {"name": "CHANGED"}}}]"#)),
                         field: "transformations[1].params.deltaColumn.name")
        let text = try await h.send("POST", "/v1/flows", withTransformations(#"[{"name": "Copy", "params": {"deltaColumn": {"name": "name"}}}]"#))
        assertFieldError(text, field: "transformations[0].params.deltaColumn.name")
        XCTAssertTrue(text.text.contains("must be a timestamp, date or integer column"), text.text)
        assertFieldError(try await h.send("POST", "/v1/flows", #"{"name": "x""#), field: "body")
        assertFieldError(try await h.send("POST", "/v1/flows", "[1, 2]"), field: "body")
        let none = try await h.client.get("/v1/flows", as: FlowPage.self)
        XCTAssertEqual(none.total, 0, "nothing was stored")
    }

    /// Read, change (state, schedule, single options; stale etag 412; bad values 400 leave it unchanged), delete.
    static func changeAndDelete(_ h: OrchestratorHarness) async throws {
        let schedule = #"{"startTime": 1612310466, "frequency": "hour", "interval": 2}"#
        let id = try await h.send("POST", "/v1/flows", body(schedule: schedule, options: #"{"catchUp": "all"}"#))
            .decode(FlowSavedEnvelope.self).uid
        let disabled = try await h.send("PATCH", "/v1/flows/\(id)", #"{"state": "disabled", "options": {"lookBackSeconds": "5"}}"#)
        XCTAssertEqual(disabled.status, 200, disabled.text)
        XCTAssertEqual(try disabled.decode(FlowSavedEnvelope.self).etag, #""2""#)
        var flow = try await h.client.get("/v1/flows/\(id)", as: FlowView.self)
        XCTAssertEqual(flow.state, .disabled)
        XCTAssertEqual(flow.options.catchUp, .all, "options not given keep their value")
        XCTAssertEqual(flow.options.lookBackSeconds, 5)
        XCTAssertNil(flow.nextRunTime, "a disabled flow has no next run")

        assertFieldError(try await h.send("PATCH", "/v1/flows/\(id)", #"{"scheduleParams": {"startTime": 1, "frequency": "minute", "interval": 5}}"#),
                         field: "scheduleParams.interval")
        assertFieldError(try await h.send("PATCH", "/v1/flows/\(id)", #"{"transformations": [{"name": "Copy", "params": {"deltaColumn": {"name": "GONE"}}}]}"#),
                         field: "transformations[0].params.deltaColumn.name")
        try await assertEqual(try await h.client.get("/v1/flows/\(id)", as: FlowView.self).transformations.count, 0)
        let stale = try await h.send("PATCH", "/v1/flows/\(id)", #"{"state": "enabled"}"#, headers: ["If-Match": #""1""#])
        XCTAssertEqual(stale.status, 412, stale.text)
        let enabled = try await h.send("PATCH", "/v1/flows/\(id)", #"{"state": "enabled", "scheduleParams": {"startTime": 1612310466, "frequency": "once"}}"#,
                                       headers: ["If-Match": #""2""#])
        XCTAssertEqual(enabled.status, 200, enabled.text)
        flow = try await h.client.get("/v1/flows/\(id)", as: FlowView.self)
        XCTAssertEqual(flow.scheduleParams, ScheduleParams(startTime: 1612310466, frequency: .once))
        XCTAssertEqual(flow.state, .enabled)

        let list = try await h.client.get("/v1/flows?bundleId=42", as: FlowPage.self)
        XCTAssertEqual(list.items.map(\.uid), [id])
        try await assertEqual(try await h.client.get("/v1/flows?bundleId=41", as: FlowPage.self).total, 0)

        let specs = try await h.send("GET", "/v1/flowSpecs")
        XCTAssertEqual(specs.status, 200)
        XCTAssertTrue(specs.text.contains(#""scheduleSpec""#) && specs.text.contains(#""minimum": 15"#), specs.text)

        try await assertEqual(try await h.send("DELETE", "/v1/flows/\(id)").status, 200)
        try await assertEqual(try await h.send("GET", "/v1/flows/\(id)").status, 404)
        try await assertEqual(try await h.send("DELETE", "/v1/flows/\(id)").status, 404)
        assertFieldError(try await h.send("GET", "/v1/flows/abc"), field: "id")
        let noKey = try await HTTPClient(baseURL: h.app.baseURL).send("GET", "/v1/flows")
        XCTAssertEqual(noKey.status, 401)
    }
}
