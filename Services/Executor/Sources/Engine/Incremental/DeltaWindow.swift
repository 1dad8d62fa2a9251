import Foundation
import FerryModels
import FerrySQL
import FerryTime

/// The rows of an incremental step (SPEC §3a): `(low − lookBack, high]` of the delta column, NULL-delta rows per
/// the window's rule, `high` and the rows read in ONE snapshot of the source.
///
/// ``open(_:_:_:)`` runs on the source connection before the step reads: it decides `high`, then leaves a read
/// transaction open (REPEATABLE READ on PostgreSQL, a deferred read transaction on SQLite — a WAL snapshot from its
/// first read) in which `high` was computed and the extraction then streams; ``close(_:)`` ends it.
///
/// **Why the cap on PostgreSQL is safe.** A writer that stamps `updated_at = now()` stamps its transaction's start
/// (`clock_timestamp()` is later still), and its rows become visible only when it commits. Before our snapshot we
/// read, in a separate statement, the clock `t` and the start of the oldest transaction open in the database
/// (`pg_stat_activity.xact_start`, every client backend but us). Then the snapshot is taken. A transaction that is
/// not committed in our snapshot either was open at that first read — so it started at or after `oldest` — or began
/// after it, at or after `t`. Either way every row it may still commit carries a delta ≥ `min(oldest, t)`. So
/// `high = min(max(delta in the snapshot), min(oldest, t) − 1 µs)` leaves nothing behind; rows above `high` are read
/// by the next run. Reading the activity *inside* the snapshot's first statement would race: a writer committing
/// between the snapshot and the activity read would be neither seen nor counted. Sessions whose activity we may not
/// see (another role without pg_read_all_stats) add the `t − lookBack` cap. The cap only waits for transactions in
/// flight: with none open, `high` is the newest committed value. Assumption, stated: delta values are written as
/// the writer's current time (not back-dated by the application).
/// Elsewhere (SQLite, ODBC) open transactions cannot be seen: `high` is capped at `now − lookBack`.
/// Non-time delta columns (a version number) cannot be capped by time: with any transaction open on PostgreSQL
/// the watermark stays where it was (the window is still read and merged), elsewhere `high` is the maximum.
struct DeltaWindow: Sendable {
    /// The predicate of the extraction (values inlined: COPY takes no parameters); nil reads every row.
    var filter: String?
    /// The window's upper bound as the column's own text; nil when the snapshot holds no delta value yet.
    var high: String?
    var nullDeltaRows: Int64
    /// The source columns the window reads, reported with its finish (the next window's drift check).
    var columns: [WindowColumn]? = nil

    static func open(_ c: any SQLConnection, _ w: IncrementalWindow, _ source: TableInfo) throws -> DeltaWindow {
        let column: ColumnInfo
        switch DeltaColumnRule.check(w.deltaColumn, in: source) {
        case .success(let c): column = c
        case .failure(let problem): throw StepFailure.permanent("delta column: \(problem)")
        }
        let d = c.dialect
        let col = d.quote(column.name)
        let from = d.qualified(source.ref)
        let kind = DeltaKind(column.type)
        switch d.family {
        case .postgresql:
            // 1. Before the snapshot (autocommit): the clock and the oldest open transaction.
            let probe = try c.query("""
                SELECT clock_timestamp()::text,
                  (SELECT min(xact_start)::text FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                      AND xact_start IS NOT NULL),
                  (SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                      AND state IS NULL)
                """).rows.first
            let clock = probe?.string(0) ?? "now"
            let oldest = probe?.string(1)
            let hidden = (probe?.int64(2) ?? 0) > 0
            // 2. The snapshot.
            try c.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            let zone = w.timezone.map(literal) ?? "current_setting('TimeZone')"
            var capTZ = "LEAST(\(literal(clock))::timestamptz\(oldest.map { ", \(literal($0))::timestamptz" } ?? ""))"
            if hidden { capTZ = "LEAST(\(capTZ), \(literal(clock))::timestamptz - interval '\(w.lookBackSeconds) seconds')" }
            let cap: String? = switch kind {
            case .timestamptz: "(\(capTZ) - interval '1 microsecond')"
            case .timestamp: "((\(capTZ) AT TIME ZONE \(zone)) - interval '1 microsecond')"
            case .date: "((\(capTZ) AT TIME ZONE \(zone))::date - 1)"
            case .other: oldest == nil && !hidden ? nil : "NULL"   // writers in flight: do not advance
            }
            let type = column.nativeType
            let max = "(SELECT max(\(col)) FROM \(from))"
            var highSQL: String
            if let fixed = w.highTime {           // a reloaded past window: its own end
                let tz = "\(literal(fixed))::timestamptz"
                highSQL = kind == .timestamptz ? tz : "CAST(\(tz) AT TIME ZONE \(zone) AS \(type))"
            } else if let cap, cap != "NULL" {
                highSQL = "LEAST(\(max), CAST(\(cap) AS \(type)))"
            } else {
                highSQL = max
            }
            let r = try c.query("SELECT (\(highSQL))::text, (SELECT count(*) FROM \(from) WHERE \(col) IS NULL)").rows.first
            let readHigh = r?.string(0)
            // A version-number delta with writers in flight: read up to the maximum, keep the watermark where it was.
            let high = cap == "NULL" ? w.low : readHigh
            let lowSQL = try lowBound(w, kind: kind, type: type, postgres: true)
            return DeltaWindow(filter: predicate(col, low: lowSQL, high: readHigh.map { "\(literal($0))::\(type)" }, w),
                               high: high, nullDeltaRows: r?.int64(1) ?? 0, opened: true)
        default:
            // SQLite: a deferred transaction reads one WAL snapshot. ODBC drivers manage transactions by attribute:
            // no snapshot there, which the `now − lookBack` cap covers for writers shorter than the look-back.
            let opened = d.family == .sqlite
            if opened { try c.execute("BEGIN") }
            let r = try c.query("SELECT max(\(col)), (SELECT count(*) FROM \(from) WHERE \(col) IS NULL) FROM \(from)").rows.first
            var high = r?[0].textValue
            if let fixed = w.highTime, let time = Timestamp(iso: fixed) {
                high = TemporalFormat.timestamp(micros: time.micros, zulu: false, separator: (high?.contains("T") ?? false) ? "T" : " ")
            } else if let h = high, kind != .other, let capped = cappedText(h, lookBack: w.lookBackSeconds, date: kind == .date) {
                high = capped
            }
            let lowSQL = try lowBound(w, kind: kind, type: nil, postgres: false)
            return DeltaWindow(filter: predicate(col, low: lowSQL, high: high.map(literal), w), high: high,
                               nullDeltaRows: r?.int64(1) ?? 0, opened: opened)
        }
    }

