/// The delta window of an incremental step (SPEC §3a), handed to the executor in its ``WorkItem`` and reported back
/// in its ``FinishRequest``. Bounds are the delta column's own values as text (never truncated to milliseconds);
/// the executor compares them in the column's own type.
public struct IncrementalWindow: Codable, Sendable, Hashable {
    public var deltaColumn: String
    /// Seed 001's `dateFormat` of a delta column stored as text.
    public var dateFormat: String?
    /// How to read a delta column without a time zone (IANA name or `UTC`); the source's own zone when nil.
    public var timezone: String?
    /// The last successful run's `high` (exclusive bound before the look-back); nil when there is none yet.
    public var low: String?
    /// With no `low`: a time lower bound instead (ISO-8601 UTC) — the flow's creation for `backfill: false`, or the
    /// start of a reloaded window. Nil with no `low`: all history.
    public var lowTime: String?
    /// A fixed upper bound (ISO-8601 UTC) for a reloaded past window; nil: the executor finds `high` in its snapshot.
    public var highTime: String?
    public var lookBackSeconds: Int
    public var nullDeltaRows: NullDeltaRows
    /// False for a reload of a past window: its `high` is recorded but never becomes the next run's `low`.
    public var advancesWatermark: Bool
    /// The source columns the pair's last completed window read (nil before the first, or when it predates this):
    /// what the executor compares the source with to see columns added, dropped or retyped since (``SchemaEvolution``).
    public var previousColumns: [WindowColumn]?

    public init(deltaColumn: String, dateFormat: String? = nil, timezone: String? = nil, low: String? = nil,
                lowTime: String? = nil, highTime: String? = nil, lookBackSeconds: Int = FlowLimits.defaultLookBackSeconds,
                nullDeltaRows: NullDeltaRows = .include, advancesWatermark: Bool = true) {
        self.deltaColumn = deltaColumn; self.dateFormat = dateFormat; self.timezone = timezone; self.low = low
        self.lowTime = lowTime; self.highTime = highTime; self.lookBackSeconds = lookBackSeconds
        self.nullDeltaRows = nullDeltaRows; self.advancesWatermark = advancesWatermark
    }
}

/// What an incremental step read, reported with its finish: the `high` it reached (the next run's `low` once the
/// step COMPLETED) and the NULL-delta rows it saw.
public struct WindowReport: Codable, Sendable, Hashable {
    public var high: String?
    public var nullDeltaRowCount: Int64?
    /// The source columns the window read, in the source's order.
    public var columns: [WindowColumn]?
    public init(high: String?, nullDeltaRowCount: Int64? = nil, columns: [WindowColumn]? = nil) {
        self.high = high; self.nullDeltaRowCount = nullDeltaRowCount; self.columns = columns
    }
}

/// A source column as an incremental window saw it: its name and its portable type (`timestamp`, `varchar(20)`,
/// `decimal(10,2)`: precision included, so a widened column counts as retyped).
public struct WindowColumn: Codable, Sendable, Hashable {
    public var name: String
    public var type: String
    public init(name: String, type: String) { self.name = name; self.type = type }
}
