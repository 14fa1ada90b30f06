#!/usr/bin/env python3
"""The trigo kernel's Jupyter widget protocol, checked at the message level.

Run with the system Python (Debian's jupyter-client) after the kernelspec is
installed (`trigo install --user`, or JUPYTER_PATH pointing at one):

    /usr/bin/python3 tools/widget_protocol.py [--kernel trigo]

A cell opens widgets; the script plays the front-end the way ipywidgets 8's
JavaScript does (protocol 2.1.0: @jupyter-widgets/controls and base 2.0.0,
output 1.0.0): it checks each comm_open's state and metadata and the
display_data's widget view, moves a slider with an "update" comm_msg,
clicks a button with a "custom" one, and checks that the Go callbacks ran,
that their output came back with the comm_msg as parent while the Output
widget's msg_id named it (how a front-end puts it into the output area),
and the echo_update, request_state, comm_info and control-comm answers.
Exits non-zero with what differed; the whole run is bounded (--timeout).
"""
import argparse
import queue
import signal
import sys
import time

from jupyter_client.manager import start_new_kernel

CELL = r'''
import (
	"fmt"
	"trigo/kernel/widgets"
)
lam := widgets.NewFloatSlider("λ", 0, 2, 0.05, 0.5)
model := widgets.NewDropdown("model", []string{"lite", "multi"}, "lite")
again := widgets.NewButton("again")
clicks := 0
again.OnClick(func() { clicks++; fmt.Println("clicked", clicks) })
widgets.Interact(func(l float64, m string) { fmt.Printf("sweep λ=%.2f model=%s\n", l, m) }, lam, model, again)
'''

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def collect(kc, parent_id, timeout=20):
    """iopub messages of one request, up to its idle status."""
    out = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=deadline - time.monotonic())
        except queue.Empty:
            break
        if m["parent_header"].get("msg_id") != parent_id:
            continue
        out.append(m)
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return out
    raise SystemExit(f"no idle status for {parent_id} within {timeout}s (got {[m['msg_type'] for m in out]})")


