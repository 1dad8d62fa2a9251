import FerryModels
import Hummingbird

/// The query parameters shared by the list routes (orchestrator and reporting), each checked with a 400 naming it.
public enum QueryChecks {
    public static let defaultPageSize = 20
    public static let maxPageSize = 200

    /// `page` from 0 (default 0), `size` 1…200 (default 20).
    public static func paging(_ request: Request) throws -> (page: Int, size: Int) {
        let page = try request.queryInt("page") ?? 0
        guard page >= 0, page <= Int(Int32.max) else {
            throw FerryError.invalidField("page", "must be an integer between 0 and \(Int32.max)")
        }
        let size = try request.queryInt("size") ?? defaultPageSize
        guard (1...maxPageSize).contains(size) else {
            throw FerryError.invalidField("size", "must be an integer between 1 and \(maxPageSize)")
        }
        return (page, size)
    }

    /// One of the Spring Batch statuses (case-insensitive), or nil when absent.
    public static func status(_ request: Request, _ name: String = "status") throws -> BatchStatus? {
        guard let raw = request.queryString(name) else { return nil }
        guard let status = BatchStatus(rawValue: raw.uppercased()) else {
            throw FerryError.invalidField(name, "must be one of \(BatchStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }

    /// A positive 64-bit integer, or nil when absent.
    public static func positiveInt64(_ request: Request, _ name: String) throws -> Int64? {
        guard let value = try request.queryInt64(name) else { return nil }
        guard value > 0 else { throw FerryError.invalidField(name, "must be a positive integer") }
        return value
    }
}
