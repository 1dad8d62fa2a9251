import ExecutorService

try await ExecutorApp.run()
