#!/usr/bin/env bash
# The model family, trainer and checkpoints: unit tests (PyTorch parity runs
# from committed goldens, no Python), a short fuzz of the checkpoint and data
# readers, and a 3-step training smoke run through the CLI with resume.
set -euo pipefail
go test ./engine/nn ./engine/model ./engine/optim ./engine/data ./engine/ckpt ./engine/train ./engine/corpus
go test -run '^$' -fuzz '^FuzzReadCheckpoint$' -fuzztime 10s ./engine/ckpt
go test -run '^$' -fuzz '^FuzzSampler$' -fuzztime 10s ./engine/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/trigo" ./cmd/trigo
"$tmp/trigo" params
"$tmp/trigo" corpus --bytes 60000 --seed 3 --out "$tmp/stories.txt"
"$tmp/trigo" prepare --input "$tmp/stories.txt" --out-dir "$tmp/data"
"$tmp/trigo" train --model lite-ternary --data-dir "$tmp/data" --steps 2 --batch-size 2 --seq-len 32 \
  --eval-every 1 --eval-batches 1 --out "$tmp/ck.safetensors" >/dev/null
"$tmp/trigo" train --resume "$tmp/ck.safetensors" --data-dir "$tmp/data" --steps 3 --batch-size 2 --seq-len 32 \
  --eval-every 1 --eval-batches 1 --out "$tmp/ck.safetensors" | tail -1 | grep -q '3 steps'
