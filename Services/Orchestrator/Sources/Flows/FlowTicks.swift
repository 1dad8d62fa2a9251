import FerryModels

/// Schedule arithmetic, pure (tests call it with any clock): ticks are `startTime + k × period` (k ≥ 0), or the
/// single `startTime` of `once`. A flow remembers the newest tick it launched or dropped (`lastTick`); the ticks
/// after it up to now are due.
enum FlowTicks {
    /// What the scheduler does with a flow at `now`.
    enum Decision: Equatable {
        /// Nothing is due.
        case none
        /// Launch the run of `tick`; the flow's `lastTick` becomes `tick`.
        case launch(tick: Int64)
        /// Drop every due tick up to `through` without a run (`catchUp: skip`).
        case drop(through: Int64)
    }

    /// Due ticks in `(after, now]`: how many, the oldest and the newest. Never enumerates them (a start years ago).
    static func due(_ s: ScheduleParams, after: Int64?, now: Int64) -> (count: Int64, oldest: Int64, newest: Int64)? {
        guard now >= s.startTime else { return nil }
        guard let period = s.period, period > 0 else {
            if let after, after >= s.startTime { return nil }
            return (1, s.startTime, s.startTime)
        }
        let newestK = (now - s.startTime) / period
        let firstK: Int64
        if let after, after >= s.startTime { firstK = (after - s.startTime) / period + 1 } else { firstK = 0 }
        guard firstK <= newestK else { return nil }
        return (newestK - firstK + 1, s.startTime + firstK * period, s.startTime + newestK * period)
    }

    /// The first tick after `now` (epoch seconds), nil when none is left.
    static func next(_ s: ScheduleParams, after lastTick: Int64?, now: Int64) -> Int64? {
        guard let period = s.period, period > 0 else {
            if let lastTick, lastTick >= s.startTime { return nil }
            return s.startTime
        }
        if let d = due(s, after: lastTick, now: now) { return d.oldest }   // due already: at once
        if now < s.startTime { return s.startTime }
        return s.startTime + ((now - s.startTime) / period + 1) * period
    }

    /// How late a tick may be seen and still run under `catchUp: skip`: half a period, at most five minutes.
    static func skipGrace(_ s: ScheduleParams) -> Int64 { min((s.period ?? 600) / 2, 300) }

    /// Missed ticks are never replayed as a storm:
    /// - `latest`: one run, for the newest due tick (it covers the whole missed window: the watermark does the rest);
    /// - `skip`: a tick runs only when seen on time (within ``skipGrace(_:)``) with no other tick missed before it;
    ///   otherwise the missed ticks are dropped. A new flow's first tick always runs;
    /// - `all`: the oldest of the newest ``FlowLimits/catchUpAllCap`` due ticks runs; the next one after it ends.
    static func decide(_ s: ScheduleParams, catchUp: CatchUpPolicy, lastTick: Int64?, now: Int64) -> Decision {
        guard let d = due(s, after: lastTick, now: now) else { return .none }
        switch catchUp {
        case .latest:
            return .launch(tick: d.newest)
        case .skip:
            if lastTick == nil || (d.count == 1 && now - d.newest <= skipGrace(s)) { return .launch(tick: d.newest) }
            return .drop(through: d.newest)
        case .all:
            guard d.count > Int64(FlowLimits.catchUpAllCap), let period = s.period else { return .launch(tick: d.oldest) }
            return .launch(tick: d.newest - Int64(FlowLimits.catchUpAllCap - 1) * period)
        }
    }
}
