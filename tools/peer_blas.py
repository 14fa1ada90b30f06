#!/usr/bin/env python3
"""Which BLAS kernel does the PyTorch peer run, and which one should it run?

Debian's OpenBLAS picks a kernel ("core") per CPU at load time and falls back
to an old one (Prescott, no AVX2) on CPUs it does not recognise, which makes
PyTorch 4-6x slower and every ratio against it flattering (issue 19). This
tool tries several settings of OPENBLAS_CORETYPE, each in a fresh Python
subprocess with OPENBLAS_VERBOSE=2 (OpenBLAS then prints "Core: X"), checks
torch.mm against an exact reference before timing anything, times a square
float32 product at the requested thread count, and prints one JSON object:

  candidates  every setting: its environment (null = unset), the core it ran,
              status ok | wrong | crash | timeout | error, the worst relative
              error, GFLOP/s (best call and median)
  chosen      the fastest correct setting (a non-fallback core first)
  fallback    whether the chosen core lacks AVX2 on a CPU that has it

`trigo bench` runs this once per command and passes the chosen environment to
its PyTorch peers (cmd/trigo/bench_peer.go). Exit status 3: no torch.

Reference: the inputs are multiples of 2^-10 and the reference product is
computed in int64 (torch's integer mm does not use BLAS), so it is exact; it
is compared in float64 as max|C - ref| / max|ref| against --tol."""
import argparse
import ctypes
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time

# OpenBLAS 0.3.21's x86 core names (driver/others/dynamic.c) whose kernels
# use no AVX2. On a CPU with AVX2, running one of these is a fallback.
NO_AVX2_CORES = {
    "Unknown", "Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Atom",
    "Core2", "Penryn", "Dunnington", "Nehalem", "Athlon", "Opteron", "Opteron_SSE3",
    "Barcelona", "Nano", "Sandybridge", "Bobcat", "Bulldozer", "Piledriver", "Steamroller",
}
CORETYPES = ["SkylakeX", "Cooperlake", "Zen", "Haswell", "Sandybridge"]
VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
FLAGS_OF_INTEREST = ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "amx_bf16")


