/// Decides, atomically with it, whether a complete file may be published (renamed into place). An export step
/// fences with it: a writer whose lease another executor took over must not publish anything afterwards, so the
/// check and the rename happen under one lock (`publish` runs `rename` only when allowed, or throws).
public protocol PublishGuard: Sendable {
    func publish(_ rename: () throws -> Void) throws
}
