#!/usr/bin/env bash
# System packages the checks need: the Jupyter tools (conformance, notebooks)
# and PyTorch (the scale-out bridge's tests in 60-bridge.sh, and the peer-BLAS
# probe test in go test), all required.
set -euo pipefail
pkgs=(python3-jupyter-kernel-test jupyter-client jupyter-console python3-nbformat python3-nbclient python3-nbconvert python3-ipykernel python3-torch)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || { echo "required package $p is missing" >&2; exit 1; }; done
