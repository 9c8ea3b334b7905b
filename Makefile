# natsk6: two commands on a fresh machine — `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := build

GO            ?= go
VERSION       ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
BIN           := bin
# The standalone nats-server matches the version the runner embeds.
NATS_SERVER_VERSION := $(shell sed -n 's|^\s*github.com/nats-io/nats-server/v2 \(v[^ ]*\).*|\1|p' go/go.mod)
NATSCLI_VERSION     := v0.5.0
STATICCHECK_VERSION := v0.8.2
GO_SOURCES := $(shell find go -name '*.go' -not -name '*_test.go') go/go.mod go/go.sum

.PHONY: build run test test-go test-ts lint bench clean

build: $(BIN)/natsk6

$(BIN)/natsk6: $(GO_SOURCES)
	cd go && $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $(CURDIR)/$(BIN)/natsk6 ./cmd/natsk6

# A static nats-server for the js-tests harness, its container image and the benchmarks.
$(BIN)/nats-server: go/go.mod
	GOBIN=$(CURDIR)/$(BIN) CGO_ENABLED=0 $(GO) install github.com/nats-io/nats-server/v2@$(NATS_SERVER_VERSION)

# natscli, for `nats bench` side by side with natsk6.
$(BIN)/nats:
	GOBIN=$(CURDIR)/$(BIN) CGO_ENABLED=0 $(GO) install github.com/nats-io/natscli/nats@$(NATSCLI_VERSION)

# The quickstart on an embedded nats-server: nothing else to install.
run: build
	./$(BIN)/natsk6 run examples/quickstart.ts

test: test-go test-ts

# Under the race detector throughout: handlers must never run concurrently
# with their VU's JavaScript, and sinks, pools and loops are shared.
test-go:
	cd go && $(GO) vet ./... && $(GO) test -count=1 -race ./...

test-ts: build $(BIN)/nats-server node_modules/.package-lock.json
	npm test

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

lint: node_modules/.package-lock.json
	@out=$$(gofmt -l go); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	cd go && $(GO) vet ./...
	cd go && $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	npx tsc --noEmit -p tsconfig.json

bench: build $(BIN)/nats-server $(BIN)/nats
	./bench/run.sh

clean:
	rm -rf $(BIN) node_modules
