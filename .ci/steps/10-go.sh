#!/usr/bin/env bash
# Static checks and the README's test command.
set -euo pipefail
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
go vet ./...
go test ./...
