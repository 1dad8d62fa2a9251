import OrchestratorService

// ferry-orchestrator: job launch/stop/restart (RF05), work queue and leases, on FERRY_ORCHESTRATOR_PORT (8082).
try await OrchestratorApp.run()
