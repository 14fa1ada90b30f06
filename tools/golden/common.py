"""Shared helpers for writing golden vectors that Go tests compare against.

Each case stores named inputs, the op's outputs, an upstream gradient dy for
every output, and the gradients of sum(y * dy) with respect to each input.
Run with /usr/bin/python3 (Debian python3-torch). Outputs are JSON under
testdata/golden/, small enough to commit.
"""
import json
import os
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "testdata", "golden")


def enc(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float("%.8g" % v) for v in t.reshape(-1).tolist()]}


def case(name, fn, inputs, params=None, seed=0, ints=None):
    """fn(**inputs) -> tensor or tuple of tensors. inputs: name -> float tensor
    (gradients are taken for each); ints: name -> list of ints (indices)."""
    g = torch.Generator().manual_seed(seed + 1000)
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in inputs.items()}
    outs = fn(**leaves)
    if not isinstance(outs, tuple):
        outs = (outs,)
    dys = [torch.randn(o.shape, generator=g) for o in outs]
    loss = sum((o * d).sum() for o, d in zip(outs, dys))
    grads = torch.autograd.grad(loss, list(leaves.values()), allow_unused=True)
    return {
        "name": name,
        "params": params or {},
        "ints": ints or {},
        "inputs": {k: enc(v) for k, v in inputs.items()},
        "outputs": [enc(o) for o in outs],
        "dys": [enc(d) for d in dys],
        "grads": {k: enc(gr if gr is not None else torch.zeros_like(leaves[k])) for k, gr in zip(leaves, grads)},
    }


def write(op, cases):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, op + ".json")
    with open(path, "w") as f:
        json.dump({"op": op, "torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    print("wrote", os.path.relpath(path, ROOT), len(cases), "cases")


def randn(*shape, seed=0, scale=1.0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g) * scale
