#!/usr/bin/python3
"""Train Trigo's models with PyTorch's distributed engine (the bridge).

The models, optimizers, schedule, clipping, batch sampling and checkpoints
are those of `trigo train` (engine/train, engine/optim, engine/data,
engine/ckpt), so a checkpoint written here is read by `trigo chat`,
`trigo probe`, `trigo export`, `trigo train --resume` and notebooks, and a
Trigo checkpoint resumes here. See docs/scale-out.md.

  # one process (CPU, or the first GPU)
  /usr/bin/python3 tools/torch_ref/train.py --model lite-ternary --data-dir data/stories_demo \\
      --steps 3000 --batch-size 64 --seq-len 256 --out runs/lite-ternary.safetensors
  # N processes on this machine, no launcher needed
  python3 tools/torch_ref/train.py --nproc 2 ...
  # torchrun (one node, or many with --nnodes/--rdzv_endpoint)
  torchrun --nproc_per_node 8 tools/torch_ref/train.py ...
  # resume a Trigo (or bridge) checkpoint; flags not given keep the saved values
  python3 tools/torch_ref/train.py --resume runs/x.safetensors --steps 6000
  # PyTorch's logits of a checkpoint on a fixed batch (for the Go check)
  python3 tools/torch_ref/train.py logits --ckpt runs/x.safetensors --out x.logits.safetensors

Data parallelism: every rank draws the whole global batch from the same
SplitMix64 sampler (so the sampler state stays Trigo's) and keeps its own
B/N rows; gradients are averaged with one all-reduce, so N ranks at global
batch B take the steps one process takes at batch B, up to float rounding.
"""
import argparse
import contextlib
import json
import math
import os
import re
import signal
import socket
import sys
import time
from decimal import Decimal

import torch
import torch.distributed as dist

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as ref  # noqa: E402  (tools/torch_ref/model.py)

# --- configurations (engine/model/spec.go, tiny.go) ---------------------------

_FAMILIES = {
    "lite": dict(arch="routed", vocab=256, dim=256, layers=8, heads=4, head_dim=64, top_k=16, ffn=1536,
                 conv_kernel=5, wide_kernel=0, wide_dilation=0, pathways=["local", "sparse", "dense"],
                 cheap_mix="linear", context=512),
    "multi": dict(arch="routed", vocab=256, dim=512, layers=7, heads=4, head_dim=32, top_k=16, ffn=1152,
                  conv_kernel=5, wide_kernel=5, wide_dilation=4,
                  pathways=["local", "wide", "state", "sparse", "dense"], cheap_mix="hadamard", context=512),
    "vanilla": dict(arch="vanilla", vocab=256, dim=320, layers=8, heads=5, head_dim=64, top_k=0, ffn=1280,
                    conv_kernel=0, wide_kernel=0, wide_dilation=0, pathways=None, cheap_mix="", context=512),
}
# Go's json.Marshal field order of model.Spec: the "config" metadata is
# written in it so the bridge's files read like Trigo's.
_SPEC_KEYS = ["name", "arch", "vocab", "dim", "layers", "heads", "head_dim", "top_k", "ffn", "conv_kernel",
              "wide_kernel", "wide_dilation", "pathways", "cheap_mix", "precision", "context"]


def lookup_spec(name):
    """The six named configs ("lite-ternary") and their miniatures
    ("lite-tiny-ternary", model.Tiny: d=32, 2 layers, 2 heads of 16, FFN 64,
    top-k 4, context 64, wide dilation 2)."""
    m = re.fullmatch(r"(lite|multi|vanilla)-(tiny-)?(fp32|ternary)", name)
    if not m:
        names = [f"{f}-{t}{p}" for f in _FAMILIES for t in ("", "tiny-") for p in ("fp32", "ternary")]
        raise SystemExit(f"train.py: unknown model {name!r} (known: {', '.join(names)})")
    s = dict(_FAMILIES[m.group(1)])
    if s["pathways"] is not None:
        s["pathways"] = list(s["pathways"])
    s["name"], s["precision"] = name, m.group(3)
    if m.group(2):
        s.update(dim=32, layers=2, heads=2, head_dim=16, ffn=64, top_k=4, context=64)
        if s["wide_dilation"] > 0:
            s["wide_dilation"] = 2
    return {k: s[k] for k in _SPEC_KEYS}


def spec_json(s):
    return json.dumps({k: s[k] for k in _SPEC_KEYS}, separators=(",", ":"))


# --- parameters (engine/model: names, creation order, kinds, init) ------------

MATRIX, EMBEDDING, HEAD, CONV, VECTOR = "matrix", "embedding", "head", "conv", "vector"


