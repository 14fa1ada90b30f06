#!/usr/bin/env bash
# Experiments N1–N4 of docs/design.md §6 (negative results re-run as experiments):
# unit tests of the statistics (paired bootstrap, KL, splice), then
# `trigo experiment` in check mode, which recomputes every number recorded
# in results/nN_*.md and exits non-zero when one moves by more than 5 %
# (or its absolute floor). n1 and n3 need no training (~30 s together);
# n4 fine-tunes for 80 steps on 2 threads (~2-2.5 min, bit-reproducible at
# a fixed thread count). n2 trains six models (~14 min) and is checked by
# hand: trigo experiment n2.
set -euo pipefail
go test ./engine/experiment ./cmd/trigo -run 'Test(KL|Paired|MeanSD|Routing|Route|Splice|Within|Compare|Markdown|RunBad|ExperimentCommand)'
# Every checkpoint the experiments name has the digest they were computed on
# and is in checkpoints/MANIFEST.json.
for f in results/n[0-9]_*.md; do
  paste -d' ' <(sed -n 's/^| checkpoint ([^)]*) | `\(.*\)` |$/\1/p' "$f") \
              <(sed -n 's/^| SHA-256 ([^)]*) | `\(.*\)` |$/\1/p' "$f") |
  while read -r ck sha; do
    [ -f "$ck" ] || { echo "$f names checkpoint '$ck', which is missing" >&2; exit 1; }
    got=$(sha256sum "$ck" | cut -d' ' -f1)
    [ "$got" = "$sha" ] || { echo "$ck: SHA-256 $got, but $f was computed on $sha" >&2; exit 1; }
    grep -q "\"$sha\"" checkpoints/MANIFEST.json || { echo "$ck ($sha) is not in checkpoints/MANIFEST.json" >&2; exit 1; }
  done
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/trigo" ./cmd/trigo
for n in n1 n3 n4; do
  time "$tmp/trigo" experiment "$n"
done
