import Foundation
import FerryServiceKit
import FerryTime

/// Query parameters of the reporting routes beyond ``QueryChecks``, each checked here with a 400 naming it — before the orchestrator
/// is asked anything.
enum QueryValidation {
    /// An ISO-8601 date (`2024-12-06`) or timestamp (`2024-12-06T10:30:00Z`, `…00.000Z`, `…00-03:00`), in
    /// a ``Timestamp``. A date alone means the start of that day (UTC) — or, with `endOfDay`, its last millisecond,
    /// so `to=2024-12-06` includes the whole day.
    static func instant(_ request: Request, _ name: String, endOfDay: Bool = false) throws -> Timestamp? {
        guard let raw = request.queryString(name) else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.count >= 10, text.first?.isNumber == true, let time = Timestamp(iso: text) else {
            throw FerryError.invalidField(name, "must be an ISO-8601 date or timestamp such as 2024-12-06 or 2024-12-06T10:30:00Z")
        }
        return endOfDay && text.count == 10 ? time.adding(millis: 86_400_000 - 1) : time
    }

    /// The history filters of `GET /v1/batch/jobs`.
    static func history(_ request: Request) throws -> HistoryQuery {
        let bundleId = try QueryChecks.positiveInt64(request, "bundleId")
        let status = try QueryChecks.status(request)
        let from = try instant(request, "from")
        let to = try instant(request, "to", endOfDay: true)
        if let from, let to, from > to {
            throw FerryError.invalidField("to", "must not be before from")
        }
        let (page, size) = try QueryChecks.paging(request)
        return HistoryQuery(bundleId: bundleId, status: status, from: from?.iso, to: to?.iso,
                            page: page, size: size)
    }
}
