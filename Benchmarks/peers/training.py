"""Training steps, side by side: `winograd bench train` against PyTorch autograd and
onnxruntime-training (ort_training_step.py, in a virtual environment of its own).

A step gives the layer new filters, runs the forward convolution and both gradients
(input and filters) for a given output gradient dY. Run through run.sh with --train;
see README.md beside this file.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from peers import (DEEP_LAYERS, DEEP_LAYERS_N8, R, S, SEED, interleaved_rounds, layer_name, out_size,
                   rel_max_error)

# (N, C, K, H=W, padding): the deep layers at N = 1 and N = 8.
TRAIN_LAYERS = DEEP_LAYERS + DEEP_LAYERS_N8
QUICK_TRAIN_LAYERS = [(1, 16, 16, 16, 1), (2, 8, 12, 12, 1)]


def step_flops(layer):
    """A step as three direct convolutions' worth of work."""
    n, c, k, hw, p = layer
    ho = out_size(hw, p)
    return 3 * 2.0 * n * k * c * ho * ho * R * S


def make_step_data(layer, index):
    n, c, k, hw, p = layer
    rng = np.random.default_rng(SEED + 1000 + index)
    ho = out_size(hw, p)
    x = rng.uniform(-1.0, 1.0, size=(n, c, hw, hw)).astype(np.float32)
    ws = [rng.uniform(-1.0, 1.0, size=(k, c, R, S)).astype(np.float32) for _ in range(2)]
    dy = rng.uniform(-1.0, 1.0, size=(n, k, ho, ho)).astype(np.float32)
    return x, ws, dy


def correlate_f64(x, w, p):
    """Cross-correlation in float64 with padding p on every side."""
    x = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (p, p), (p, p)))
    r, s = w.shape[2], w.shape[3]
    win = np.lib.stride_tricks.sliding_window_view(x, (r, s), axis=(2, 3))  # n,c,ho,wo,r,s
    return np.einsum("ncijab,kcab->nkij", win, w.astype(np.float64), optimize=True)


def gradients_f64(x, w, dy, p):
    """dX (the transposed convolution of dY) and dW (X correlated with dY), in float64."""
    flipped = w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
    dx = correlate_f64(dy, flipped, R - 1 - p)
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (p, p), (p, p)))
    ho, wo = dy.shape[2], dy.shape[3]
    win = np.lib.stride_tricks.sliding_window_view(xp, (ho, wo), axis=(2, 3))  # n,c,R,S,ho,wo
    dw = np.einsum("nkij,ncabij->kcab", dy.astype(np.float64), win, optimize=True)
    return dx, dw


class TorchStep:
    """PyTorch autograd: new weights copied in, conv2d, backward(dY) for dX and dW."""

    def __init__(self, torch, channels_last):
        self.torch = torch
        self.channels_last = channels_last
        self.name = "torch channels-last" if channels_last else "torch NCHW"

    def prepare(self, x, ws, dy, p, threads):
        torch = self.torch
        F = torch.nn.functional
        fmt = torch.channels_last if self.channels_last else torch.contiguous_format
        xt = torch.from_numpy(x).to(memory_format=fmt).requires_grad_()
        weights = [torch.from_numpy(w).to(memory_format=fmt) for w in ws]
        wt = weights[1].clone().requires_grad_()
        dyt = torch.from_numpy(dy).to(memory_format=fmt)
        state = {"step": 0}

        def call():
            with torch.no_grad():
                wt.copy_(weights[state["step"] % 2])
            state["step"] += 1
            xt.grad = None
            wt.grad = None
            y = F.conv2d(xt, wt, padding=p)
            y.backward(dyt)
            return y, xt.grad, wt.grad

        self.threads = threads
        self.call = call
        self.state = state
        return call

    def before(self):
        self.torch.set_num_threads(self.threads)

    def results(self):
        """The step's results for the filters of an odd step (ws[1])."""
        if self.state["step"] % 2 == 0:
            self.call()  # the next step uses ws[0]; take ws[1]'s
        y, dx, dw = self.call()
        return (y.detach().contiguous().numpy(), dx.contiguous().numpy(), dw.contiguous().numpy())


class OursStep:
    """`winograd bench train` on one layer: its in-process medians."""

    def __init__(self, binary, backend, m):
        self.binary = binary
        self.backend = backend
        self.m = m
        self.name = f"ours {backend}" + (f" m={m}" if m else "")

    def run(self, layer, threads, steps):
        n, c, k, hw, p = layer
        args = [self.binary, "bench", "train", "--layer", f"{n},{c},{k},{hw},{hw},{p}",
                "--threads", str(threads), "--steps", str(steps), "--json",
                "--backend", self.backend]
        if self.m:
            args += ["--m", str(self.m)]
        out = subprocess.run(args, capture_output=True, text=True, timeout=1200)
        if out.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {out.stderr.strip()[-500:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])


