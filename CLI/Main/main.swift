import FerryCLI

// `ferry`: everything lives in FerryCLI (a library, so its pieces are unit-tested); this is the entry point.
await FerryCommand.runMain()
