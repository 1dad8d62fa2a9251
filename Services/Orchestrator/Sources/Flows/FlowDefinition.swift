import FerryServiceKit
import Foundation

/// A flow as stored: what `POST /v1/flows` and `PATCH` accept, after seed 001's rules (SPEC §3a).
struct FlowDefinition: Codable, Sendable, Hashable {
    var name: String
    var description: String?
    var bundleId: Int64
    var state: FlowState
    /// The Copy transformation's delta column (seed 001's object form).
    var deltaColumn: DeltaColumnSpec?
    /// The Mapping transformation: a catalog mapping set applied to the bundle's pairs that have none of their own.
    var mappingId: Int64?
    var mappingVersion: Int?
    var schedule: ScheduleParams
    var options: FlowOptions

    /// `backfill` (default true): the first run loads all history.
    var backfill: Bool { schedule.backfill ?? true }

    var transformations: [FlowTransformation] {
        var list: [FlowTransformation] = []
        if let deltaColumn { list.append(FlowTransformation(name: "Copy", params: .init(deltaColumn: deltaColumn))) }
        if let mappingId {
            list.append(FlowTransformation(name: "Mapping", params: .init(mappingId: String(mappingId),
                                                                          mappingVersion: mappingVersion)))
        }
        return list
    }
}

/// Parses a flow body field by field. `base` is the stored flow for a PATCH (absent fields keep their value).
enum FlowBody {
    static let topLevel: Set<String> = ["name", "description", "dataBundleId", "state", "transformations",
                                        "scheduleParams", "options", "flowSpec"]

    static func parse(_ body: JSONValue, base: FlowDefinition?) throws -> FlowDefinition {
        var check = FlowFieldCheck()
        guard case .object = body else { throw FerryError.invalidField("body", "request body must be a JSON object") }
        for key in ["sourceConnectionIds", "targetConnectionIds"] where body[key] != nil {
            check.fail(key, "is not used by Ferry: give dataBundleId (a bundle names both its source and its target)")
        }
        check.unknownKeys(body, "", known: topLevel.union(["sourceConnectionIds", "targetConnectionIds"]))
        _ = check.object(body["flowSpec"], "flowSpec")   // seed 001 sends it; Ferry offers one flow spec

        let name = check.string(body["name"], "name", max: 200) ?? base?.name
        if name == nil { check.fail("name", "is required") }
        let description = body["description"] == nil ? base?.description : check.string(body["description"], "description", max: 2000)
        let bundleId = check.int(body["dataBundleId"], "dataBundleId", in: 1...Int64.max) ?? base?.bundleId
        if bundleId == nil && body["dataBundleId"].map({ $0.isNull }) ?? true { check.fail("dataBundleId", "is required") }
        let state = check.oneOf(body["state"], "state", FlowState.self) ?? base?.state ?? .enabled

        var deltaColumn = base?.deltaColumn, mappingId = base?.mappingId, mappingVersion = base?.mappingVersion
        if let t = body["transformations"] {
            (deltaColumn, mappingId, mappingVersion) = transformations(t, &check)
        }
        var schedule = base?.schedule
        if let s = body["scheduleParams"], !s.isNull {
            schedule = scheduleParams(s, &check)
        } else if base == nil || body["scheduleParams"] != nil {
            check.fail("scheduleParams", "is required")
        }
        var flowOptions = base?.options ?? FlowOptions()
        if let o = body["options"] { flowOptions = options(o, base: flowOptions, &check) }
        try check.throwIfFailed()
        guard let name, let bundleId, let schedule else { throw FerryError.invalidField("body", "is incomplete") }
        return FlowDefinition(name: name, description: description, bundleId: bundleId, state: state,
                              deltaColumn: deltaColumn, mappingId: mappingId, mappingVersion: mappingVersion,
                              schedule: schedule, options: flowOptions)
    }

    /// Seed 001's `scheduleSpec`: startTime and frequency required; `once` forbids interval and backfill; every other
    /// frequency requires an interval, at least 15 for `minute` and 1 otherwise.
    static func scheduleParams(_ value: JSONValue, _ check: inout FlowFieldCheck) -> ScheduleParams? {
        guard check.object(value, "scheduleParams") != nil else { return nil }
        let f = "scheduleParams"
        check.unknownKeys(value, f, known: ["startTime", "frequency", "interval", "backfill"])
        let start = check.int(value["startTime"], "\(f).startTime", in: 0...253_402_300_799)   // up to 9999-12-31
        if value["startTime"]?.isNull ?? true { check.fail("\(f).startTime", "is required") }
        let frequency = check.oneOf(value["frequency"], "\(f).frequency", ScheduleFrequency.self)
        if value["frequency"]?.isNull ?? true { check.fail("\(f).frequency", "is required") }
        let hasInterval = !(value["interval"]?.isNull ?? true), hasBackfill = !(value["backfill"]?.isNull ?? true)
        var interval: Int64?
        var backfill: Bool?
        switch frequency {
        case .once?:
            if hasInterval { check.fail("\(f).interval", "must not be given with frequency once") }
            if hasBackfill { check.fail("\(f).backfill", "must not be given with frequency once") }
        case let frequency?:
            let minimum = frequency == .minute ? Int64(FlowLimits.minuteIntervalMinimum) : 1
            if hasInterval {
                interval = check.int(value["interval"], "\(f).interval", in: Int64.min...Int64.max)
                if let i = interval, i < minimum {
                    check.fail("\(f).interval", "must be at least \(minimum) for frequency \(frequency.rawValue)")
                    interval = nil
                } else if let i = interval, i > 100_000 {
                    check.fail("\(f).interval", "must be at most 100000")
                    interval = nil
                }
            } else {
                check.fail("\(f).interval", "is required for frequency \(frequency.rawValue)")
            }
            backfill = check.bool(value["backfill"], "\(f).backfill")
        case nil:
            _ = check.int(value["interval"], "\(f).interval", in: 1...100_000)
            _ = check.bool(value["backfill"], "\(f).backfill")
        }
        guard let start, let frequency else { return nil }
        return ScheduleParams(startTime: start, frequency: frequency, interval: interval.map { Int($0) }, backfill: backfill)
    }