def param_layout(s):
    """[(name, shape, kind, init)] in Trigo's creation order; init is
    ("normal", std), ("const", v) or ("values", list)."""
    d, L = s["dim"], s["layers"]
    out_gain = 1 / math.sqrt(2 * L)
    tern_lin = []
    lay = [("embed.w", (s["vocab"], d), EMBEDDING, ("normal", 1.0))]

    def linear(name, i, o, gain, kind=MATRIX):
        lay.append((name + ".w", (o, i), kind, ("normal", gain / math.sqrt(i))))
        lay.append((name + ".b", (o,), VECTOR, ("const", 0.0)))
        tern_lin.append(name)

    def norm(name):
        lay.append((name + ".g", (d,), VECTOR, ("const", 1.0)))
        lay.append((name + ".b", (d,), VECTOR, ("const", 0.0)))

    def attn(n):
        a = s["heads"] * s["head_dim"]
        for w in ("wq", "wk", "wv"):
            linear(f"{n}.{w}", d, a, 1.0)
        linear(n + ".wo", a, d, out_gain)

    def ffn(n):
        linear(n + ".w1", d, s["ffn"], 1.0)
        linear(n + ".w2", s["ffn"], d, out_gain)

    conv_gain = out_gain if s["cheap_mix"] == "hadamard" else 1.0
    for i in range(L):
        n = f"blocks.{i}"
        if s["arch"] == "vanilla":
            norm(n + ".norm1")
            attn(n + ".attn")
            norm(n + ".norm2")
            ffn(n + ".ffn")
            continue
        norm(n + ".norm")
        linear(n + ".router", d, len(s["pathways"]), 0.2)
        for kind in s["pathways"]:
            m = f"{n}.{kind}"
            if kind in ("local", "wide"):
                k = s["conv_kernel"] if kind == "local" else s["wide_kernel"]
                lay.append((m + ".conv.w", (d, k), CONV, ("normal", conv_gain / math.sqrt(k))))
            elif kind == "state":
                a = [0.5 + 0.47 * j / max(d - 1, 1) for j in range(d)]
                lay.append((m + ".a", (d,), VECTOR, ("values", [math.atanh(x) for x in a])))
                lay.append((m + ".b", (d,), VECTOR, ("values", [1 - x for x in a])))
                lay.append((m + ".c", (d,), VECTOR, ("const", conv_gain)))
            if kind in ("local", "wide", "state") and s["cheap_mix"] == "linear":
                linear(m + ".mix", d, d, out_gain)
            if kind == "sparse":
                attn(m)
            if kind == "dense":
                ffn(m)
    norm("norm")
    linear("out", d, s["vocab"], 0.3, HEAD)
    linear("abstain", d, 1, 0.3, HEAD)
    return lay


def init_params(s, seed):
    """Fresh weights with Trigo's initial distributions. They are drawn from
    torch's generator, not Go's math/rand, so they are not Trigo's weights
    for the same seed; start from a Trigo file with --init for those."""
    g = torch.Generator().manual_seed(seed)
    p = {}
    for name, shape, _, (how, v) in param_layout(s):
        if how == "normal":
            t = torch.randn(shape, generator=g) * v
        elif how == "const":
            t = torch.full(shape, float(v))
        else:
            t = torch.tensor(v, dtype=torch.float64).float()
        p[name] = t
    return p


def kinds(s):
    return {name: kind for name, _, kind, _ in param_layout(s)}


# --- batch sampling (engine/data: RNG, Sampler, EvalWindows) ------------------

M64 = (1 << 64) - 1


class RNG:
    """SplitMix64 with Trigo's seeding (state = seed ^ golden gamma)."""

    def __init__(self, seed):
        self.state = (seed & M64) ^ 0x9E3779B97F4A7C15

    def uint64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def intn(self, n):
        if n <= 0:
            raise ValueError(f"RNG.intn: n = {n} must be positive")
        lim = M64 - M64 % n  # rejection removes the modulo bias, as in Go
        while True:
            v = self.uint64()
            if v < lim:
                return v % n


class Sampler:
    """B windows of T+1 bytes at uniform offsets in [0, len - T)."""

    def __init__(self, stream, B, T, seed):
        if len(stream) < T + 1:
            raise SystemExit(f"train.py: train.bin has {len(stream)} bytes, fewer than one window of seq-len {T} + 1")
        self.stream, self.B, self.T, self.rng = stream, B, T, RNG(seed)

    def next_offsets(self):
        span = len(self.stream) - self.T
        return [self.rng.intn(span) for _ in range(self.B)]

    def state(self):
        return str(self.rng.state)

    def restore(self, st):
        try:
            self.rng.state = int(st) & M64
        except ValueError:
            raise SystemExit(f"train.py: bad sampler state {st!r} in the checkpoint")


