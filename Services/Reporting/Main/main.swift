import ReportingService

try await ReportingApp.run()