def blas_core():
    """The core name and config string of the OpenBLAS this process loaded
    (via torch), or (None, None) when none is loaded. Used by the bench peers
    to report which kernel actually ran."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    except OSError:
        return None, None
    for p in sorted(paths):
        try:
            lib = ctypes.CDLL(p)  # already loaded: dlopen returns the same handle
        except OSError:
            continue
        name = getattr(lib, "openblas_get_corename", None)
        if name is None:
            continue
        name.restype = ctypes.c_char_p
        cfg = getattr(lib, "openblas_get_config", None)
        config = None
        if cfg is not None:
            cfg.restype = ctypes.c_char_p
            config = cfg().decode(errors="replace").strip()
        return name().decode(errors="replace").strip(), config
    return None, None


def cpu_info():
    model, flags = None, set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                k = k.strip()
                if k == "model name" and model is None:
                    model = v.strip()
                elif k == "flags" and not flags:
                    flags = set(v.split())
    except OSError:
        pass
    return model, flags


def is_fallback(core, cpu_has_avx2):
    return bool(cpu_has_avx2 and core in NO_AVX2_CORES)


def child(args):
    """One candidate, in the environment the parent gave it."""
    try:
        import torch
    except Exception as e:  # ImportError, or a broken shared library
        print(f"torch unavailable: {e}", file=sys.stderr)
        sys.exit(3)
    torch.set_num_threads(args.threads)
    core, config = blas_core()
    g = torch.Generator().manual_seed(19)
    scale = 2.0 ** -10
    checks = []
    for n in args.sizes:
        # Integers |k| <= 2^14 scaled by 2^-10: exact in float32, and the
        # int64 product (|sum| < 2^28 * n) is exact in float64 too.
        ai = torch.clamp(torch.round(torch.randn(n, n, generator=g, dtype=torch.float64) * 1024), -16384, 16384).to(torch.int64)
        bi = torch.clamp(torch.round(torch.randn(n, n, generator=g, dtype=torch.float64) * 1024), -16384, 16384).to(torch.int64)
        a, b = (ai.to(torch.float32) * scale), (bi.to(torch.float32) * scale)
        ops = [("nn", a, b, ai, bi)]
        if n <= 600:  # transposed operands take other packing paths; cheap when small
            ops += [("tn", a.t(), b, ai.t(), bi), ("nt", a, b.t(), ai, bi.t())]
        for op, x, y, xi, yi in ops:
            ref = torch.mm(xi, yi).to(torch.float64) * (scale * scale)
            got = torch.mm(x, y).to(torch.float64)
            denom = ref.abs().max().item() or 1.0
            err = (got - ref).abs().max().item() / denom
            if err != err:  # NaN
                err = float("inf")
            checks.append({"n": n, "op": op, "rel_err": err})
    worst = max((c["rel_err"] for c in checks), default=0.0)
    out = {"core_lib": core, "config": config, "version": torch.__version__,
           "threads": torch.get_num_threads(), "checks": checks, "max_rel_err": worst,
           "correct": worst <= args.tol}
    if out["correct"]:
        n = args.time_n
        a = torch.randn(n, n, generator=g, dtype=torch.float32)
        b = torch.randn(n, n, generator=g, dtype=torch.float32)
        c = torch.empty(n, n, dtype=torch.float32)
        for _ in range(2):
            torch.mm(a, b, out=c)
        times, total = [], 0.0
        while len(times) < args.reps or (total < args.min_time and len(times) < 200):
            t0 = time.perf_counter()
            torch.mm(a, b, out=c)
            dt = time.perf_counter() - t0
            times.append(dt)
            total += dt
        flop = 2.0 * n * n * n
        out.update({"time_n": n, "reps": len(times), "gflops": flop / min(times) / 1e9,
                    "gflops_median": flop / statistics.median(times) / 1e9})
    print(json.dumps(out), flush=True)


def candidates(found, which):
    """(name, env) pairs; env maps each variable to a value or None (unset).
    Settings whose environment equals an earlier one are dropped."""
    out = [("as-found", dict(found))]
    if which == "all":
        out.append(("auto", {v: None for v in VARS}))
        for ct in CORETYPES:
            out.append((ct, {"OPENBLAS_CORETYPE": ct, "OPENBLAS_L2_SIZE": None}))
    seen, uniq = [], []
    for name, env in out:
        if env not in seen:
            seen.append(env)
            uniq.append((name, env))
    return uniq


def run_candidate(args, name, env, cpu_has_avx2):
    e = dict(os.environ)
    for k, v in env.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    e["OPENBLAS_VERBOSE"] = "2"
    # torch.set_num_threads does not reach OpenBLAS's own thread pool.
    e["OPENBLAS_NUM_THREADS"] = str(args.threads)
    cmd = [args.python, os.path.abspath(__file__), "--child", "--threads", str(args.threads),
           "--sizes", ",".join(map(str, args.sizes)), "--time-n", str(args.time_n),
           "--reps", str(args.reps), "--min-time", str(args.min_time), "--tol", str(args.tol)]
    rec = {"name": name, "env": env, "core": None, "status": "error", "correct": False,
           "max_rel_err": None, "gflops": None, "gflops_median": None, "fallback": False}
    try:
        p = subprocess.run(cmd, env=e, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired as ex:
        rec["status"] = "timeout"
        rec["detail"] = f"no result within {args.timeout:g} s"
        err = ex.stderr or b""  # bytes even with text=True
        m = re.search(r"^Core: (\S+)", err.decode(errors="replace") if isinstance(err, bytes) else err, re.M)
        rec["core"] = m.group(1) if m else None
        rec["fallback"] = is_fallback(rec["core"], cpu_has_avx2)
        return rec, None
    m = re.search(r"^Core: (\S+)", p.stderr, re.M)
    rec["core"] = m.group(1) if m else None
    if p.returncode == 3:
        return rec, p.stderr.strip()
    if p.returncode != 0:
        rec["status"] = "crash" if p.returncode < 0 else "error"
        rec["detail"] = f"exit status {p.returncode}: " + p.stderr.strip()[-400:]
        rec["fallback"] = is_fallback(rec["core"], cpu_has_avx2)
        return rec, None
    try:
        r = json.loads(p.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        rec["detail"] = "unreadable output: " + p.stdout.strip()[-200:]
        return rec, None
    rec["core"] = rec["core"] or r.get("core_lib")
    rec.update({"status": "ok" if r["correct"] else "wrong", "correct": r["correct"],
                "max_rel_err": r["max_rel_err"], "gflops": r.get("gflops"),
                "gflops_median": r.get("gflops_median"), "reps": r.get("reps"),
                "torch": r["version"], "blas": r["config"],
                "fallback": is_fallback(rec["core"], cpu_has_avx2)})
    if not r["correct"]:
        bad = max(r["checks"], key=lambda c: c["rel_err"])
        rec["detail"] = f"n={bad['n']} {bad['op']}: relative error {bad['rel_err']:.3g} > {args.tol:g}"
    return rec, None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2, help="torch and OpenBLAS threads while timing")
    ap.add_argument("--sizes", default="7,64,513,1024", help="sizes n checked against the exact reference")
    ap.add_argument("--time-n", type=int, default=1024, help="size of the timed product")
    ap.add_argument("--reps", type=int, default=5, help="timed calls (at least), best reported")
    ap.add_argument("--min-time", type=float, default=0.2, help="keep timing until this many seconds")
    ap.add_argument("--tol", type=float, default=1e-4, help="largest max|C-ref|/max|ref| counted correct")
    ap.add_argument("--timeout", type=float, default=120, help="seconds before a candidate counts as hung")
    ap.add_argument("--candidates", choices=["all", "as-found"], default="all")
    ap.add_argument("--python", default=sys.executable, help="interpreter with torch for the candidates")
    ap.add_argument("--markdown", action="store_true", help="print a markdown table instead of JSON")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.threads < 1 or args.time_n < 1 or args.reps < 1 or any(n < 1 for n in args.sizes):
        ap.error("--threads, --time-n, --reps and every size must be ≥ 1")
    if args.child:
        child(args)
        return
    model, flags = cpu_info()
    avx2 = "avx2" in flags
    found = {v: os.environ.get(v) for v in VARS}
    recs = []
    for name, env in candidates(found, args.candidates):
        rec, no_torch = run_candidate(args, name, env, avx2)
        if no_torch is not None:
            print(f"torch unavailable: {no_torch}", file=sys.stderr)
            sys.exit(3)
        recs.append(rec)
    good = [r for r in recs if r["status"] == "ok"]
    # A faster fallback core is implausible, but a correct AVX2 kernel wins
    # any tie the noise of a shared machine could produce.
    chosen = max(good, key=lambda r: (not r["fallback"], r["gflops"] or 0.0), default=None)
    torch_version = next((r.get("torch") for r in recs if r.get("torch")), None)
    blas = next((r.get("blas") for r in recs if r.get("blas")), None)
    report = {
        "tool": "peer_blas", "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu_model": model, "cpu_avx2": avx2, "cpu_flags": [f for f in FLAGS_OF_INTEREST if f in flags],
        "python": args.python, "torch": torch_version, "blas": blas,
        "threads": args.threads, "check_sizes": args.sizes, "time_n": args.time_n, "tol": args.tol,
        "as_found": found, "as_found_core": recs[0]["core"] if recs else None,
        "candidates": recs, "chosen": chosen,
        "fallback": bool(chosen and chosen["fallback"]),
    }
    print(markdown(report) if args.markdown else json.dumps(report, indent=1))


def markdown(r):
    """The report as the table BENCHMARKS.md keeps."""
    def env(e):
        return ", ".join(f"{k}={v}" if v is not None else f"{k} unset" for k, v in e.items())
    lines = [f"{r['date']}, CPU \"{r['cpu_model']}\" ({' '.join(r['cpu_flags'])}), PyTorch {r['torch']}, "
             f"{r['threads']} thread(s), checked at n = {', '.join(map(str, r['check_sizes']))}, "
             f"timed at n = {r['time_n']} (best call):", "",
             "| setting | environment | core | status | max rel. error | GFLOP/s (median) | fallback |",
             "|---|---|---|---|---:|---:|---|"]
    for c in r["candidates"]:
        err = f"{c['max_rel_err']:.1e}" if c["max_rel_err"] is not None else "–"
        gf = f"{c['gflops']:.1f} ({c['gflops_median']:.1f})" if c["gflops"] else "–"
        mark = " **chosen**" if r["chosen"] and c["name"] == r["chosen"]["name"] else ""
        lines.append(f"| {c['name']}{mark} | {env(c['env'])} | {c['core'] or '?'} | {c['status']} | {err} | {gf} | "
                     f"{'yes' if c['fallback'] else 'no'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
