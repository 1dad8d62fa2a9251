import Foundation
import FerryExport
import FerryServiceKit
import Hummingbird

/// The path and query of a manifest route, checked (400 naming the field) before the orchestrator is asked.
struct ManifestQuery: Sendable {
    var batchCode: String
    var run: Int
    var rerun: Int

    init(_ context: FerryRequestContext) throws {
        let raw = try context.requireString("batchCode")
        batchCode = raw.removingPercentEncoding ?? raw
        try Self.checkBatchCode(batchCode)
        run = try context.requireInt("run")
        rerun = try context.requireInt("rerun")
        if run < 1 { throw FerryError.invalidField("run", "must be 1 or more") }
        if rerun < 0 { throw FerryError.invalidField("rerun", "must be 0 or more") }
    }

    /// A batch code names files: what cannot be part of a file name cannot have a manifest.
    static func checkBatchCode(_ code: String) throws {
        guard ExportFileName.isSafeComponent(code) else {
            throw FerryError.invalidField("batchCode", "must be a batch code (no '/', at most 200 bytes)")
        }
    }

    /// `true` / `false` (absent: false).
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let raw = request.queryString(name) else { return false }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default: throw FerryError.invalidField(name, "must be true or false")
        }
    }
}
