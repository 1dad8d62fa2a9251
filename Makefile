# Ferry — the two set-up commands are `make run` and `make test` (README.md).
.PHONY: run test build release deps bench clean-data

run: deps release
	scripts/run.sh

test:
	scripts/test.sh

deps:
	scripts/install-deps.sh

build:
	swift build

release:
	swift build -c release

bench: deps release
	bench/run.sh

clean-data:
	rm -rf .ferry
