import GatewayService
import FerryServiceKit

await ServiceMain.run("ferry-gateway") { try await GatewayApp.run() }