    /// Whether ``open(_:_:_:)`` left a read transaction open.
    var opened: Bool

    /// Ends the read transaction the window opened.
    func close(_ c: any SQLConnection) { if opened { _ = try? c.execute("COMMIT") } }

    enum DeltaKind: Equatable {
        case timestamptz, timestamp, date, other
        init(_ t: SQLType) {
            switch t {
            case .timestamptz: self = .timestamptz
            case .timestamp: self = .timestamp
            case .date: self = .date
            default: self = .other
            }
        }
    }

    /// `col > low − lookBack AND col <= high`, `OR col IS NULL` with `include`.
    static func predicate(_ col: String, low: String?, high: String?, _ w: IncrementalWindow) -> String? {
        var range: [String] = []
        if let low { range.append("\(col) > \(low)") }
        range.append(high.map { "\(col) <= \($0)" } ?? "\(col) IS NULL AND 1 = 0")   // no delta value yet: no ranged rows
        let ranged = "(" + range.joined(separator: " AND ") + ")"
        return w.nullDeltaRows == .include ? "(\(ranged) OR \(col) IS NULL)" : ranged
    }

    /// The exclusive lower bound: the watermark minus the look-back, or a time bound (`backfill: false`, a reload).
    static func lowBound(_ w: IncrementalWindow, kind: DeltaKind, type: String?, postgres: Bool) throws -> String? {
        if let low = w.low {
            guard kind != .other else { return postgres ? "\(literal(low))::\(type ?? "text")" : literal(low) }
            if postgres {
                return "(\(literal(low))::\(type ?? "timestamp") - interval '\(w.lookBackSeconds) seconds')"
            }
            return cappedText(low, lookBack: w.lookBackSeconds, date: kind == .date, cap: false).map(literal) ?? literal(low)
        }
        guard let time = w.lowTime else { return nil }
        guard let start = Timestamp(iso: time) else { throw StepFailure.permanent("window start \(time) is not a timestamp") }
        let shifted = start.adding(seconds: -Int64(w.lookBackSeconds))
        if postgres {
            let zone = w.timezone.map(literal) ?? "current_setting('TimeZone')"
            let tz = "\(literal(shifted.iso))::timestamptz"
            return kind == .timestamptz ? tz : "CAST(\(tz) AT TIME ZONE \(zone) AS \(type ?? "timestamp"))"
        }
        return literal(TemporalFormat.timestamp(micros: shifted.micros, zulu: false, separator: " "))
    }

    /// A text timestamp moved back by `lookBack` seconds, in the same shape (separator, fraction), or capped at
    /// `now − lookBack` (UTC) when `cap`.
    static func cappedText(_ value: String, lookBack: Int, date: Bool, cap: Bool = true) -> String? {
        guard let micros = TemporalFormat.parseTimestamp(Substring(value)) else { return nil }
        let nowMicros = Timestamp.now.adding(seconds: -Int64(lookBack)).micros
        let target = cap ? min(micros, nowMicros) : micros - Int64(lookBack) * 1_000_000
        if cap && target == micros { return value }
        if date { return String(TemporalFormat.timestamp(micros: target, zulu: false).prefix(10)) }
        return TemporalFormat.timestamp(micros: target, zulu: false, separator: value.contains("T") ? "T" : " ")
    }

    /// A string literal: quotes doubled (standard_conforming_strings; the values come from the source itself).
    static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
}
