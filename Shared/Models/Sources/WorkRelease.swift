/// `POST /internal/work/release` — an executor starting under a stable id (`FERRY_EXECUTOR_ID`) gives back the
/// leases its previous process held, so a crashed executor's steps are claimable at once instead of after
/// `FERRY_LEASE_SECONDS`; they resume from the target's checkpoint.
public struct ReleaseRequest: Codable, Sendable {
    public var executorId: String
    public init(executorId: String) { self.executorId = executorId }
}

public struct ReleaseResponse: Codable, Sendable {
    /// The step executions whose lease was released.
    public var released: [Int64]
    public init(released: [Int64]) { self.released = released }
}