class OrtTrainingStep:
    """onnxruntime-training: Conv and the ConvGrad node of ORT's gradient builder in one
    InferenceSession, run by ort_training_step.py in the python of its own virtual
    environment (one process per set-up and per round, like ours)."""

    name = "onnxruntime-training"

    def __init__(self, python):
        self.python = python
        self.script = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                   "ort_training_step.py")
        self.tmp = tempfile.TemporaryDirectory(prefix="ort-training-step-")
        self.dirs = {}

    def _run(self, case, args):
        out = subprocess.run([self.python, self.script, self.dirs[case["index"]],
                              "--padding", str(case["layer"][4]),
                              "--threads", str(case["threads"])] + args,
                             capture_output=True, text=True, timeout=1200)
        if out.returncode != 0:
            raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip()
                               else f"exit status {out.returncode}")
        return json.loads(out.stdout.strip().splitlines()[-1])

    def results(self, case, x, ws, dy):
        """Writes the layer's data for the worker; its untimed step on ws[1]: (y, dx, dw)."""
        d = self.dirs.setdefault(case["index"], os.path.join(self.tmp.name, str(case["index"])))
        os.makedirs(d, exist_ok=True)
        for name, arr in (("x", x), ("w0", ws[0]), ("w1", ws[1]), ("dy", dy)):
            np.save(os.path.join(d, f"{name}.npy"), arr)
        self.version = self._run(case, ["--results"])["version"]
        return tuple(np.load(os.path.join(d, f"{n}.npy")) for n in ("y", "dx", "dw"))

    def run(self, case, budget, runs):
        return self._run(case, ["--budget", str(budget), "--runs", str(runs)])


