import CatalogService

try await CatalogApp.run()
