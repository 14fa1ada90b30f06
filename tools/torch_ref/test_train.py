#!/usr/bin/python3
"""Tests of the PyTorch bridge (train.py) against Trigo itself, on tiny
models (model.Tiny: d=32, 2 layers) and CPU, a few steps each:

  * the configs, parameter names, order and shapes are Trigo's (the Go-made
    parity fixtures in engine/model/testdata/parity);
  * 2 ranks (torchrun, gloo) and 2 ranks (--nproc 2, spawn) give the losses
    and weights of 1 process at the same global batch;
  * the 2-rank checkpoint, loaded by Trigo, gives PyTorch's logits
    (go test ./engine/ckpt -run TestBridgeCheckpoint -bridge DIR);
  * `trigo train --resume` takes a bridge checkpoint; the Trigo checkpoint
    it writes, resumed by the bridge and by `trigo train --resume`, gives
    the same next losses (AdamW and Muon, fp32 and ternary);
  * from Trigo's initial weights (--init), the bridge and `trigo train`
    take the same first steps.

  TRIGO=/path/to/trigo /usr/bin/python3 tools/torch_ref/test_train.py
(without TRIGO the binary is built with `go build` into a temporary folder).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import model as ref  # noqa: E402
import train  # noqa: E402

PY = sys.executable
# Summation orders differ (Go vs torch, 1 vs 2 ranks): float32 rounding
# only. Ternary models can amplify a rounding into an int8 step, so their
# cross-implementation losses get the parity test's looser bound.
DDP_TOL = 1e-5  # relative, same implementation, different reduction order
RESUME_TOL = {"fp32": 1e-5, "ternary": 1e-3}
SMALL = ["--batch-size", "4", "--seq-len", "32", "--eval-every", "2", "--eval-batches", "2",
         "--threads", "1", "--log-every", "0"]


def sh(cmd, **kw):
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, **kw)
    if r.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return r.stdout


def history(path):
    meta, tensors = ref.read_safetensors(path)
    return meta, json.loads(meta["history"]), tensors


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-12)


class Layout(unittest.TestCase):
    """Pure Python: the bridge's model table against Trigo's own files."""

    def test_configs_and_parameters_match_trigo(self):
        d = os.path.join(ROOT, "engine", "model", "testdata", "parity")
        names = sorted(f[:-len(".inputs.json")] for f in os.listdir(d) if f.endswith(".inputs.json"))
        self.assertEqual(len(names), 6)
        for name in names:
            meta, tensors = ref.read_safetensors(os.path.join(d, name + ".safetensors"))
            spec = train.lookup_spec(name)
            self.assertEqual(train.spec_json(spec), meta["config"], name)
            lay = train.param_layout(spec)
            self.assertEqual([n for n, _, _, _ in lay], list(tensors), f"{name}: names or creation order")
            self.assertEqual([tuple(s) for _, s, _, _ in lay], [tuple(t.shape) for t in tensors.values()], name)
            # Deterministic initial values (norms, biases, SSM) are Trigo's.
            fresh = train.init_params(spec, 1)
            for n, _, _, (how, _) in lay:
                if how != "normal":
                    self.assertTrue(abs(fresh[n] - tensors[n]).max().item() < 1e-6, f"{name}: {n}")

    def test_named_configs(self):
        s = train.lookup_spec("multi-ternary")
        self.assertEqual((s["dim"], s["layers"], s["wide_dilation"], s["cheap_mix"]), (512, 7, 4, "hadamard"))
        self.assertIn('"pathways":null', train.spec_json(train.lookup_spec("vanilla-fp32")))
        with self.assertRaises(SystemExit):
            train.lookup_spec("lite-int4")

    def test_schedule_and_go_formatting(self):
        self.assertEqual(train.schedule(0, 4, 10, 0.1), 0.25)
        self.assertAlmostEqual(train.schedule(9, 4, 10, 0.1), 0.1)
        self.assertEqual([train.go_g(x) for x in (0.002, 1e-8, 0.9, 20000, 1e6, 0.1, 3)],
                         ["0.002", "1e-08", "0.9", "20000", "1e+06", "0.1", "3"])

    def test_sampler_batch_split(self):
        s = train.Sampler(ref.torch.arange(100, dtype=ref.torch.uint8), 4, 8, 5)
        offs = s.next_offsets()
        self.assertTrue(all(0 <= o < 92 for o in offs))
        inp, tgt = train.windows(s.stream, offs, 8)
        self.assertEqual(inp.shape, (4, 8))
        self.assertTrue(ref.torch.equal(inp[:, 1:], tgt[:, :-1]))


@unittest.skipIf(os.environ.get("BRIDGE_SKIP_TRIGO"), "BRIDGE_SKIP_TRIGO set")
class AgainstTrigo(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="bridge-")
        cls.trigo = os.environ.get("TRIGO")
        if not cls.trigo:
            cls.trigo = os.path.join(cls.tmp, "trigo")
            sh(["go", "build", "-o", cls.trigo, "./cmd/trigo"])
        cls.data = os.path.join(cls.tmp, "data")
        sh([cls.trigo, "corpus", "--bytes", "60000", "--seed", "3", "--out", os.path.join(cls.tmp, "s.txt")])
        sh([cls.trigo, "prepare", "--input", os.path.join(cls.tmp, "s.txt"), "--out-dir", cls.data])
        cls.logits_dir = os.path.join(cls.tmp, "logits")
        os.makedirs(cls.logits_dir)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def bridge(self, *args, launcher=()):
        return sh(list(launcher) + [os.path.join(HERE, "train.py"), "--data-dir", self.data] + SMALL + list(args))

    def trigo_train(self, *args):
        return sh([self.trigo, "train", "--natural", "", "--threads", "1"] + list(args))

    def check_ddp(self, model, opt, launcher, tag, *extra):
        one = os.path.join(self.tmp, f"{model}-1.safetensors")
        two = os.path.join(self.tmp, f"{model}-{tag}.safetensors")
        common = ["--model", model, "--optimizer", opt, "--steps", "4"]
        self.bridge(*common, "--out", one, launcher=[PY])
        self.bridge(*common, *extra, "--out", two, launcher=launcher)
        m1, h1, t1 = history(one)
        m2, h2, t2 = history(two)
        print(f"\n{model} {opt}: 1 rank {h1['loss']}\n{' ' * len(model + opt)}  2 ranks {h2['loss']} ({tag})")
        self.assertIn("2 ranks", m2["trained_by"])
        self.assertEqual(m1["sampler"], m2["sampler"])
        for a, b in zip(h2["loss"] + h2["val_loss"], h1["loss"] + h1["val_loss"]):
            self.assertLess(rel(a, b), DDP_TOL, (h1, h2))
        # Adam's m/sqrt(v) turns a rounding of a near-zero gradient into a
        # visible step, so weights get a looser bound than the losses.
        for n, t in t1.items():
            scale = max(t.abs().max().item(), 1e-6)
            self.assertLess((t2[n] - t).abs().max().item() / scale, 1e-3, n)
        return two

    def check_resume(self, model, opt, bridge_ck):
        """bridge ck (step 4) -> trigo to 6 -> {trigo, bridge} to 9."""
        tck = os.path.join(self.tmp, f"{model}-trigo6.safetensors")
        self.trigo_train("--resume", bridge_ck, "--steps", "6", "--out", tck)
        mt, ht, _ = history(tck)
        self.assertNotIn("trained_by", mt)  # written by Trigo
        self.assertEqual(ht["steps"], [1, 2, 3, 4, 5, 6])
        go = os.path.join(self.tmp, f"{model}-go9.safetensors")
        py = os.path.join(self.tmp, f"{model}-py9.safetensors")
        self.trigo_train("--resume", tck, "--steps", "9", "--out", go)
        sh([PY, os.path.join(HERE, "train.py"), "--resume", tck, "--steps", "9", "--threads", "1", "--log-every", "0",
            "--out", py])
        mg, hg, _ = history(go)
        mp, hp, _ = history(py)
        print(f"\n{model} {opt} resumed at 6: trigo {hg['loss'][6:]} val {hg['val_loss'][-1]}\n"
              f"{' ' * len(model + opt)}              bridge {hp['loss'][6:]} val {hp['val_loss'][-1]}")
        self.assertEqual(hp["steps"], list(range(1, 10)))
        self.assertEqual(hp["loss"][:6], hg["loss"][:6])  # the history carried over
        tol = RESUME_TOL[train.lookup_spec(model)["precision"]]
        for a, b in zip(hp["loss"][6:] + hp["val_loss"][-1:], hg["loss"][6:] + hg["val_loss"][-1:]):
            self.assertLess(rel(a, b), tol, (hg["loss"], hp["loss"]))
        self.assertEqual(mp["sampler"], mg["sampler"])
        self.assertEqual(mp["step"], "9")
        self.assertEqual(mp["optimizer"], mg["optimizer"])
        self.assertEqual(json.loads(mp["train_options"])["steps"], 9)

    def logits_for_go(self, ck, name):
        shutil.copy(ck, os.path.join(self.logits_dir, name + ".safetensors"))
        sh([PY, os.path.join(HERE, "train.py"), "logits", "--ckpt", os.path.join(self.logits_dir, name + ".safetensors"),
            "--out", os.path.join(self.logits_dir, name + ".logits.safetensors")])

    def test_1_lite_ternary_adamw_torchrun(self):
        ck = self.check_ddp("lite-tiny-ternary", "adamw",
                            # --redirects/--tee 1: Debian's torchrun (1.13 on
                            # Python 3.11) fails with its default "0".
                            ["torchrun", "--nproc_per_node", "2", "--redirects", "1", "--tee", "1"], "torchrun")
        self.logits_for_go(ck, "lite-tiny-ternary")
        self.check_resume("lite-tiny-ternary", "adamw", ck)

    def test_2_multi_fp32_muon_spawn(self):
        ck = self.check_ddp("multi-tiny-fp32", "muon", [PY], "spawn", "--nproc", "2")
        self.logits_for_go(ck, "multi-tiny-fp32")
        self.check_resume("multi-tiny-fp32", "muon", ck)

    def test_3_vanilla_ternary(self):
        ck = os.path.join(self.tmp, "vanilla-1.safetensors")
        self.bridge("--model", "vanilla-tiny-ternary", "--steps", "4", "--out", ck, launcher=[PY])
        self.logits_for_go(ck, "vanilla-tiny-ternary")
        self.check_resume("vanilla-tiny-ternary", "adamw", ck)

    def test_4_init_from_trigo_weights(self):
        """--init: Trigo's initial weights (a Go-made parity fixture), fresh
        optimizer: the bridge takes the steps `trigo train --init` takes."""
        init = os.path.join(ROOT, "engine", "model", "testdata", "parity", "multi-tiny-ternary.safetensors")
        go = os.path.join(self.tmp, "init-go.safetensors")
        py = os.path.join(self.tmp, "init-py.safetensors")
        self.trigo_train("--init", init, "--data-dir", self.data, "--steps", "3", *SMALL[:8], "--out", go)
        self.bridge("--init", init, "--steps", "3", "--out", py, launcher=[PY])
        mg, hg, _ = history(go)
        mp, hp, _ = history(py)
        print(f"\nmulti-tiny-ternary --init: trigo {hg['loss']}\n                           bridge {hp['loss']}")
        for a, b in zip(hp["loss"] + hp["val_loss"], hg["loss"] + hg["val_loss"]):
            self.assertLess(rel(a, b), RESUME_TOL["ternary"], (hg, hp))
        self.assertEqual(mp["sampler"], mg["sampler"])

    def test_5_trigo_loads_and_matches_logits(self):
        # Runs after the tests above have left their checkpoints and logits.
        names = sorted(f for f in os.listdir(self.logits_dir) if f.endswith(".logits.safetensors"))
        self.assertEqual(len(names), 3, names)
        out = sh(["go", "test", "./engine/ckpt", "-run", "^TestBridgeCheckpoint$", "-count=1", "-v",
                  "-args", "-bridge", self.logits_dir])
        print("\n" + "\n".join(l.strip() for l in out.splitlines() if "relative error" in l))


if __name__ == "__main__":
    unittest.main(verbosity=2)
