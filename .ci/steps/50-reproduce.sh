#!/usr/bin/env bash
# Claims 1-4 of docs/design.md §6 on the shipped checkpoint: the metacognition
# tests (a tiny model trained in the test: stages, probe, reproduce gate in
# both directions), the checkpoint's SHA-256 against checkpoints/MANIFEST.json,
# then `trigo reproduce all`, which recomputes every number documented in
# results/claim_0N_*.md and exits non-zero when one moves by more than 5 %.
set -euo pipefail
go test ./engine/metacog ./engine/data ./engine/train

# Every checkpoint the results name is in the manifest with its digest.
for f in results/claim_0*.md; do
  ck=$(sed -n 's/^| checkpoint | `\(.*\)` |$/\1/p' "$f")
  sha=$(sed -n 's/^| SHA-256 | `\(.*\)` |$/\1/p' "$f")
  [ -n "$ck" ] && [ -f "$ck" ] || { echo "$f names checkpoint '$ck', which is missing" >&2; exit 1; }
  got=$(sha256sum "$ck" | cut -d' ' -f1)
  [ "$got" = "$sha" ] || { echo "$ck: SHA-256 $got, but $f was computed on $sha" >&2; exit 1; }
  grep -q "\"$sha\"" checkpoints/MANIFEST.json || { echo "$ck ($sha) is not in checkpoints/MANIFEST.json" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/trigo" ./cmd/trigo
time "$tmp/trigo" reproduce all
