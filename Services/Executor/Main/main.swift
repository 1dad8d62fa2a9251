import ExecutorService
import FerryServiceKit

await ServiceMain.run("ferry-executor") { try await ExecutorApp.run() }
