import OrchestratorService
import FerryServiceKit

// ferry-orchestrator: job launch/stop/restart (RF05), work queue and leases, on FERRY_ORCHESTRATOR_PORT (8082).
await ServiceMain.run("ferry-orchestrator") { try await OrchestratorApp.run() }
