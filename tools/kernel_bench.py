#!/usr/bin/env python3
"""Start-up and execute round-trip of the trigo kernel against ipykernel.

Run with the system Python (Debian's jupyter-client and ipykernel), after
`trigo install --user` (or with JUPYTER_PATH pointing at the kernelspec):

    /usr/bin/python3 tools/kernel_bench.py [--starts 7] [--execs 300]

Start-up is measured from launching the kernel process (the kernelspec's
argv, with a client already connected) to the first kernel_info_reply;
jupyter_client's own KernelManager bookkeeping is left out, the same way for
both kernels. The round trip is execute_request of `1+1` to the execute_reply
and the idle status. Both kernels run in the same invocation, in
alternating rounds (one kernel alive at a time, so neither one's background
work lands in the other's timings), so that drifts in machine load hit them
alike; the ratios are what count.
"""
import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager


def argv_for(name, conn_file):
    spec = KernelSpecManager().get_kernel_spec(name)
    argv = [a.replace("{connection_file}", conn_file) for a in spec.argv]
    if argv[0] in ("python", "python3"):
        argv[0] = sys.executable
    return argv, dict(os.environ, **(spec.env or {}))


def start(name, tmp):
    """Launch one kernel; return (seconds to first kernel_info_reply, proc, client)."""
    conn_file = os.path.join(tmp, f"{name}-{time.monotonic_ns()}.json")
    write_connection_file(conn_file, ip="127.0.0.1")
    kc = BlockingKernelClient()
    kc.load_connection_file(conn_file)
    kc.start_channels()
    argv, env = argv_for(name, conn_file)
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    msg_id = kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    return time.perf_counter() - t0, proc, kc


def stop(proc, kc):
    try:
        kc.shutdown()
        proc.wait(timeout=10)
    except Exception:
        proc.kill()
    kc.stop_channels()


def drain(kc):
    while True:
        try:
            kc.get_iopub_msg(timeout=0.3)
        except queue.Empty:
            return


def round_trip(kc, code):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    got_reply = got_idle = False
    while not (got_reply and got_idle):
        if not got_reply:
            r = kc.get_shell_msg(timeout=30)
            if r["parent_header"].get("msg_id") == msg_id:
                assert r["content"]["status"] == "ok", r["content"]
                got_reply = True
        if not got_idle:
            m = kc.get_iopub_msg(timeout=30)
            if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                    and m["content"]["execution_state"] == "idle"):
                got_idle = True
    return time.perf_counter() - t0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=7)
    ap.add_argument("--execs", type=int, default=300)
    ap.add_argument("--kernels", default="trigo,python3")
    args = ap.parse_args()
    names = args.kernels.split(",")
    startup = {n: [] for n in names}
    rtt = {n: [] for n in names}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.starts):
            for n in names:
                s, proc, kc = start(n, tmp)
                startup[n].append(s)
                stop(proc, kc)
        rounds = 3
        for _ in range(rounds):
            for n in names:
                _, proc, kc = start(n, tmp)
                drain(kc)
                for _ in range(20):  # warm up
                    round_trip(kc, "1+1")
                for _ in range(args.execs // rounds):
                    rtt[n].append(round_trip(kc, "1+1"))
                stop(proc, kc)
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} {os.uname().nodename} nproc={os.cpu_count()} "
          f"load={os.getloadavg()[0]:.1f}")
    print(f"{'kernel':10} {'start-up p50':>13} {'min':>8} {'rtt p50':>9} {'rtt p90':>9}")
    for n in names:
        print(f"{n:10} {statistics.median(startup[n])*1e3:10.0f} ms {min(startup[n])*1e3:5.0f} ms "
              f"{pct(rtt[n], 50)*1e3:6.2f} ms {pct(rtt[n], 90)*1e3:6.2f} ms")
    if len(names) == 2:
        a, b = names
        print(f"ratio {a}/{b}: start-up {statistics.median(startup[a])/statistics.median(startup[b]):.3f}, "
              f"rtt p50 {pct(rtt[a], 50)/pct(rtt[b], 50):.3f}, rtt p90 {pct(rtt[a], 90)/pct(rtt[b], 90):.3f}")


if __name__ == "__main__":
    main()
