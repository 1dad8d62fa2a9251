import CatalogService
import FerryServiceKit

await ServiceMain.run("ferry-catalog") { try await CatalogApp.run() }
