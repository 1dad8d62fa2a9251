// What every service's code needs comes with `import FerryServiceKit`.
@_exported import FerryHTTPClient
@_exported import FerryModels
@_exported import Hummingbird
@_exported import Logging
@_exported import ServiceLifecycle
