import ReportingService
import FerryServiceKit

await ServiceMain.run("ferry-reporting") { try await ReportingApp.run() }
