import GatewayService

try await GatewayApp.run()
