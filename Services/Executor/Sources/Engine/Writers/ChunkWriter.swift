import FerrySQL

/// Spring Batch's ItemWriter: writes one chunk inside the transaction the step opened (the step
/// then writes the checkpoint and commits). Lives on the target connection's thread only.
protocol ChunkWriter: AnyObject {
    /// Per-connection set-up: prepared statements, staging tables.
    func open(_ c: any SQLConnection) throws
    /// `isolateBadRows`: bisect under savepoints to skip the rows the target rejects (see ``Bisect``);
    /// without it a bad row fails the whole write (and the transaction).
    func write(_ chunk: Chunk, _ c: any SQLConnection, isolateBadRows: Bool) throws -> WriteOutcome
    func close(_ c: any SQLConnection)
}
