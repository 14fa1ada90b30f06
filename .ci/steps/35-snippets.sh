#!/usr/bin/env bash
# The snippet corpus (kernel/exec/testdata/snippets): regenerate the expected
# outputs with the real Go toolchain (all snippets built as one program, one
# go build) and check that they match the committed ones. `go test ./...`
# (10-go.sh) already compares the executor's output with them.
set -euo pipefail
timeout 300 go test ./kernel/exec -run '^TestSnippets$' -update-golden -count=1
if ! git diff --exit-code -- kernel/exec/testdata/snippets/golden.json; then
  echo "golden outputs of the snippet corpus changed: run go test ./kernel/exec -run Snippets -update-golden and commit" >&2
  exit 1
fi
