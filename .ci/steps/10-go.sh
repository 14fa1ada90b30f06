#!/usr/bin/env bash
# Static checks and the README's test command.
set -euo pipefail
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
go vet ./...
go test ./...
# The race detector over the packages that share work between goroutines
# (decode workers, packed kernels, generation). Not over ./...: Yaegi's
# own cancellation races (README, "What doesn't work").
go test -race ./engine/model ./engine/ternary ./engine/gen ./engine/parallel
