#!/usr/bin/env bash
# The PyTorch bridge (tools/torch_ref/train.py, docs/scale-out.md) on CPU:
# tiny models, a few steps. 2 gloo ranks (torchrun and the --nproc spawn
# launcher) match 1 process at the same global batch; Trigo loads the
# bridge's checkpoints and gets PyTorch's logits; a Trigo checkpoint resumed
# by the bridge and by `trigo train --resume` gives the same next losses.
# Uses Debian's PyTorch (python3-torch, 1.13) through /usr/bin/python3.
set -euo pipefail
if ! dpkg -s python3-torch >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi
dpkg -s python3-torch >/dev/null 2>&1 || { echo "required package python3-torch is missing" >&2; exit 1; }
command -v torchrun >/dev/null || { echo "torchrun is missing (python3-torch installs /usr/bin/torchrun)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/trigo" ./cmd/trigo
go test ./engine/ckpt -run '^TestBridgeCheckpoint$'
TRIGO="$tmp/trigo" OMP_NUM_THREADS=1 timeout 600 /usr/bin/python3 tools/torch_ref/test_train.py