def windows(stream, offs, T):
    """(inputs, targets) LongTensors [len(offs), T]."""
    idx = torch.tensor(offs, dtype=torch.long)[:, None] + torch.arange(T + 1)
    rows = stream[idx].long()
    return rows[:, :-1], rows[:, 1:]


def eval_offsets(n_stream, B, T, n):
    """data.EvalWindows: B·n offsets spread evenly, cut into batches of B."""
    span = n_stream - T
    if span <= 0 or B <= 0 or n <= 0:
        return []
    total = min(B * n, span)
    offs = [i * span // total for i in range(total)]
    return [offs[lo:lo + B] for lo in range(0, total, B)]


# --- optimizers (engine/optim) ------------------------------------------------

def schedule(step, warmup, total, min_frac):
    """optim.Schedule: linear warm-up, cosine to min_frac at the last step."""
    if step < warmup:
        return (step + 1) / warmup
    if total <= warmup + 1:
        return 1.0
    p = min(max((step - warmup) / (total - warmup - 1), 0.0), 1.0)
    return min_frac + (1 - min_frac) * 0.5 * (1 + math.cos(math.pi * p))


def clip_grad_norm(params, max_norm):
    """optim.ClipGradNorm: the norm is summed in float64; scale by
    float32(max/(norm+1e-6)) when below 1. Returns the norm before."""
    grads = [t.grad for t in params if t.grad is not None]
    if not grads:
        return 0.0
    ss = torch.stack([g.double().pow(2).sum() for g in grads]).sum()
    norm = math.sqrt(ss.item())
    if max_norm > 0:
        c = max_norm / (norm + 1e-6)
        if c < 1:
            for g in grads:
                g.mul_(torch.tensor(c, dtype=torch.float32).item())
    return norm


def go_g(x):
    """Go's %g (shortest digits; exponent form below 1e-4 or from 1e6)."""
    if x == 0:
        return "0"
    sign, digits, exp = Decimal(repr(float(x))).normalize().as_tuple()
    ds = "".join(map(str, digits))
    e = len(ds) + exp - 1
    neg = "-" if sign else ""
    if e < -4 or e >= 6:
        mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
        return f"{neg}{mant}e{'-' if e < 0 else '+'}{abs(e):02d}"
    return neg + format(Decimal(repr(abs(float(x)))).normalize(), "f")


class AdamW:
    """optim.AdamW: torch's single-tensor AdamW arithmetic, betas (0.9,
    0.95), eps 1e-8, decay on tensors of >= 2 dims, per-parameter step
    counts; parameters without a gradient are skipped. State tensors are
    named optim.adamw.{m,v}.<param> and optim.adamw.steps (in order)."""

    def __init__(self, named, lr, wd):
        self.lr, self.wd, self.b1, self.b2, self.eps = lr, wd, 0.9, 0.95, 1e-8
        self.names = [n for n, _ in named]
        self.params = [t for _, t in named]
        self.m = [torch.zeros_like(t) for t in self.params]
        self.v = [torch.zeros_like(t) for t in self.params]
        self.steps = [0] * len(self.params)

    def describe(self):
        return f"adamw lr={go_g(self.lr)} betas=({go_g(self.b1)},{go_g(self.b2)}) eps={go_g(self.eps)} wd={go_g(self.wd)}"

    @torch.no_grad()
    def step(self, mult):
        lr = self.lr * mult
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue
            self.steps[i] += 1
            t = self.steps[i]
            g, m, v = p.grad, self.m[i], self.v[i]
            bc1 = 1 - self.b1 ** t
            bc2sqrt = math.sqrt(1 - self.b2 ** t)
            if p.dim() >= 2:
                p.mul_(1 - lr * self.wd)
            m.mul_(self.b1).add_(g, alpha=1 - self.b1)
            v.mul_(self.b2).addcmul_(g, g, value=1 - self.b2)
            denom = (v.sqrt() / bc2sqrt).add_(self.eps)
            p.addcdiv_(m, denom, value=-lr / bc1)

    def state(self):
        out = {}
        for n, m in zip(self.names, self.m):
            out["optim.adamw.m." + n] = m
        for n, v in zip(self.names, self.v):
            out["optim.adamw.v." + n] = v
        out["optim.adamw.steps"] = torch.tensor(self.steps, dtype=torch.float32)
        return out

    def load(self, saved):
        for n, m, v in zip(self.names, self.m, self.v):
            for key, dst in (("optim.adamw.m." + n, m), ("optim.adamw.v." + n, v)):
                if key not in saved:
                    raise SystemExit(f"train.py: the checkpoint's optimizer state lacks {key}")
                if saved[key].numel() != dst.numel():
                    raise SystemExit(f"train.py: saved {key} has {saved[key].numel()} values, want {dst.numel()}")
                dst.copy_(saved[key].reshape(dst.shape))
        st = saved.get("optim.adamw.steps")
        if st is None or st.numel() != len(self.steps):
            raise SystemExit(f"train.py: the checkpoint's optim.adamw.steps is missing or not {len(self.steps)} long")
        self.steps = [int(x) for x in st.tolist()]


def newton_schulz(g, steps):
    """optim.NewtonSchulz: quintic iteration on the Frobenius-normalised
    matrix in its wide orientation, float32."""
    a, b, c = 3.4445, -4.7750, 2.0315
    x = g.t() if g.shape[0] > g.shape[1] else g
    # Norm in float64 as Go sums it; kept on the device (no host sync).
    x = x * (1 / (x.double().pow(2).sum().sqrt() + 1e-7)).float()
    for _ in range(steps):
        A = x @ x.t()
        B = b * A + c * (A @ A)
        x = a * x + B @ x
    return x.t() if g.shape[0] > g.shape[1] else x


class Muon:
    """optim.Muon: Nesterov momentum 0.95, 5 Newton-Schulz steps, scale
    sqrt(max(1, rows/cols)), decoupled decay, for the Linear weights inside
    the blocks (kind matrix); AdamW for the rest. State: optim.muon.mom.<p>
    plus AdamW's over the rest."""

    def __init__(self, named, kind, lr, adam_lr, wd):
        self.lr, self.mom_beta, self.ns, self.wd = lr, 0.95, 5, wd
        mats = [(n, t) for n, t in named if kind[n] == MATRIX and t.dim() == 2]
        rest = [(n, t) for n, t in named if not (kind[n] == MATRIX and t.dim() == 2)]
        self.names = [n for n, _ in mats]
        self.params = [t for _, t in mats]
        self.mom = [torch.zeros_like(t) for t in self.params]
        self.adam = AdamW(rest, adam_lr, wd)

    def describe(self):
        return (f"muon lr={go_g(self.lr)} momentum={go_g(self.mom_beta)} ns={self.ns} wd={go_g(self.wd)} "
                f"({len(self.params)} matrices); rest: {self.adam.describe()}")

    @torch.no_grad()
    def step(self, mult):
        lr = self.lr * mult
        beta = self.mom_beta
        for p, buf in zip(self.params, self.mom):
            if p.grad is None:
                continue
            g = p.grad
            buf.mul_(beta).add_(g, alpha=1 - beta)
            u = newton_schulz((1 - beta) * g + beta * buf, self.ns)
            rows, cols = p.shape
            p.mul_(1 - lr * self.wd).sub_(u, alpha=lr * math.sqrt(max(1.0, rows / cols)))
        self.adam.step(mult)

    def state(self):
        out = {"optim.muon.mom." + n: b for n, b in zip(self.names, self.mom)}
        out.update(self.adam.state())
        return out

    def load(self, saved):
        for n, b in zip(self.names, self.mom):
            key = "optim.muon.mom." + n
            if key not in saved or saved[key].numel() != b.numel():
                raise SystemExit(f"train.py: the checkpoint's optimizer state lacks {key} (or it has the wrong size)")
            b.copy_(saved[key].reshape(b.shape))
        self.adam.load(saved)


def make_optimizer(name, named, kind, o):
    if name == "adamw":
        return AdamW(named, o["lr"], o["weight_decay"])
    if name == "muon":
        return Muon(named, kind, o["muon_lr"], o["lr"], o["weight_decay"])
    raise SystemExit(f"train.py: unknown optimizer {name!r} (want adamw or muon)")


# --- options (engine/train.Options and its checkpoint record) -----------------

# savedOptions in engine/train/checkpoint.go, in its JSON order.
_OPT_KEYS = ["steps", "batch_size", "seq_len", "lr", "muon_lr", "min_lr_frac", "warmup", "weight_decay",
             "grad_clip", "optimizer", "seed", "eval_every", "eval_batches", "save_every", "stage"]


def resolve_options(args, saved):
    """Flags given win; otherwise a resumed run keeps the checkpoint's
    values (train.Options.inherit), then Trigo's defaults (Options.defaults)."""
    o = {}
    for k in _OPT_KEYS:
        v = getattr(args, k)
        if v is None and saved is not None and k in saved:
            v = saved[k]
            if k in ("weight_decay", "grad_clip") and v == 0:
                v = -1  # saved as disabled: keep it disabled
        o[k] = v
    o["steps"] = o["steps"] or 100
    o["batch_size"] = o["batch_size"] or 16
    o["seq_len"] = o["seq_len"] or 128
    o["lr"] = o["lr"] or 2e-3
    o["muon_lr"] = o["muon_lr"] or 0.02
    o["min_lr_frac"] = o["min_lr_frac"] or 0.1
    o["warmup"] = o["warmup"] or max(1, min(100, o["steps"] // 10))
    wd = o["weight_decay"]
    o["weight_decay"] = 0.1 if wd is None or wd == 0 else (0.0 if wd < 0 else wd)
    clip = o["grad_clip"]
    o["grad_clip"] = 1.0 if clip is None or clip == 0 else (0.0 if clip < 0 else clip)
    o["optimizer"] = o["optimizer"] or "adamw"
    o["eval_every"] = o["eval_every"] or max(o["steps"] // 10, 1)
    o["eval_batches"] = o["eval_batches"] or 8
    o["save_every"] = o["save_every"] or 0
    o["stage"] = o["stage"] or "pretrain"
    return o


# --- checkpoints (engine/ckpt + engine/train.Trainer.Save) --------------------

def save_checkpoint(path, spec, seed, params, opt, o, step, sampler, history, data_desc, world):
    meta = {
        "format": "trigo-safetensors-v1",
        "config": spec_json(spec),
        "model": spec["name"],
        "precision": spec["precision"],
        "stage": o["stage"],
        "step": str(step),
        "seed": str(seed),
        "data": data_desc,
        "optimizer": opt.describe(),
        "optimizer_state": 'tensors prefixed "optim." in this file',
        "optimizer_name": "muon" if isinstance(opt, Muon) else "adamw",
        "sampler": sampler.state(),
        "sampler_seed": str(o["seed"]),
        "history": json.dumps(history, separators=(",", ":")),
        "train_options": json.dumps({k: o[k] for k in _OPT_KEYS}, separators=(",", ":")),
        "trained_by": f"tools/torch_ref/train.py (PyTorch {torch.__version__}, {world} rank{'s' if world > 1 else ''})",
    }
    tensors = {n: t.detach().cpu() for n, t in params.items()}
    tensors.update({n: t.detach().cpu() for n, t in opt.state().items()})
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    ref.write_safetensors(path, meta, tensors)


def load_checkpoint(path):
    try:
        meta, tensors = ref.read_safetensors(path)
    except (OSError, ValueError, KeyError) as e:
        raise SystemExit(f"train.py: {path}: {e}")
    if "config" not in meta:
        raise SystemExit(f"train.py: {path}: metadata has no \"config\" entry: not a Trigo checkpoint")
    spec = json.loads(meta["config"])
    for k in _SPEC_KEYS:
        spec.setdefault(k, None if k == "pathways" else (0 if k not in ("name", "arch", "cheap_mix", "precision") else ""))
    return meta, spec, tensors


def check_weights(path, spec, tensors):
    want = {n: shape for n, shape, _, _ in param_layout(spec)}
    problems = [f"missing {n} {list(s)}" for n, s in want.items() if n not in tensors]
    problems += [f"{n} has shape {list(tensors[n].shape)}, want {list(s)}" for n, s in want.items()
                 if n in tensors and tuple(tensors[n].shape) != tuple(s)]
    problems += [f"unexpected tensor {n}" for n in tensors if n not in want and not n.startswith("optim.")]
    if problems:
        raise SystemExit(f"train.py: {path} does not match {spec['name']}: {'; '.join(problems[:6])}")


# --- the run ------------------------------------------------------------------

def forward_loss(p, spec, inp, tgt, amp):
    ctx = torch.autocast("cuda", dtype=torch.bfloat16) if amp else contextlib.nullcontext()
    with ctx:
        logits, _ = ref.forward(p, spec, inp)
    logits = logits.float()
    return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1))


def describe_data(d, ntrain, nvalid):
    return f"{d.replace(os.sep, '/')} (train {ntrain} bytes, valid {nvalid} bytes)"


def read_stream(path):
    try:
        with open(path, "rb") as f:
            b = f.read()
    except OSError as e:
        raise SystemExit(f"train.py: {e} (a data folder holds train.bin and valid.bin; make one with 'trigo prepare')")
    if len(b) < 2:
        raise SystemExit(f"train.py: {path}: {len(b)} bytes is too short to train on")
    return torch.frombuffer(bytearray(b), dtype=torch.uint8)


def log(rank, *a):
    if rank == 0:
        print(*a, flush=True)


def run(args):
    rank, world, local = 0, 1, 0
    if "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1:
        rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
        local = int(os.environ.get("LOCAL_RANK", rank))
    if args.device == "auto":
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    if args.device == "cuda":
        if not torch.cuda.is_available():
            raise SystemExit("train.py: --device cuda, but torch.cuda.is_available() is false")
        torch.cuda.set_device(local)
        device = torch.device("cuda", local)
    else:
        device = torch.device("cpu")
    if world > 1:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    # Model, weights and the checkpoint's record.
    saved_opts, meta, tensors = None, {}, None
    if args.resume and args.init:
        raise SystemExit("train.py: --init: not with --resume (a resumed run continues from its checkpoint)")
    if args.resume or args.init:
        path = args.resume or args.init
        meta, spec, tensors = load_checkpoint(path)
        check_weights(path, spec, tensors)
        if args.model and args.model != spec["name"]:
            raise SystemExit(f"train.py: --model {args.model}: {path} holds {spec['name']} (drop --model)")
        seed = int(meta.get("seed", "0"))
        if args.resume:
            if "train_options" in meta:
                saved_opts = json.loads(meta["train_options"])
            if args.stage is None and meta.get("stage"):
                args.stage = meta["stage"]
        p = {n: tensors[n].clone() for n, _, _, _ in param_layout(spec)}
    else:
        spec = lookup_spec(args.model or "lite-fp32")
        seed = args.seed if args.seed is not None else 1
        p = init_params(spec, seed)
    if args.seed is None and not args.resume:
        args.seed = seed if args.init is None else 1
    o = resolve_options(args, saved_opts)
    if o["stage"] != "pretrain":
        raise SystemExit(f"train.py: stage {o['stage']!r}: the bridge trains the pretrain stage only "
                         "(chat stages: see docs/scale-out.md)")
    if o["seq_len"] > spec["context"] and (not args.resume or args.seq_len is not None):
        raise SystemExit(f"train.py: --seq-len {o['seq_len']}: must be at most {spec['name']}'s context {spec['context']}")
    B, T = o["batch_size"], o["seq_len"]
    if args.out is None:
        args.out = os.path.join("runs", spec["name"] + ".safetensors")
    if B % world:
        raise SystemExit(f"train.py: --batch-size {B} (global) must be a multiple of the {world} ranks")
    amp = args.amp == "bf16"
    if amp and (device.type != "cuda" or spec["precision"] == "ternary"):
        # int8 codes and ternary weights would be rounded to bf16's 8-bit
        # significand: a different model, so ternary configs stay fp32.
        log(rank, f"--amp bf16 ignored: {'ternary semantics need fp32' if device.type == 'cuda' else 'CPU run'}")
        amp = False
    if device.type == "cuda":
        # TF32 would round ternary's int8 activations too; keep fp32 exact.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False

    # Data.
    data_dir = args.data_dir
    if data_dir is None and args.resume:
        m = re.match(r"^(.+) \(train \d+ bytes, valid \d+ bytes\)(;|$)", meta.get("data", ""))
        data_dir = m.group(1) if m else None
    if data_dir is None:
        data_dir = "data/stories_demo"
    train_s = read_stream(os.path.join(data_dir, "train.bin"))
    valid_s = read_stream(os.path.join(data_dir, "valid.bin"))
    data_desc = describe_data(data_dir, len(train_s), len(valid_s))
    if args.init:
        data_desc += f"; init {args.init}"  # as trigo train --init records it
    sampler = Sampler(train_s, B, T, o["seed"])
    evals = eval_offsets(len(valid_s), B, min(T, len(valid_s) - 1), o["eval_batches"])
    Tv = min(T, len(valid_s) - 1)

    # Optimizer (state from the checkpoint when resuming).
    p = {n: t.to(device).requires_grad_(True) for n, t in p.items()}
    kind = kinds(spec)
    named = list(p.items())
    opt = make_optimizer(o["optimizer"], named, kind, o)
    step = 0
    history = {"steps": [], "loss": [], "val_steps": [], "val_loss": []}
    if args.resume:
        if meta.get("optimizer_name", "adamw") != o["optimizer"]:
            raise SystemExit(f"train.py: resume {args.resume}: saved optimizer {meta.get('optimizer_name')!r}, "
                             f"this run uses {o['optimizer']!r}")
        opt.load({n: t.to(device) for n, t in tensors.items() if n.startswith("optim.")})
        if "sampler" in meta:
            sampler.restore(meta["sampler"])
        if meta.get("history"):
            h = json.loads(meta["history"])
            for k in history:
                history[k] = list(h.get(k) or [])
            if h.get("extra_val"):
                history["extra_val"] = h["extra_val"]
        step = int(meta.get("step", "0"))
    tensors = None

    def evaluate():
        tot = torch.zeros(1, dtype=torch.float64)
        with torch.no_grad():
            for j, offs in enumerate(evals):
                if j % world != rank:
                    continue
                inp, tgt = windows(valid_s, offs, Tv)
                tot += forward_loss(p, spec, inp.to(device), tgt.to(device), amp).double().cpu()
        if world > 1:
            tot = tot.to(device)
            dist.all_reduce(tot)
            tot = tot.cpu()
        return tot.item() / max(len(evals), 1)

    def save(path):
        if rank == 0:
            save_checkpoint(path, spec, seed, p, opt, o, step, sampler, history, data_desc, world)
        if world > 1:
            dist.barrier()

    log(rank, f"{spec['name']}: {sum(t.numel() for t in p.values()):,} parameters, {world} rank(s) on {device.type}"
              f"{' (bf16 autocast)' if amp else ''}, global batch {B}×{T}, {o['optimizer']}, steps {step}→{o['steps']}")
    params = list(p.values())
    lo, hi = rank * B // world, (rank + 1) * B // world
    # SIGINT / SIGTERM (Ctrl-C, a cluster's preemption) finish the current
    # step on every rank and save, as `trigo train` does on Ctrl-C.
    signals = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda n, f: signals.append(n))
    start = time.time()
    first = step
    while step < o["steps"]:
        t0 = time.time()
        inp, tgt = windows(train_s, sampler.next_offsets(), T)
        inp, tgt = inp[lo:hi].to(device, non_blocking=True), tgt[lo:hi].to(device, non_blocking=True)
        mult = schedule(step, o["warmup"], o["steps"], o["min_lr_frac"])
        for t in params:
            t.grad = None
        loss = forward_loss(p, spec, inp, tgt, amp)
        loss.backward()
        lv = loss.detach().double().reshape(1)
        stop = bool(signals)
        if world > 1:
            # One all-reduce of every gradient (flattened), the loss and the
            # stop request: the mean over ranks is the gradient of the global
            # batch's mean loss, and every rank stops at the same step.
            have = [t for t in params if t.grad is not None]
            flag = torch.full((1,), float(world if stop else 0), device=device)
            flat = torch.cat([t.grad.reshape(-1) for t in have] + [lv.float(), flag])
            dist.all_reduce(flat)
            flat /= world
            off = 0
            for t in have:
                n = t.numel()
                t.grad.copy_(flat[off:off + n].view_as(t.grad))
                off += n
            lv = flat[-2:-1].double()
            stop = flat[-1].item() > 0
        norm = clip_grad_norm(params, o["grad_clip"])
        opt.step(mult)
        step += 1
        lval = lv.item()
        history["steps"].append(step)
        history["loss"].append(lval)
        if not math.isfinite(lval):
            raise SystemExit(f"train.py: step {step}: loss is {lval} (try a lower learning rate)")
        dt = time.time() - t0
        if args.log_every and (step % args.log_every == 0 or step == o["steps"]):
            log(rank, f"step {step}/{o['steps']} loss {lval:.4f} lr {mult * o['lr']:.3g} norm {norm:.3f} "
                      f"{B * T / dt:,.0f} tok/s")
        if evals and ((o["eval_every"] > 0 and step % o["eval_every"] == 0) or step == o["steps"]):
            v = evaluate()
            history["val_steps"].append(step)
            history["val_loss"].append(v)
            log(rank, f"step {step}: val {v:.4f}")
        if o["save_every"] > 0 and args.out and step % o["save_every"] == 0 and step < o["steps"]:
            save(args.out)
        if stop:
            log(rank, f"interrupted at step {step}: saving; resume with --resume {args.out}")
            break
    elapsed = time.time() - start
    if args.out and step > first:
        save(args.out)
        log(rank, f"saved {args.out} at step {step}")
    done = step - first
    if done:
        log(rank, f"done: {done} steps in {elapsed:.1f}s, {done * B * T / max(elapsed, 1e-9):,.0f} tok/s, "
                  f"loss {history['loss'][-1]:.4f}" + (f", val {history['val_loss'][-1]:.4f}" if history["val_loss"] else ""))
    if world > 1:
        dist.destroy_process_group()


def _spawned(local_rank, world, port, args):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(local_rank),
                      LOCAL_RANK=str(local_rank), WORLD_SIZE=str(world), LOCAL_WORLD_SIZE=str(world))
    run(args)