    /// `[{"name": "Copy", "params": {"deltaColumn": {…}}}, {"name": "Mapping", "params": {"mappingId": "7"}}]`.
    static func transformations(_ value: JSONValue, _ check: inout FlowFieldCheck)
    -> (DeltaColumnSpec?, Int64?, Int?) {
        guard !value.isNull else { return (nil, nil, nil) }
        guard case .array(let items) = value else { check.fail("transformations", "must be an array"); return (nil, nil, nil) }
        var delta: DeltaColumnSpec?, mappingId: Int64?, mappingVersion: Int?
        var seen: Set<String> = []
        for (i, item) in items.enumerated() {
            let f = "transformations[\(i)]"
            guard check.object(item, f) != nil else { continue }
            check.unknownKeys(item, f, known: ["name", "params"])
            guard let name = check.string(item["name"], "\(f).name") else { check.fail("\(f).name", "is required"); continue }
            guard name == "Copy" || name == "Mapping" else { check.fail("\(f).name", "must be Copy or Mapping"); continue }
            guard seen.insert(name).inserted else { check.fail("\(f).name", "\(name) is given twice"); continue }
            guard let params = check.object(item["params"], "\(f).params") else {
                check.fail("\(f).params", "is required"); continue
            }
            if name == "Copy" {
                check.unknownKeys(params, "\(f).params", known: ["deltaColumn"])
                delta = deltaColumn(params["deltaColumn"], "\(f).params.deltaColumn", &check)
                if delta == nil && (params["deltaColumn"]?.isNull ?? true) { check.fail("\(f).params.deltaColumn", "is required") }
            } else {
                check.unknownKeys(params, "\(f).params", known: ["mappingId", "mappingVersion"])
                // Ferry's mapping sets have integer ids (`POST /v1/mappingSets` answers them), sent as text or number.
                mappingId = check.int(params["mappingId"], "\(f).params.mappingId", in: 1...Int64.max)
                if params["mappingId"]?.isNull ?? true { check.fail("\(f).params.mappingId", "is required") }
                mappingVersion = check.int(params["mappingVersion"], "\(f).params.mappingVersion", in: 0...Int64(Int32.max))
                    .map { Int($0) }
            }
        }
        return (delta, mappingId, mappingVersion)
    }

    /// `{"name": "UPDATED_AT", "dateFormat": "yyyy-MM-dd HH:mm:ss", "timezone": "UTC"}` (runSpec uses it too).
    static func deltaColumn(_ value: JSONValue?, _ f: String, _ check: inout FlowFieldCheck) -> DeltaColumnSpec? {
        guard let value = check.object(value, f) else { return nil }
        check.unknownKeys(value, f, known: ["name", "dateFormat", "timezone"])
        let name = check.identifier(value["name"], "\(f).name")
        if value["name"]?.isNull ?? true { check.fail("\(f).name", "is required") }
        let format = check.string(value["dateFormat"], "\(f).dateFormat", max: 64)
        let zone = check.string(value["timezone"], "\(f).timezone", max: 64)
        if let zone, TimeZone(identifier: zone) == nil {
            check.fail("\(f).timezone", "is not a known time zone (an IANA name such as UTC or Europe/Lisbon)")
        }
        guard let name else { return nil }
        return DeltaColumnSpec(name: name, dateFormat: format, timezone: zone)
    }

    /// Seed 001's `optionSpec` plus Ferry's catch-up, look-back and NULL-delta rules. A PATCH changes only the given keys.
    static func options(_ value: JSONValue, base: FlowOptions, _ check: inout FlowFieldCheck) -> FlowOptions {
        guard check.object(value, "options") != nil else { return base }
        check.unknownKeys(value, "options", known: ["partialIngestionPercent", "errorDiagnosticsEnabled", "catchUp",
                                                    "lookBackSeconds", "nullDeltaRows"])
        var o = base
        if let raw = value["partialIngestionPercent"] {
            if raw.isNull { o.partialIngestionPercent = nil }
            else if let p = check.number(raw, "options.partialIngestionPercent") {
                if p > 0 && p <= 100 { o.partialIngestionPercent = p }
                else { check.fail("options.partialIngestionPercent", "must be greater than 0 and at most 100") }
            }
        }
        if let b = check.bool(value["errorDiagnosticsEnabled"], "options.errorDiagnosticsEnabled") { o.errorDiagnosticsEnabled = b }
        if let c = check.oneOf(value["catchUp"], "options.catchUp", CatchUpPolicy.self) { o.catchUp = c }
        if let l = check.int(value["lookBackSeconds"], "options.lookBackSeconds", in: 0...Int64(FlowLimits.maxLookBackSeconds)) {
            o.lookBackSeconds = Int(l)
        }
        if let n = check.oneOf(value["nullDeltaRows"], "options.nullDeltaRows", NullDeltaRows.self) { o.nullDeltaRows = n }
        return o
    }
}