def send_comm(kc, msg_type, content, metadata=None):
    msg = kc.session.msg(msg_type, content, metadata=metadata or {})
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def stdout(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="trigo")
    ap.add_argument("--timeout", type=int, default=120)
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, lambda *_: sys.exit(f"timed out after {args.timeout}s"))
    signal.alarm(args.timeout)

    km, kc = start_new_kernel(kernel_name=args.kernel)
    try:
        run(kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    if failures:
        sys.exit(f"{len(failures)} widget protocol check(s) failed")
    print("widget protocol checks passed")


def run(kc):
    msg_id = kc.execute(CELL)
    msgs = collect(kc, msg_id)
    reply = kc.get_shell_msg(timeout=20)
    check(reply["content"]["status"] == "ok", f"the cell runs ({reply['content'].get('evalue', '')})")

    opens = [m for m in msgs if m["msg_type"] == "comm_open"]
    models = {}
    for m in opens:
        c = m["content"]
        st = c["data"]["state"]
        models[st["_model_name"]] = (c["comm_id"], st)
        if c["target_name"] != "jupyter.widget" or m["metadata"].get("version") != "2.1.0" or c["data"].get("buffer_paths") != []:
            check(False, f"comm_open of {st['_model_name']}: target {c['target_name']}, metadata {m['metadata']}")
    check(len(opens) == 13, f"13 comm_open messages (5 widgets, the box, 6 layouts, 4 styles...): {len(opens)}")
    ids = {m["content"]["comm_id"] for m in opens}
    for want in ["FloatSliderModel", "DropdownModel", "ButtonModel", "OutputModel", "VBoxModel", "LayoutModel",
                 "SliderStyleModel", "DescriptionStyleModel", "ButtonStyleModel"]:
        check(want in models, f"a {want} was opened")
    sid, sst = models["FloatSliderModel"]
    check(sst["_model_module"] == "@jupyter-widgets/controls" and sst["_model_module_version"] == "2.0.0"
          and sst["_view_name"] == "FloatSliderView" and sst["value"] == 0.5 and sst["min"] == 0 and sst["max"] == 2,
          f"slider state {dict((k, sst[k]) for k in ('_model_module', '_model_module_version', '_view_name', 'value', 'min', 'max'))}")
    check(models["LayoutModel"][1]["_model_module"] == "@jupyter-widgets/base"
          and models["LayoutModel"][1]["_model_module_version"] == "2.0.0", "layout is @jupyter-widgets/base 2.0.0")
    oid, ost = models["OutputModel"]
    check(ost["_model_module"] == "@jupyter-widgets/output" and ost["_model_module_version"] == "1.0.0", "output is @jupyter-widgets/output 1.0.0")
    refs = [sst["layout"], sst["style"]] + models["VBoxModel"][1]["children"]
    check(all(r.startswith("IPY_MODEL_") and r[len("IPY_MODEL_"):] in ids for r in refs),
          "layout, style and children refer to models opened before")
    dd = models["DropdownModel"][1]
    check(dd["_options_labels"] == ["lite", "multi"] and dd["index"] == 0, f"dropdown labels and index {dd['_options_labels']} {dd['index']}")
    views = [m["content"]["data"].get("application/vnd.jupyter.widget-view+json") for m in msgs if m["msg_type"] == "display_data"]
    check(len(views) == 1 and views[0]["version_major"] == 2 and views[0]["version_minor"] == 0
          and views[0]["model_id"] == models["VBoxModel"][0], f"one widget view of the VBox: {views}")
    check("sweep λ=0.50 model=lite" in stdout(msgs), "the function ran once with the initial values")

    # The user drags the slider: update → echo_update, Output collects under the comm_msg's id.
    mid = send_comm(kc, "comm_msg", {"comm_id": sid, "data": {"method": "update", "state": {"value": 1.25}, "buffer_paths": []}})
    msgs = collect(kc, mid)
    comm = [m["content"] for m in msgs if m["msg_type"] == "comm_msg"]
    check(any(c["comm_id"] == sid and c["data"]["method"] == "echo_update" and c["data"]["state"] == {"value": 1.25} for c in comm),
          "echo_update of the slider's value")
    msg_ids = [c["data"]["state"]["msg_id"] for c in comm if c["comm_id"] == oid and "msg_id" in c["data"].get("state", {})]
    check(msg_ids == [mid, ""], f"Output msg_id set to the comm_msg's id, then cleared: {msg_ids}")
    check(any(m["msg_type"] == "clear_output" and m["content"]["wait"] for m in msgs), "the output area is cleared (wait=True)")
    check("sweep λ=1.25 model=lite" in stdout(msgs), f"the Go function ran again with the new value: {stdout(msgs)!r}")

    # The dropdown changes by index.
    did = models["DropdownModel"][0]
    mid = send_comm(kc, "comm_msg", {"comm_id": did, "data": {"method": "update", "state": {"index": 1}, "buffer_paths": []}})
    check("sweep λ=1.25 model=multi" in stdout(collect(kc, mid)), "dropdown index 1 passes \"multi\"")

    # A click.
    bid = models["ButtonModel"][0]
    mid = send_comm(kc, "comm_msg", {"comm_id": bid, "data": {"method": "custom", "content": {"event": "click"}}})
    out = stdout(collect(kc, mid))
    check("clicked 1" in out and "sweep λ=1.25 model=multi" in out, f"a click runs OnClick and re-runs the function: {out!r}")

    # The kernel's view of the value.
    msg_id = kc.execute("lam.Value()")
    res = [m for m in collect(kc, msg_id) if m["msg_type"] == "execute_result"]
    kc.get_shell_msg(timeout=20)
    check(res and res[0]["content"]["data"]["text/plain"] == "1.25", "lam.Value() is 1.25 in the next cell")

    # request_state, comm_info, the ipywidgets 8 control comm.
    mid = send_comm(kc, "comm_msg", {"comm_id": sid, "data": {"method": "request_state"}})
    comm = [m["content"] for m in collect(kc, mid) if m["msg_type"] == "comm_msg"]
    check(any(c["data"]["method"] == "update" and c["data"]["state"].get("value") == 1.25
              and c["data"]["state"].get("_model_name") == "FloatSliderModel" for c in comm), "request_state answered with the full state")
    info_id = send_comm(kc, "comm_info_request", {"target_name": "jupyter.widget"})
    while True:
        r = kc.get_shell_msg(timeout=20)
        if r["parent_header"].get("msg_id") == info_id:
            break
    comms = r["content"]["comms"]
    check(ids <= set(comms) and all(v["target_name"] == "jupyter.widget" for v in comms.values()),
          f"comm_info_reply lists the {len(ids)} widget comms")
    ctl = "control-" + str(time.monotonic_ns())
    send_comm(kc, "comm_open", {"comm_id": ctl, "target_name": "jupyter.widget.control", "data": {}}, {"version": "1.0.0"})
    mid = send_comm(kc, "comm_msg", {"comm_id": ctl, "data": {"method": "request_states"}})
    comm = [m["content"] for m in collect(kc, mid) if m["msg_type"] == "comm_msg"]
    states = comm[0]["data"].get("states", {}) if comm else {}
    check(comm and comm[0]["data"]["method"] == "update_states" and ids <= set(states), "control comm: update_states with every model")
    # An unknown target is closed at once.
    uid = send_comm(kc, "comm_open", {"comm_id": "u1", "target_name": "no.such.target", "data": {}})
    check(any(m["msg_type"] == "comm_close" and m["content"]["comm_id"] == "u1" for m in collect(kc, uid)), "unknown comm target closed")
    # The front-end closes the slider: its callbacks stop.
    cid = send_comm(kc, "comm_close", {"comm_id": sid, "data": {}})
    collect(kc, cid)
    info_id = send_comm(kc, "comm_info_request", {})
    while True:
        r = kc.get_shell_msg(timeout=20)
        if r["parent_header"].get("msg_id") == info_id:
            break
    check(sid not in r["content"]["comms"], "a comm the front-end closed is gone from comm_info")


if __name__ == "__main__":
    main()
