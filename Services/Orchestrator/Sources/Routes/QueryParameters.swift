import Foundation
import FerryServiceKit
import FerrySQL

/// Query parameters of the read routes: paging, status and time bounds, each checked with a 400 naming it.
enum QueryParameters {
    static let defaultSize = 20
    static let maxSize = 200

    /// `page` from 0 (default 0), `size` 1…200 (default 20).
    static func paging(_ request: Request) throws -> (page: Int, size: Int) {
        let page = try request.queryInt("page") ?? 0
        guard page >= 0, page <= Int(Int32.max) else {
            throw FerryError.invalidField("page", "must be between 0 and \(Int32.max)")
        }
        let size = try request.queryInt("size") ?? defaultSize
        guard (1...maxSize).contains(size) else { throw FerryError.invalidField("size", "must be between 1 and \(maxSize)") }
        return (page, size)
    }

    /// A `BatchStatus` (case-insensitive), or nil when absent.
    static func status(_ request: Request, _ name: String = "status") throws -> BatchStatus? {
        guard let raw = request.queryString(name) else { return nil }
        guard let status = BatchStatus(rawValue: raw.uppercased()) else {
            throw FerryError.invalidField(name, "must be one of \(BatchStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }

    /// An ISO-8601 timestamp (`2024-12-06T10:30:00Z`, `2024-12-06T10:30:00.000Z`, or a date `2024-12-06`) normalised
    /// to the stored form, or nil when absent.
    static func timestamp(_ request: Request, _ name: String) throws -> String? {
        guard let raw = request.queryString(name) else { return nil }
        guard !raw.lowercased().contains("infinity"), let date = Timestamps.parse(raw) else {
            throw FerryError.invalidField(name, "must be an ISO-8601 timestamp such as 2024-12-06T10:30:00Z")
        }
        return Timestamps.iso(date)
    }

    /// A positive 64-bit integer query parameter, or nil when absent.
    static func positiveInt64(_ request: Request, _ name: String) throws -> Int64? {
        guard let value = try request.queryInt64(name) else { return nil }
        guard value > 0 else { throw FerryError.invalidField(name, "must be a positive integer") }
        return value
    }
}
