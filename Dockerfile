# natsk6 as a container image: one static binary (CGO_ENABLED=0, as
# `make build` builds it) on an empty base. deploy/kubernetes runs it.
#
#   docker build -t natsk6:latest .
#   docker run --rm -v "$PWD/examples:/scripts:ro" natsk6:latest run /scripts/quickstart.ts
#
# The image has no shell: Kubernetes passes everything as arguments and
# environment variables (see deploy/kubernetes).
FROM golang:1.26 AS build
WORKDIR /src/go
COPY go/go.mod go/go.sum ./
RUN go mod download
COPY go/ ./
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/natsk6 ./cmd/natsk6

FROM scratch
# TLS connections to NATS verify servers against the system roots.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/natsk6 /natsk6
# distroless's "nonroot" user: the Kubernetes manifests run as it.
USER 65532:65532
ENTRYPOINT ["/natsk6"]
