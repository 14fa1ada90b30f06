#!/usr/bin/python3
"""PyTorch eager batch-1 decode with a KV cache: the peer of `trigo bench decode`.

It imports the reference model (tools/torch_ref/model.py: the same ops,
names and shapes as Trigo's engine/model) and decodes one byte at a time
with per-layer state, as a PyTorch user would write it:

  attention (sparse, vanilla attn)  key/value cache (RoPE at each key's position)
  causal conv (local, wide)         the last (K-1)*dilation+1 normalised inputs
  state (SSM)                       the hidden state h
  router, FFN, mixes                per position

Uses:
  /usr/bin/python3 tools/torch_ref/decode_bench.py bench --spec JSON [--threads N] [--bytes N] [--prompt-bytes N]
      Greedy decode speed (bytes/s) after a prompt; prints one JSON line.
  /usr/bin/python3 tools/torch_ref/decode_bench.py check --spec JSON
      Checks that step-by-step decode logits equal model.forward's (1e-4).
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as ref  # noqa: E402  (tools/torch_ref/model.py)


class Decoder:
    """Incremental decode state for the params p of spec s."""

    def __init__(self, p, s, max_len):
        self.p, self.s, self.max_len = p, s, max_len
        self.tern = s["precision"] == "ternary"
        self.pos = 0
        self.layers = []
        for i in range(s["layers"]):
            st = {}
            if s["arch"] == "vanilla":
                st["attn"] = self._cache()
            else:
                for kind in s["pathways"]:
                    if kind in ("local", "wide"):
                        k = s["conv_kernel"] if kind == "local" else s["wide_kernel"]
                        dil = 1 if kind == "local" else s["wide_dilation"]
                        st[kind] = {"hist": [], "span": (k - 1) * dil + 1, "dil": dil}
                    elif kind == "state":
                        st[kind] = torch.zeros(s["dim"])
                    elif kind == "sparse":
                        st[kind] = self._cache()
            self.layers.append(st)

    def _cache(self):
        a = self.s["heads"] * self.s["head_dim"]
        return {"k": torch.zeros(self.max_len, a), "v": torch.zeros(self.max_len, a)}

    def attn(self, name, h, cache):
        """h [1, 1, D] at position self.pos -> [1, 1, D]."""
        s, tern, pos = self.s, self.tern, self.pos
        heads, dh = s["heads"], s["head_dim"]
        q = ref.rope(ref.linear(self.p, name + ".wq", h, tern), heads, pos)
        k = ref.rope(ref.linear(self.p, name + ".wk", h, tern), heads, pos)
        v = ref.linear(self.p, name + ".wv", h, tern)
        cache["k"][pos] = k[0, 0]
        cache["v"][pos] = v[0, 0]
        T = pos + 1
        kh = cache["k"][:T].view(T, heads, dh).transpose(0, 1)   # [H, T, dh]
        vh = cache["v"][:T].view(T, heads, dh).transpose(0, 1)
        qh = q.view(heads, 1, dh)
        sc = (qh @ kh.transpose(1, 2)) / math.sqrt(dh)            # [H, 1, T]
        topk = s["top_k"]
        if 0 < topk < T:
            idx = sc.topk(topk, dim=-1).indices
            keep = torch.zeros_like(sc, dtype=torch.bool).scatter_(-1, idx, True)
            sc = sc.masked_fill(~keep, float("-inf"))
        o = (torch.softmax(sc, dim=-1) @ vh).transpose(0, 1).reshape(1, 1, heads * dh)
        return ref.linear(self.p, name + ".wo", o, tern)

    def conv(self, name, h, st):
        """Depthwise causal conv of the last inputs: h [1, 1, D]."""
        hist = st["hist"]
        hist.append(h[0, 0])
        if len(hist) > st["span"]:
            hist.pop(0)
        w = ref.conv_w(self.p, name, self.tern)                     # [C, K]
        K, dil = w.shape[1], st["dil"]
        y = torch.zeros_like(h[0, 0])
        for j in range(K):
            back = (K - 1 - j) * dil
            if back < len(hist):
                y = y + w[:, j] * hist[-1 - back]
        return y.view(1, 1, -1)

    def step(self, byte):
        """Feeds one byte, returns next-byte logits [V]."""
        p, s, tern = self.p, self.s, self.tern
        x = p["embed.w"][byte].view(1, 1, -1)
        for i, st in enumerate(self.layers):
            n = f"blocks.{i}"
            if s["arch"] == "vanilla":
                x = x + self.attn(n + ".attn", ref.layernorm(p, n + ".norm1", x), st["attn"])
                x = x + ref.ffn_path(p, n + ".ffn", ref.layernorm(p, n + ".norm2", x), tern)
                continue
            h = ref.layernorm(p, n + ".norm", x)
            r = torch.softmax(ref.linear(p, n + ".router", h, tern), dim=-1)
            outs = []
            for kind in s["pathways"]:
                m = f"{n}.{kind}"
                if kind in ("local", "wide"):
                    outs.append(ref.mix(p, m, s, self.conv(m, h, st[kind]), tern))
                elif kind == "state":
                    a = torch.tanh(p[m + ".a"])
                    st[kind] = a * st[kind] + p[m + ".b"] * h[0, 0]
                    outs.append(ref.mix(p, m, s, (p[m + ".c"] * st[kind]).view(1, 1, -1), tern))
                elif kind == "sparse":
                    outs.append(self.attn(m, h, st[kind]))
                elif kind == "dense":
                    outs.append(ref.ffn_path(p, m, h, tern))
            x = x + sum(r[..., j:j + 1] * o for j, o in enumerate(outs))
        h = ref.layernorm(p, "norm", x)
        self.pos += 1
        return F.linear(h, p["out.w"], p["out.b"])[0, 0]


def params(spec, seed):
    return {k: v.detach() for k, v in ref.init_params(spec, seed).items()}


def prompt_bytes(n):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "stories_demo", "valid.bin")
    try:
        with open(path, "rb") as f:
            b = f.read(n)
    except OSError:
        b = b""
    return list((b or b"Once upon a time, ") * (n // max(len(b), 1) + 1))[:n]


def bench(args):
    torch.set_num_threads(args.threads)
    spec = json.loads(args.spec)
    p = params(spec, 1)
    with torch.no_grad():
        best = None
        for _ in range(args.rounds):
            d = Decoder(p, spec, args.prompt_bytes + args.bytes + 1)
            logits = None
            for b in prompt_bytes(args.prompt_bytes):
                logits = d.step(b)
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(args.bytes):
                logits = d.step(int(torch.argmax(logits)))
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            if best is None or wall < best[0]:
                best = (wall, cpu)
    wall, cpu = best
    try:  # which OpenBLAS kernel ran, so `trigo bench` can check it (issue 19)
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from peer_blas import blas_core
        core = blas_core()[0]
    except Exception:
        core = None
    print(json.dumps({"peer": "pytorch-eager-kv-cache", "version": torch.__version__, "threads": torch.get_num_threads(),
                      "blas_core": core,
                      "model": spec.get("name", ""), "bytes": args.bytes, "prompt_bytes": args.prompt_bytes,
                      "seconds": wall, "bytes_per_s": args.bytes / wall, "cpu_seconds": cpu,
                      "bytes_per_cpu_s": args.bytes / cpu if cpu > 0 else None}))


def check(args):
    torch.set_num_threads(1)
    spec = json.loads(args.spec)
    p = params(spec, 2)
    T = args.bytes
    ids = prompt_bytes(T)
    with torch.no_grad():
        full, _ = ref.forward(p, spec, torch.tensor(ids).view(1, T))
        d = Decoder(p, spec, T)
        worst = 0.0
        for t, b in enumerate(ids):
            got = d.step(b)
            want = full[0, t]
            worst = max(worst, ((got - want).abs().max() / want.abs().max()).item())
    ok = worst <= 1e-4 or spec["precision"] == "ternary"
    print(json.dumps({"model": spec.get("name", ""), "positions": T, "max_rel_diff": worst, "ok": ok}))
    if not ok:
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("bench", "check"):
        sp = sub.add_parser(name)
        sp.add_argument("--spec", required=True, help="model config JSON (trigo's Spec.JSON)")
        sp.add_argument("--threads", type=int, default=1)
        sp.add_argument("--bytes", type=int, default=128 if name == "bench" else 40)
        sp.add_argument("--prompt-bytes", type=int, default=32)
        sp.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    bench(args) if args.cmd == "bench" else check(args)


if __name__ == "__main__":
    main()
