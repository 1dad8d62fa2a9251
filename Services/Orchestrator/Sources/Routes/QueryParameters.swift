import Foundation
import FerryServiceKit
import FerrySQL
import FerryTime

/// Query parameters of the orchestrator's read routes beyond ``QueryChecks``: time bounds in the stored form.
enum QueryParameters {
    /// An ISO-8601 timestamp (`2024-12-06T10:30:00Z`, `2024-12-06T10:30:00.000Z`, or a date `2024-12-06`) normalised
    /// to the stored form, or nil when absent.
    static func timestamp(_ request: Request, _ name: String) throws -> String? {
        guard let raw = request.queryString(name) else { return nil }
        guard !raw.lowercased().contains("infinity"), let time = Timestamp(iso: raw) else {
            throw FerryError.invalidField(name, "must be an ISO-8601 timestamp such as 2024-12-06T10:30:00Z")
        }
        return time.iso
    }
}