def main_train(a, binary, torch, layers, thread_counts, info):
    peers = []
    if torch is not None:
        peers = [TorchStep(torch, False), TorchStep(torch, True)]
    ort_step = None
    if a.no_ort_training:
        pass  # run.sh has said why, or the user asked
    elif a.ort_training_python:
        ort_step = OrtTrainingStep(a.ort_training_python)
    else:
        print("NOTE: onnxruntime-training is skipped: no python of its own given "
              "(run.sh passes --ort-training-python when it installs)")
    ours = [OursStep(binary, "generated", m) for m in (2, 4)] + [OursStep(binary, b, None) for b in ("im2col", "auto")]
    print("# training steps: new filters, forward, input gradient, filter gradient; "
          f"rounds {a.rounds}, per system and round the median step of up to {a.runs} "
          f"steps within {a.budget}s (at least 3); reported: lowest round median")
    sys.stdout.flush()

    cases = []
    t_setup = time.perf_counter()
    for idx, layer in layers:
        x, ws, dy = make_step_data(layer, idx if isinstance(idx, int) else 100 + len(cases))
        p = layer[4]
        # The float64 references for the filters of odd steps, ws[1].
        y64 = correlate_f64(x, ws[1], p)
        dx64, dw64 = gradients_f64(x, ws[1], dy, p)
        for t in thread_counts:
            case = {"index": idx, "layer": layer, "threads": t, "calls": {}, "rows": {}}
            for s in peers:
                prep = type(s).__new__(type(s))
                prep.__dict__.update(s.__dict__)
                fn = prep.prepare(x, ws, dy, p, t)
                prep.before()
                y, dx, dw = prep.results()
                case["calls"][s.name] = (prep, fn)
                case["rows"][s.name] = {"errors": [rel_max_error(y, y64), rel_max_error(dx, dx64),
                                                   rel_max_error(dw, dw64)], "medians_ms": []}
            if ort_step is not None:
                try:
                    y, dx, dw = ort_step.results(case, x, ws, dy)
                except (RuntimeError, OSError, ValueError, IndexError, subprocess.SubprocessError) as e:
                    print(f"NOTE: onnxruntime-training is skipped: its step failed on "
                          f"{layer_name(layer)}, threads={t}: {e}")
                    ort_step = None
                    for c in cases:
                        c["calls"].pop(OrtTrainingStep.name, None)
                        c["rows"].pop(OrtTrainingStep.name, None)
                else:
                    case["calls"][ort_step.name] = (ort_step, None)
                    case["rows"][ort_step.name] = {
                        "errors": [rel_max_error(y, y64), rel_max_error(dx, dx64),
                                   rel_max_error(dw, dw64)], "medians_ms": []}
            for o in ours:
                case["calls"][o.name] = (o, None)
                case["rows"][o.name] = {"medians_ms": [], "parts_ms": []}
            cases.append(case)
    info["setup_s"] = time.perf_counter() - t_setup
    print(f"# set-up (data, float64 references, the peers' first steps): {info['setup_s']:.1f}s")
    if ort_step is not None:
        info["versions"]["onnxruntime-training"] = ort_step.version
        print(f"# onnxruntime-training {ort_step.version} (python {ort_step.python})")

    names = [s.name for s in peers] + ([ort_step.name] if ort_step else []) + [o.name for o in ours]

    def run_ours(obj, case, row):  # `bench train` reports its own medians
        if isinstance(obj, OrtTrainingStep):  # times its steps as time_calls does
            if row.get("failed"):
                return
            try:
                j = obj.run(case, a.budget, a.runs)
            except (RuntimeError, OSError, ValueError, IndexError, subprocess.SubprocessError) as e:
                row["failed"] = str(e)
                print(f"NOTE: onnxruntime-training failed on {layer_name(case['layer'])}, "
                      f"threads={case['threads']}: {e}")
                return
            row["medians_ms"].append(j["step_ms"])
            row.setdefault("runs", []).append(j["runs"])
            return
        est = min(row["medians_ms"]) if row["medians_ms"] else 50.0
        steps = int(max(3, min(a.runs, a.budget * 1e3 / max(est, 1e-3))))
        j = obj.run(case["layer"], case["threads"], steps)
        row["medians_ms"].append(j["step_ms"])
        row["parts_ms"].append({key: j[key] for key in (
            "update_ms", "forward_ms", "input_gradient_ms", "filter_gradient_ms", "first_step_ms")})
        row["errors"] = [j["error_y"], j["error_dx"], j["error_dw"]]

    interleaved_rounds(a, cases, names, run_ours, info)

    print()
    lines, summary = [], []
    for case in cases:
        layer, t = case["layer"], case["threads"]
        flops = step_flops(layer)
        lines.append(f"T{case['index']}  {layer_name(layer)}  (step {flops / 1e9:.4g} GFLOP)  "
                     f"threads={t}")
        lines.append(f"  {'system':24s} {'step ms':>9s} {'GFLOP/s':>8s}  {'update':>7s} "
                     f"{'forward':>8s} {'input∇':>8s} {'filter∇':>8s}   errors (y, dx, dw)")
        best_ours = best_peer = None
        for name in names:
            row = case["rows"][name]
            if not row["medians_ms"]:
                lines.append(f"  {name:24s} failed: {row.get('failed', 'no timing')}")
                continue
            ms = min(row["medians_ms"])
            row["best_ms"] = ms
            row["gflops"] = flops / (ms * 1e6)
            parts = ""
            if row.get("parts_ms"):
                best = row["parts_ms"][row["medians_ms"].index(ms)]
                parts = (f"{best['update_ms']:7.3f} {best['forward_ms']:8.3f} "
                         f"{best['input_gradient_ms']:8.3f} {best['filter_gradient_ms']:8.3f}")
            else:
                parts = f"{'':7s} {'':8s} {'':8s} {'':8s}"
            errors = " ".join(f"{e:.2e}" for e in row["errors"])
            lines.append(f"  {name:24s} {ms:9.3f} {row['gflops']:8.1f}  {parts}   {errors}")
            if name.startswith("ours"):
                if best_ours is None or ms < best_ours[1]:
                    best_ours = (name, ms)
            elif best_peer is None or ms < best_peer[1]:
                best_peer = (name, ms)
        if best_peer:
            ratio = best_peer[1] / best_ours[1]
            lines.append(f"  ours (best) / fastest peer = {ratio:.2f}x  ({best_ours[0]} "
                         f"{best_ours[1]:.3f} ms vs {best_peer[0]} {best_peer[1]:.3f} ms; "
                         ">1 means ours is faster)")
            summary.append((case["index"], t, best_ours, best_peer, ratio))
        lines.append("")
    if summary:
        lines.append("Summary: training step of ours (best) relative to the fastest peer")
        for idx, t, bo, bp, ratio in summary:
            lines.append(f"  T{idx} t={t}: {ratio:5.2f}x  {bo[0]} {bo[1]:.3f} ms vs "
                         f"{bp[0]} {bp[1]:.3f} ms")
        lines.append("")
    lines.append(f"Wall time: set-up {info['setup_s']:.0f}s, rounds {info['rounds_s']:.0f}s; "
                 "other processes' CPU use during the rounds (cores): "
                 + ", ".join(f"{x:.2f}" for x in info["others_cpu_rounds"]))
    print("\n".join(lines))

    if a.json:
        out = {"info": info, "results": []}
        for case in cases:
            out["results"].append({
                "layer": case["index"], "n_c_k_hw_padding": list(case["layer"]),
                "threads": case["threads"], "step_gflop": step_flops(case["layer"]) / 1e9,
                "systems": case["rows"]})
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
        print(f"# wrote {a.json}")