def launch(args):
    """--nproc N: start N local ranks with torch.multiprocessing.spawn and an
    env:// rendezvous on a free port (works where torchrun does not)."""
    if args.nproc <= 1 or "WORLD_SIZE" in os.environ:
        run(args)
        return
    import torch.multiprocessing as mp
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctx = mp.spawn(_spawned, args=(args.nproc, port, args), nprocs=args.nproc, join=False)

    def forward(n, _):  # a signal to the launcher reaches every rank
        for pr in ctx.processes:
            if pr.is_alive():
                os.kill(pr.pid, n)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    while not ctx.join():
        pass


# --- logits for the Go check --------------------------------------------------

def logits_cmd(args):
    """Write PyTorch's logits of a checkpoint on a fixed random batch (for
    ternary models one whose int8 inputs keep clear of rounding ties, see
    model.TIE_GUARD) to OUT: tensor "logits" [B, T, 256], metadata "ids",
    "B", "T" (engine/ckpt's TestBridgeCheckpoint compares Trigo's)."""
    torch.set_num_threads(1)
    meta, spec, tensors = load_checkpoint(args.ckpt)
    check_weights(args.ckpt, spec, tensors)
    p = {n: tensors[n] for n, _, _, _ in param_layout(spec)}
    g = torch.Generator().manual_seed(args.seed)
    ids = torch.randint(0, 256, (args.batch_size, args.seq_len), generator=g)
    if spec["precision"] == "ternary":
        ids = ref.tie_free_ids(p, spec, ids)
    with torch.no_grad():
        logits, _ = ref.forward(p, spec, ids)
    ref.write_safetensors(args.out, {"ids": json.dumps(ids.reshape(-1).tolist()), "B": str(args.batch_size),
                                     "T": str(args.seq_len), "checkpoint": os.path.basename(args.ckpt),
                                     "torch": torch.__version__}, {"logits": logits})
    print(f"{args.out}: logits {tuple(logits.shape)} of {args.ckpt}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "logits":
        ap = argparse.ArgumentParser(prog="train.py logits", description=logits_cmd.__doc__)
        ap.add_argument("--ckpt", required=True)
        ap.add_argument("--out", required=True)
        ap.add_argument("--batch-size", type=int, default=2)
        ap.add_argument("--seq-len", type=int, default=12)
        ap.add_argument("--seed", type=int, default=7)
        logits_cmd(ap.parse_args(argv[1:]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="config name (lite|multi|vanilla)-[tiny-](fp32|ternary) [lite-fp32]")
    ap.add_argument("--data-dir", help="folder with train.bin and valid.bin [data/stories_demo, or the checkpoint's]")
    ap.add_argument("--steps", type=int, help="total optimizer steps (a resumed run continues up to this) [100]")
    ap.add_argument("--batch-size", type=int, help="global sequences per step, split over the ranks [16]")
    ap.add_argument("--seq-len", type=int, help="bytes per sequence [128]")
    ap.add_argument("--lr", type=float, help="peak learning rate (AdamW; Muon's non-matrix part) [2e-3]")
    ap.add_argument("--muon-lr", type=float, help="peak learning rate of Muon's matrices [0.02]")
    ap.add_argument("--min-lr-frac", type=float, help="final learning rate / peak [0.1]")
    ap.add_argument("--warmup", type=int, help="warm-up steps [min(100, steps/10)]")
    ap.add_argument("--weight-decay", type=float, help="decoupled decay of 2-D tensors; 0 disables [0.1]")
    ap.add_argument("--grad-clip", type=float, help="global gradient-norm limit; 0 disables [1.0]")
    ap.add_argument("--optimizer", choices=["adamw", "muon"], help="[adamw]")
    ap.add_argument("--seed", type=int, help="seed of fresh weights and of batch sampling [1]")
    ap.add_argument("--eval-every", type=int, help="validate every N steps [steps/10]")
    ap.add_argument("--eval-batches", type=int, help="validation batches per evaluation [8]")
    ap.add_argument("--save-every", type=int, help="also save the checkpoint every N steps [0: at the end]")
    ap.add_argument("--stage", help="training stage recorded in the checkpoint (only pretrain) [pretrain]")
    ap.add_argument("--out", help="checkpoint to write [runs/MODEL.safetensors]")
    ap.add_argument("--resume", help="continue this Trigo or bridge checkpoint (weights, optimizer, sampler, step, history)")
    ap.add_argument("--init", help="start from this checkpoint's weights (fresh optimizer, step 0)")
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="[auto: cuda when available]")
    ap.add_argument("--amp", choices=["none", "bf16"], default="none",
                    help="bf16 autocast on CUDA for fp32 configs (ternary configs always run fp32)")
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads per rank [0: torch's default]")
    ap.add_argument("--nproc", type=int, default=1, help="spawn this many local ranks (without torchrun) [1]")
    ap.add_argument("--log-every", type=int, default=10, help="print a progress line every N steps (0: never) [10]")
    args = ap.parse_args(argv)
    for k in ("weight_decay", "grad_clip"):
        v = getattr(args, k)
        if v is not None and v < 0:
            ap.error(f"--{k.replace('_', '-')} {v}: must be at least 0 (0 disables)")
        if v == 0:
            setattr(args, k, -1.0)  # trigo train's flags: 0 disables (Options: negative)
    for k in ("steps", "batch_size", "seq_len", "warmup", "eval_batches"):
        v = getattr(args, k)
        if v is not None and v < 1:
            ap.error(f"--{k.replace('_', '-')} {v}: must be at least 1")
    launch(args)


if __name__ == "__main__":
    main()
