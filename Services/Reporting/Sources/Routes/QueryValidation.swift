import Foundation
import FerryServiceKit

/// Query parameters of the reporting routes, each checked here with a 400 naming it — before the orchestrator
/// is asked anything.
enum QueryValidation {
    static let defaultSize = 20
    static let maxSize = 200

    /// `page` from 0 (default 0), `size` 1…200 (default 20).
    static func paging(_ request: Request) throws -> (page: Int, size: Int) {
        let page = try request.queryInt("page") ?? 0
        guard page >= 0, page <= Int(Int32.max) else {
            throw FerryError.invalidField("page", "must be an integer between 0 and \(Int32.max)")
        }
        let size = try request.queryInt("size") ?? defaultSize
        guard (1...maxSize).contains(size) else {
            throw FerryError.invalidField("size", "must be an integer between 1 and \(maxSize)")
        }
        return (page, size)
    }

    /// One of the Spring Batch statuses (case-insensitive), or nil when absent.
    static func status(_ request: Request) throws -> BatchStatus? {
        guard let raw = request.queryString("status") else { return nil }
        guard let status = BatchStatus(rawValue: raw.uppercased()) else {
            throw FerryError.invalidField("status", "must be one of \(BatchStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }

    /// A positive 64-bit integer, or nil when absent.
    static func positiveInt64(_ request: Request, _ name: String) throws -> Int64? {
        guard let value = try request.queryInt64(name) else { return nil }
        guard value > 0 else { throw FerryError.invalidField(name, "must be a positive integer") }
        return value
    }

    /// An ISO-8601 date (`2024-12-06`) or timestamp (`2024-12-06T10:30:00Z`, `…00.000Z`, `…00-03:00`), in
    /// milliseconds. A date alone means the start of that day (UTC) — or, with `endOfDay`, its last millisecond,
    /// so `to=2024-12-06` includes the whole day.
    static func instant(_ request: Request, _ name: String, endOfDay: Bool = false) throws -> Int64? {
        guard let raw = request.queryString(name) else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.count >= 10, text.first?.isNumber == true, let ms = ReportTime.parse(text) else {
            throw FerryError.invalidField(name, "must be an ISO-8601 date or timestamp such as 2024-12-06 or 2024-12-06T10:30:00Z")
        }
        return endOfDay && text.count == 10 ? ms + ReportTime.millisPerDay - 1 : ms
    }

    /// The history filters of `GET /v1/batch/jobs`.
    static func history(_ request: Request) throws -> HistoryQuery {
        let bundleId = try positiveInt64(request, "bundleId")
        let status = try status(request)
        let from = try instant(request, "from")
        let to = try instant(request, "to", endOfDay: true)
        if let from, let to, from > to {
            throw FerryError.invalidField("to", "must not be before from")
        }
        let (page, size) = try paging(request)
        return HistoryQuery(bundleId: bundleId, status: status, from: from.map(ReportTime.iso), to: to.map(ReportTime.iso),
                            page: page, size: size)
    }
}
