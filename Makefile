# natsk6: two commands on a fresh machine — `make run` and `make test`.
SHELL := /bin/bash
# A failing command anywhere in a recipe line (pipes included) fails it.
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := build

GO            ?= go
VERSION       ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
BIN           := bin
# The standalone nats-server matches the version the runner embeds.
NATS_SERVER_VERSION := $(shell sed -n 's|^\s*github.com/nats-io/nats-server/v2 \(v[^ ]*\).*|\1|p' go/go.mod)
NATSCLI_VERSION     := v0.5.0
GO_SOURCES := $(shell find go -name '*.go' -not -name '*_test.go') go/go.mod go/go.sum
TYPES_VERSION := $(shell sed -n 's|^\s*"version": "\([^"]*\)".*|\1|p' types/package.json)
TYPES_TARBALL := $(BIN)/pondigo-natsk6-$(TYPES_VERSION).tgz

.PHONY: build run test test-go test-bench test-ts lint lint-go lint-ts lint-dashboard pack dashboard bench clean

build: $(BIN)/natsk6

# Static (CGO_ENABLED=0), like the nats-server it embeds and ships beside:
# the binary runs in a FROM scratch image and on any Linux of its arch.
$(BIN)/natsk6: $(GO_SOURCES)
	cd go && CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $(CURDIR)/$(BIN)/natsk6 ./cmd/natsk6

# A static nats-server for the js-tests harness, its container image and the benchmarks.
$(BIN)/nats-server: go/go.mod
	GOBIN=$(CURDIR)/$(BIN) CGO_ENABLED=0 $(GO) install github.com/nats-io/nats-server/v2@$(NATS_SERVER_VERSION)

# natscli, for `nats bench` side by side with natsk6.
$(BIN)/nats:
	GOBIN=$(CURDIR)/$(BIN) CGO_ENABLED=0 $(GO) install github.com/nats-io/natscli/nats@$(NATSCLI_VERSION)

# The quickstart, a short load test on an embedded nats-server: nothing
# else to install.
run: build
	./$(BIN)/natsk6 run examples/quickstart.ts

# Lint first: it takes under two minutes and fails before the slow suites.
test: lint test-go test-bench test-ts

# Under the race detector throughout: handlers must never run concurrently
# with their VU's JavaScript, and sinks, pools and loops are shared.
test-go: $(BIN)/nats-server
	cd go && $(GO) test -count=1 -race ./...

# The benchmark tooling's own module (standard library only).
test-bench:
	cd bench && $(GO) test -count=1 ./...

# tsc --strict ran in lint-ts; vitest needs the helpers built (dist/).
test-ts: build $(BIN)/nats-server node_modules/.package-lock.json
	npm run build:types
	npx vitest run

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

lint: lint-go lint-ts lint-dashboard

# staticcheck and deadcode are pinned as tools in go/go.mod (`go tool`);
# the bench module (standard library only) is checked with the same
# binaries, built from go/go.mod, so it carries no tool dependencies.
#
# Dead code: every function in a package that bin/natsk6 links must be
# reachable from its main. A helper only tests use lives in a _test.go
# file (or a package only tests import, which the binary does not link);
# the second pass (-test ./...) then reports what neither the binary nor
# any test reaches.
lint-go: $(BIN)/staticcheck $(BIN)/deadcode
	@out=$$(gofmt -l go bench); if [ -n "$$out" ]; then echo "gofmt -l: these files need gofmt -w:"; echo "$$out"; exit 1; fi
	cd go && $(GO) mod tidy -diff
	cd bench && $(GO) mod tidy -diff
	cd go && $(GO) vet ./...
	cd bench && $(GO) vet ./...
	cd go && ../$(BIN)/staticcheck ./...
	cd bench && ../$(BIN)/staticcheck ./...
	$(call deadcode,go,./cmd/natsk6)
	$(call deadcode,bench,./cmd/benchtool)

# $(call deadcode,module dir,main package): both passes, one report.
define deadcode
@cd $(1) && out=$$({ ../$(BIN)/deadcode $(2) && ../$(BIN)/deadcode -test ./...; } | sort -u) && \
  if [ -n "$$out" ]; then echo "deadcode in $(1)/: unreachable functions (see the Makefile's lint-go comment):"; echo "$$out"; exit 1; fi
endef

$(BIN)/staticcheck: go/go.mod go/go.sum
	cd go && $(GO) build -o $(CURDIR)/$@ honnef.co/go/tools/cmd/staticcheck

$(BIN)/deadcode: go/go.mod go/go.sum
	cd go && $(GO) build -o $(CURDIR)/$@ golang.org/x/tools/cmd/deadcode

# tsc --strict over the examples and typings, the helpers package and the
# js-tests with their harness (npm run typecheck).
lint-ts: node_modules/.package-lock.json
	npm run build:types
	npm run typecheck

# The typings package as a tarball to install where it is not published:
#   npm i -D /path/to/natsk6/bin/pondigo-natsk6-<version>.tgz @types/k6
pack: $(TYPES_TARBALL)

$(TYPES_TARBALL): node_modules/.package-lock.json $(shell find types -path types/dist -prune -o -type f -print)
	npm run build:types
	mkdir -p $(BIN)
	npm pack --workspace @pondigo/natsk6 --pack-destination $(BIN) --silent

# The committed dashboard bundle must be what its ui/ source builds to.
lint-dashboard: node_modules/.package-lock.json
	cd go && $(GO) run ./internal/dashboard/cmd/buildui -check

# Rebuild the web dashboard's committed bundle from go/internal/dashboard/ui
# (uPlot comes from node_modules); commit the result. go build needs no npm.
dashboard: node_modules/.package-lock.json
	cd go && $(GO) run ./internal/dashboard/cmd/buildui

bench: build $(BIN)/nats-server $(BIN)/nats
	./bench/run.sh

clean:
	rm -rf $(BIN) node_modules

# The Kubernetes flow of deploy/kubernetes with local processes: four
# natsk6 instances against one bin/nats-server, started together by
# natsk6 resume, each writing a result file, then natsk6 merge (its exit
# code is the verdict).
.PHONY: distributed-demo
distributed-demo: build $(BIN)/nats-server
	./deploy/local/distributed-demo.sh
