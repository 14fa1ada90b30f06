#!/usr/bin/env python3
"""PyTorch peer for `trigo bench sgemm`: times torch.mm on square float32
matrices with the same method as the Go side (warm-up, then the best and
the median of several individually timed repetitions) and prints one JSON
object per size on stdout.

Exit status 3 means torch could not be imported."""
import argparse
import json
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sizes", default="256,512,1024")
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--min-time", type=float, default=0.3,
                    help="keep repeating until this many seconds were timed")
    args = ap.parse_args()
    try:
        import torch
    except Exception as e:  # ImportError, or a broken shared library
        print(f"torch unavailable: {e}", file=sys.stderr)
        sys.exit(3)
    torch.set_num_threads(args.threads)
    try:  # which OpenBLAS kernel ran, so `trigo bench` can check it (issue 19)
        from peer_blas import blas_core
        core = blas_core()[0]
    except Exception:
        core = None
    print(json.dumps({"peer": "torch", "version": torch.__version__,
                      "threads": torch.get_num_threads(), "blas_core": core}), flush=True)
    g = torch.Generator().manual_seed(1)
    for n in [int(s) for s in args.sizes.split(",") if s]:
        a = torch.randn(n, n, generator=g, dtype=torch.float32)
        b = torch.randn(n, n, generator=g, dtype=torch.float32)
        c = torch.empty(n, n, dtype=torch.float32)
        for _ in range(2):
            torch.mm(a, b, out=c)
        times = []
        total = 0.0
        while len(times) < args.reps or (total < args.min_time and len(times) < 1000):
            t0 = time.perf_counter()
            torch.mm(a, b, out=c)
            dt = time.perf_counter() - t0
            times.append(dt)
            total += dt
        flop = 2.0 * n * n * n
        print(json.dumps({"n": n, "reps": len(times), "best_s": min(times),
                          "median_s": statistics.median(times),
                          "gflops": flop / min(times) / 1e9,
                          "gflops_median": flop / statistics.median(times) / 1e9}),
              flush=True)


if __name__ == "__main__":
    main()
