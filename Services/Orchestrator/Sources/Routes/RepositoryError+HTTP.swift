import FerryServiceKit

extension RepositoryError {
    /// The envelope a route answers: 404 / 409 / 422.
    var ferryError: FerryError {
        switch self {
        case .notFound(let what): return .notFound(what.prefix(1).uppercased() + what.dropFirst())
        case .conflict(let message): return .conflict(message)
        case .unprocessable(let message): return .unprocessable(message)
        }
    }
}

/// Runs a repository call, answering its refusals as envelopes.
func repository<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as RepositoryError {
        throw error.ferryError
    }
}
