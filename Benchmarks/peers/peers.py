#!/usr/bin/env python3
"""Peer benchmark: `winograd conv` (this package's CLI) against PyTorch, onnxruntime and ncnn.

Every system convolves the same float32 input and filters (Uniform[-1, 1], fixed seed) with
3x3 filters, stride 1, no bias, on 1 and 2 threads. The systems are measured in interleaved
rounds: round 1 runs every system once on every layer, then round 2, ... Per system, each
round yields the median of its timed calls; the report gives the lowest round median.

Run through run.sh (it makes the virtual environment); see README.md beside this file.
"""

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

# (N, C, K, H=W, padding); 3x3 filters, stride 1. The deep layers at N = 1 and N = 8
# (the training steps use these too), and two with 3 input channels.
DEEP_LAYERS = [
    (1, 64, 64, 56, 1),
    (1, 128, 128, 28, 1),
    (1, 256, 256, 14, 1),
    (1, 512, 512, 7, 1),
]
DEEP_LAYERS_N8 = [(8,) + layer[1:] for layer in DEEP_LAYERS]
LAYERS = DEEP_LAYERS + [
    (8, 3, 16, 150, 0),
    (1, 3, 64, 224, 1),
] + DEEP_LAYERS_N8
QUICK_LAYERS = [
    (1, 16, 16, 16, 1),
    (2, 3, 8, 20, 0),
]
R = S = 3
SEED = 2026


# Rows shown for information but left out of "fastest peer": they do a different job.
NOT_COMPARED = {"torch channels-last (no conv.)"}


def layer_name(layer):
    n, c, k, hw, p = layer
    return f"N={n} C={c} K={k} {hw}x{hw} p{p}"


def out_size(hw, p):
    return hw + 2 * p - R + 1


def layer_flops(layer):
    n, c, k, hw, p = layer
    ho = out_size(hw, p)
    return 2.0 * n * k * c * ho * ho * R * S


def make_data(layer, index):
    n, c, k, hw, _ = layer
    rng = np.random.default_rng(SEED + index)
    x = rng.uniform(-1.0, 1.0, size=(n, c, hw, hw)).astype(np.float32)
    w = rng.uniform(-1.0, 1.0, size=(k, c, R, S)).astype(np.float32)
    return x, w


def reference_f64(x, w, p):
    """Direct cross-correlation in float64 (im2col + matmul with numpy)."""
    x = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (p, p), (p, p)))
    w = w.astype(np.float64)
    n, c, h, wd = x.shape
    k = w.shape[0]
    ho, wo = h - R + 1, wd - S + 1
    win = np.lib.stride_tricks.sliding_window_view(x, (R, S), axis=(2, 3))  # n,c,ho,wo,R,S
    cols = win.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * R * S, ho * wo)
    y = np.einsum("kq,nqp->nkp", w.reshape(k, c * R * S), cols, optimize=True)
    return y.reshape(n, k, ho, wo)


def rel_max_error(y, y64):
    y = np.asarray(y, dtype=np.float64).reshape(y64.shape)
    return float(np.max(np.abs(y - y64)) / np.max(np.abs(y64)))


class CpuMeter:
    """CPU time used by other processes since construction, in cores: the machine's busy
    time (/proc/stat) less this process's and its children's (our CLI runs)."""

    def __init__(self):
        self.t0, self.busy0, self.own0 = time.perf_counter(), self._busy(), self._own()

    @staticmethod
    def _busy():
        try:
            with open("/proc/stat") as f:
                v = [int(x) for x in f.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        idle = v[3] + (v[4] if len(v) > 4 else 0)  # idle + iowait
        return (sum(v[:8]) - idle) / os.sysconf("SC_CLK_TCK")  # user..steal, no guest

    @staticmethod
    def _own():
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def others(self):
        busy = self._busy()
        if busy is None or self.busy0 is None:
            return float("nan")
        wall = time.perf_counter() - self.t0
        return max(0.0, (busy - self.busy0) - (self._own() - self.own0)) / wall


def time_calls(fn, budget_s, min_runs, max_runs, warmup=2):
    """Warm up, then time calls until max_runs are done or the budget is spent
    (never fewer than min_runs). Returns the list of times in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    gc_was = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1e3)
            if len(times) >= max_runs:
                break
            if len(times) >= min_runs and time.perf_counter() - start > budget_s:
                break
    finally:
        if gc_was:
            gc.enable()
    return times


# --------------------------------------------------------------------------- systems
# A system is set up once per (layer, threads) before timing: `prepare()` returns a
# zero-argument callable (the timed call) and `result()` returns its NCHW output.


class TorchSystem:
    def __init__(self, torch, channels_last, convert):
        self.torch = torch
        self.channels_last = channels_last
        self.convert = convert
        if not channels_last:
            self.name = "torch NCHW"
        elif convert:
            self.name = "torch channels-last"
        else:
            self.name = "torch channels-last (no conv.)"

    def prepare(self, x, w, p, threads):
        torch = self.torch
        F = torch.nn.functional
        xt = torch.from_numpy(x)
        wt = torch.from_numpy(w)
        cl = torch.channels_last
        if self.channels_last:
            wt = wt.to(memory_format=cl)
        if self.channels_last and not self.convert:
            xt = xt.to(memory_format=cl)

        def call():
            with torch.inference_mode():
                if not self.channels_last:
                    return F.conv2d(xt, wt, padding=p)
                if self.convert:
                    y = F.conv2d(xt.to(memory_format=cl), wt, padding=p)
                    return y.contiguous()
                return F.conv2d(xt, wt, padding=p)

        self.set_threads = lambda: torch.set_num_threads(threads)
        self.call = call
        return call

    def before(self):
        self.set_threads()

    def result(self):
        return self.call().numpy()


class OrtSystem:
    name = "onnxruntime"

    def __init__(self, onnx, ort):
        self.onnx = onnx
        self.ort = ort

    def prepare(self, x, w, p, threads):
        onnx, ort = self.onnx, self.ort
        h = onnx.helper
        n, c, hh, ww = x.shape
        k = w.shape[0]
        ho, wo = hh + 2 * p - R + 1, ww + 2 * p - S + 1
        graph = h.make_graph(
            [h.make_node("Conv", ["X", "W"], ["Y"], kernel_shape=[R, S], pads=[p, p, p, p],
                         strides=[1, 1], dilations=[1, 1], group=1)],
            "conv",
            [h.make_tensor_value_info("X", onnx.TensorProto.FLOAT, [n, c, hh, ww])],
            [h.make_tensor_value_info("Y", onnx.TensorProto.FLOAT, [n, k, ho, wo])],
            initializer=[onnx.numpy_helper.from_array(w, name="W")],
        )
        model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)])
        model.ir_version = 8
        onnx.checker.check_model(model)
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        sess = ort.InferenceSession(model.SerializeToString(), so,
                                    providers=["CPUExecutionProvider"])
        feed = {"X": x}

        def call():
            return sess.run(["Y"], feed)[0]

        self.call = call
        return call

    def before(self):
        pass

    def result(self):
        return self.call()


def ncnn_variants(ncnn):
    """The ncnn configurations: (name, option settings). Options the installed ncnn lacks
    are reported and the variants that need them are dropped."""
    opt = ncnn.Option()
    have = set(dir(opt))
    variants = [("ncnn auto", {})]
    wino = ["use_winograd23_convolution", "use_winograd43_convolution",
            "use_winograd63_convolution"]
    if "use_winograd_convolution" in have:
        for flag in wino:
            if flag not in have:
                print(f"NOTE: ncnn.Option has no {flag}; that variant is skipped", file=sys.stderr)
                continue
            tag = flag[len("use_winograd"):-len("_convolution")]
            settings = {f: (f == flag) for f in wino if f in have}
            settings["use_winograd_convolution"] = True
            variants.append((f"ncnn winograd{tag} only", settings))
        variants.append(("ncnn winograd off", {"use_winograd_convolution": False}))
    else:
        print("NOTE: ncnn.Option has no use_winograd_convolution; only 'ncnn auto' is run",
              file=sys.stderr)
    return variants


class NcnnSystem:
    def __init__(self, ncnn, name, settings, fp32, shape_hints=True):
        self.ncnn = ncnn
        self.shape_hints = shape_hints
        self.name = name
        self.settings = settings
        self.fp32 = fp32
        self.tmp = tempfile.TemporaryDirectory(prefix="ncnn-peer-")

    def _net(self, n_c_h_w, w, p, threads):
        ncnn = self.ncnn
        _, c, hh, ww = n_c_h_w
        k = w.shape[0]
        base = os.path.join(self.tmp.name, f"conv_{c}_{k}_{hh}_{p}_{threads}")
        with open(base + ".param", "w") as f:
            f.write("7767517\n2 2\n")
            ho, wo = hh + 2 * p - R + 1, ww + 2 * p - S + 1
            # -23330: shape hints (dims, w, h, c) of each top blob, as ncnnoptimize writes
            # them; with them ncnn picks its Winograd variant by size when it loads the net.
            hint_in = f" -23330=4,3,{ww},{hh},{c}" if self.shape_hints else ""
            hint_out = f" -23330=4,3,{wo},{ho},{k}" if self.shape_hints else ""
            f.write(f"Input data 0 1 data 0={ww} 1={hh} 2={c}{hint_in}\n")
            f.write(f"Convolution conv 1 1 data out 0={k} 1={S} 11={R} 2=1 3=1 4={p} 14={p} "
                    f"15={p} 16={p} 5=0 6={w.size}{hint_out}\n")
        with open(base + ".bin", "wb") as f:
            np.zeros(1, dtype=np.uint32).tofile(f)  # flag 0: raw float32 weights follow
            np.ascontiguousarray(w, dtype=np.float32).tofile(f)
        net = ncnn.Net()
        net.opt.num_threads = threads
        if self.fp32:
            for flag in ("use_fp16_packed", "use_fp16_storage", "use_fp16_arithmetic",
                         "use_bf16_storage", "use_bf16_packed"):
                if hasattr(net.opt, flag):
                    setattr(net.opt, flag, False)
        for key, value in self.settings.items():
            setattr(net.opt, key, value)
        if net.load_param(base + ".param") != 0 or net.load_model(base + ".bin") != 0:
            raise RuntimeError("ncnn could not load the generated .param/.bin pair")
        return net

    def prepare(self, x, w, p, threads):
        ncnn = self.ncnn
        net = self._net(x.shape, w, p, threads)
        mats = [ncnn.Mat(np.ascontiguousarray(x[i])) for i in range(x.shape[0])]

        def call():
            outs = []
            for m in mats:  # ncnn has no batch dimension: one extraction per image
                ex = net.create_extractor()
                ex.input("data", m)
                _, out = ex.extract("out")
                outs.append(out)
            return outs

        self.net = net
        self.call = call
        return call

    def before(self):
        pass

    def result(self):
        return np.stack([np.array(o) for o in self.call()])


# --------------------------------------------------------------------------- ours


class Ours:
    def __init__(self, binary, backend, m, workdir):
        self.binary = binary
        self.backend = backend
        self.m = m
        self.workdir = workdir
        self.name = f"ours {backend}" + (f" m={m}" if m else "")

    def _args(self, files, p, threads):
        args = [self.binary, "conv", "--input", files[0], "--filters", files[1],
                "--padding", str(p), "--threads", str(threads), "--json",
                "--backend", self.backend]
        if self.m:
            args += ["--m", str(self.m)]
        return args

    def _run(self, args):
        out = subprocess.run(args, capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {out.stderr.strip()[-500:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])

    def check(self, files, p, threads, y64):
        """One untimed run on the shared input with --check; returns its JSON, with our
        relative max error computed from the written output."""
        y_path = os.path.join(self.workdir, "y.npy")
        j = self._run(self._args(files, p, threads) + ["--check", "--output", y_path])
        j["rel_max_error"] = rel_max_error(np.load(y_path), y64)
        return j

    def timed(self, files, p, threads, repeat):
        return self._run(self._args(files, p, threads) + ["--repeat", str(repeat)])


# --------------------------------------------------------------------------- main


def versions(torch, onnx, ort, ncnn):
    v = {"python": platform.python_version(), "numpy": np.__version__}
    if torch is not None:
        v["torch"] = torch.__version__
    v["onnx"] = onnx.__version__
    v["onnxruntime"] = ort.__version__
    v["ncnn"] = getattr(ncnn, "__version__", "?")
    return v


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def call_overheads(systems, threads):
    """Per-call time of a 1x1x1x1 input through a 1x1 convolution: the fixed cost of each
    peer's API path (Python binding, session/extractor, allocation)."""
    x = np.ones((1, 1, 1, 1), np.float32)
    w = np.ones((1, 1, 1, 1), np.float32)
    res = {}
    global R, S
    saved = R, S
    R = S = 1
    try:
        for s in systems:
            if s.name.startswith("ncnn") and s.name != "ncnn auto":
                continue
            fn = s.prepare(x, w, 0, threads)
            s.before()
            t = time_calls(fn, 0.2, 200, 2000, warmup=20)
            res[s.name] = statistics.median(t) * 1e3  # microseconds
    finally:
        R, S = saved
    return res


def interleaved_rounds(a, cases, names, run_ours, info):
    """Runs `a.rounds` rounds; each runs every system once on every case, the order
    rotated by one per round, after `a.settle` seconds of rest. A peer (a callable
    in case["calls"]) is timed here; ours (no callable) by `run_ours(obj, case, row)`.
    Appends each round's median to the row's "medians_ms" and records the other
    processes' CPU use per round and the time taken in `info`."""
    t_rounds = time.perf_counter()
    info["others_cpu_rounds"] = []
    for rnd in range(a.rounds):
        meter = CpuMeter()
        for case in cases:
            order = names[rnd % len(names):] + names[:rnd % len(names)]  # rotate start
            for name in order:
                obj, fn = case["calls"][name]
                row = case["rows"][name]
                time.sleep(a.settle)
                if fn is None:
                    run_ours(obj, case, row)
                else:
                    obj.before()
                    times = time_calls(fn, a.budget, 3, a.runs)
                    row["medians_ms"].append(statistics.median(times))
                    row.setdefault("runs", []).append(len(times))
        info["others_cpu_rounds"].append(meter.others())
        print(f"# round {rnd + 1}/{a.rounds} done ({time.perf_counter() - t_rounds:.0f}s); "
              f"other processes used {info['others_cpu_rounds'][-1]:.2f} cores meanwhile")
        sys.stdout.flush()
    info["rounds_s"] = time.perf_counter() - t_rounds


def make_peers(torch, onnx, ort, ncnn):
    peers = []
    if torch is not None:
        peers += [TorchSystem(torch, False, False), TorchSystem(torch, True, True),
                  TorchSystem(torch, True, False)]
    peers.append(OrtSystem(onnx, ort))
    peers += [NcnnSystem(ncnn, name, s, fp32=True) for name, s in ncnn_variants(ncnn)]
    return peers


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=None, help="path of the `winograd` release binary")
    ap.add_argument("--layers", default="all",
                    help="'all', 'quick', or 1-based indices, e.g. 1,3,5")
    ap.add_argument("--threads", default="1,2", help="thread counts, e.g. 1,2")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    ap.add_argument("--budget", type=float, default=0.4,
                    help="seconds per system per layer per round (default 0.4)")
    ap.add_argument("--runs", type=int, default=20,
                    help="timed calls per system per round when they fit the budget (default 20)")
    ap.add_argument("--settle", type=float, default=0.05,
                    help="pause between systems so idle worker threads stop spinning (s)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: tiny layers, 1 round, small budget")
    ap.add_argument("--no-torch", action="store_true", help="skip PyTorch")
    ap.add_argument("--no-auto", dest="auto", action="store_false",
                    help="leave out our auto backend (for a CLI without --backend auto)")
    ap.add_argument("--json", default=None, metavar="FILE", help="also write all raw numbers")
    ap.add_argument("--memory", action="store_true",
                    help="measure the memory each system's plan and runs add (memory.py), "
                         "each in a process of its own, instead of timing")
    ap.add_argument("--memory-probe", default=None, metavar="SYSTEM", help=argparse.SUPPRESS)
    ap.add_argument("--train", action="store_true",
                    help="time training steps (new filters, forward, both gradients) against "
                         "PyTorch autograd instead of the forward convolution (training.py)")
    ap.add_argument("--ort-training-python", default=None, metavar="PYTHON",
                    help="with --train: the python of a virtual environment with "
                         "onnxruntime-training (run.sh makes one); without it that row is skipped")
    ap.add_argument("--no-ort-training", action="store_true",
                    help="with --train: skip onnxruntime-training (run.sh then installs nothing for it)")
    a = ap.parse_args()
    if a.quick:
        a.layers = "quick" if a.layers == "all" else a.layers
        a.rounds = 1
        a.budget = min(a.budget, 0.05)
        a.runs = min(a.runs, 10)
    return a


def main():
    a = parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    binary = a.binary or os.path.join(here, "..", "..", ".build", "release", "winograd")
    if not os.access(binary, os.X_OK):
        sys.exit(f"no release binary at {binary}: run `swift build -c release`")
    if a.train:
        from training import QUICK_TRAIN_LAYERS, TRAIN_LAYERS
        table, quick_table = TRAIN_LAYERS, QUICK_TRAIN_LAYERS
    else:
        table, quick_table = LAYERS, QUICK_LAYERS
    if a.layers == "all":
        layers = list(enumerate(table, 1))
    elif a.layers == "quick":
        layers = [(f"q{i}", l) for i, l in enumerate(quick_table, 1)]
    else:
        # 1-based indices; "q1", "q2" name the quick layers.
        layers = [(i, quick_table[int(i[1:]) - 1]) if i.startswith("q") else (int(i), table[int(i) - 1])
                  for i in a.layers.split(",")]
    thread_counts = [int(t) for t in a.threads.split(",")]

    torch = None
    if not a.no_torch:
        try:
            import torch  # noqa: F811
        except ImportError:
            print("NOTE: torch is not installed; PyTorch is skipped", file=sys.stderr)
    import ncnn
    import onnx
    import onnx.numpy_helper  # noqa: F401
    import onnxruntime as ort

    peers = make_peers(torch, onnx, ort, ncnn)
    if a.memory_probe:
        from memory import probe
        (idx, layer), = layers
        probe(next(s for s in peers if s.name == a.memory_probe), layer, idx, thread_counts[0])
        return

    workdir = tempfile.mkdtemp(prefix="winograd-peers-")
    if a.memory:
        from memory import main_memory
        a.workdir = workdir
        main_memory(a, binary, layers, thread_counts, [s.name for s in peers])
        return
    ours = [Ours(binary, "generated", m, workdir) for m in (2, 4, 6)]
    ours += [Ours(binary, "direct", None, workdir), Ours(binary, "im2col", None, workdir)]
    if a.auto:
        ours.append(Ours(binary, "auto", None, workdir))

    info = {"versions": versions(torch, onnx, ort, ncnn), "cpu": cpu_name(),
            "cores": os.cpu_count(), "rounds": a.rounds, "budget_s": a.budget,
            "runs": a.runs, "date": time.strftime("%Y-%m-%d %H:%M:%S")}
    try:
        info["ours_version"] = subprocess.run([binary, "--version"], capture_output=True,
                                              text=True, timeout=60).stdout.strip()
        info["ours_commit"] = subprocess.run(
            ["git", "-C", here, "rev-parse", "--short", "HEAD"], capture_output=True,
            text=True, timeout=60).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        pass
    if hasattr(ort, "get_available_providers"):
        info["onnxruntime_providers"] = ort.get_available_providers()
    if torch is not None:
        info["torch_cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    c0 = CpuMeter()
    time.sleep(1.0)
    info["others_cpu_before"] = c0.others()
    print(f"# {info['date']}  {info['cpu']}, {info['cores']} cores; other processes used "
          f"{info['others_cpu_before']:.2f} cores in the second before the start")
    if info["others_cpu_before"] > 0.1:
        print("# WARNING: the machine is busy; other processes disturb these timings")
    print("# " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    print(f"# ours: {binary} (version {info.get('ours_version', '?')}, "
          f"repository at {info.get('ours_commit', '?')})")
    if a.train:
        from training import main_train
        main_train(a, binary, torch, layers, thread_counts, info)
        return
    print(f"# rounds {a.rounds}, per system and round: median of up to {a.runs} calls "
          f"within {a.budget}s (at least 3) after warm-up; reported: lowest round median")
    sys.stdout.flush()

    # Set-up: data, float64 reference, peers' sessions/nets, our error runs (all untimed).
    t_setup = time.perf_counter()
    cases = []  # one per (layer, threads)
    for idx, layer in layers:
        x, w = make_data(layer, idx if isinstance(idx, int) else 100 + len(cases))
        p = layer[4]
        y64 = reference_f64(x, w, p)
        files = (os.path.join(workdir, f"x_{idx}.npy"), os.path.join(workdir, f"w_{idx}.npy"))
        np.save(files[0], x)
        np.save(files[1], w)
        for t in thread_counts:
            case = {"index": idx, "layer": layer, "threads": t, "x": x, "w": w,
                    "files": files, "calls": {}, "rows": {}, "label": {}}
            outputs = {}
            for s in peers:
                prep = type(s).__new__(type(s))
                prep.__dict__.update(s.__dict__)
                fn = prep.prepare(x, w, p, t)
                prep.before()
                y = prep.result()
                err = rel_max_error(y, y64)
                case["calls"][s.name] = (prep, fn)
                case["rows"][s.name] = {"error": err, "medians_ms": []}
                if s.name.startswith("ncnn"):
                    outputs[s.name] = y
            # Which path "ncnn auto" took: the forced variant whose output it equals bit for bit.
            if "ncnn auto" in outputs:
                same = [nm[5:] for nm, y in outputs.items()
                        if nm != "ncnn auto" and np.array_equal(y, outputs["ncnn auto"])]
                case["rows"]["ncnn auto"]["same_output_as"] = same
                case["label"] = {"ncnn auto": f"ncnn auto (= {same[0]})"} if same else {}
            for o in ours:
                j = o.check(files, p, t, y64)
                case["calls"][o.name] = (o, None)
                case["rows"][o.name] = {"error": j["rel_max_error"], "medians_ms": [],
                                        "cli_max_abs_error": j.get("max_abs_error"),
                                        "cli_rel_l2_error": j.get("rel_l2_error"),
                                        "kernels": j.get("kernels"),
                                        "estimate_ms": j.get("time_ms"),
                                        "methods": [j.get("method")]}
            cases.append(case)
    info["setup_s"] = time.perf_counter() - t_setup
    print(f"# set-up (data, float64 references, sessions, nets, error runs): "
          f"{info['setup_s']:.1f}s")

    # Interleaved rounds.
    names = [s.name for s in peers] + [o.name for o in ours]

    def run_ours(obj, case, row):  # the CLI times `repeat` in-process calls itself
        est = row["estimate_ms"] or 1.0
        if row["medians_ms"]:
            est = min(row["medians_ms"])
        repeat = int(max(3, min(a.runs, a.budget * 1e3 / max(est, 1e-3))))
        j = obj.timed(case["files"], case["layer"][4], case["threads"], repeat)
        row["medians_ms"].append(j["time_ms"])
        row["methods"].append(j.get("method"))
        row.setdefault("repeats", []).append(repeat)

    interleaved_rounds(a, cases, names, run_ours, info)

    # Call overheads of the peers' API paths (1x1 convolution of a 1x1x1x1 tensor).
    overheads = {t: call_overheads(peers, t) for t in thread_counts}

    # Report.
    print()
    lines = []
    summary = []
    for case in cases:
        layer, t = case["layer"], case["threads"]
        flops = layer_flops(layer)
        lines.append(f"L{case['index']}  {layer_name(layer)}  ({flops / 1e9:.4g} GFLOP)  "
                     f"threads={t}")
        lines.append(f"  {'system':34s} {'ms':>9s} {'GFLOP/s':>9s} {'error':>9s}")
        best_ours = best_peer = None
        for name in names:
            row = case["rows"][name]
            ms = min(row["medians_ms"])
            row["best_ms"] = ms
            row["gflops"] = flops / (ms * 1e6)
            label = case["label"].get(name, name) + (" *" if name in NOT_COMPARED else "")
            if name == "ours auto":
                seen = []
                for m in row["methods"]:
                    m = str(m).replace("generated ", "")
                    if m not in seen:
                        seen.append(m)
                label = f"ours auto ({'/'.join(seen)})"
            lines.append(f"  {label:34s} {ms:9.3f} {row['gflops']:9.1f} {row['error']:9.2e}")
            if name.startswith("ours"):
                if best_ours is None or ms < best_ours[1]:
                    best_ours = (name, ms)
            elif name in NOT_COMPARED:
                continue
            elif best_peer is None or ms < best_peer[1]:
                best_peer = (name, ms)
        ratio = best_peer[1] / best_ours[1]
        lines.append(f"  ours (best) / fastest peer = {ratio:.2f}x  ({best_ours[0]} "
                     f"{best_ours[1]:.3f} ms vs {best_peer[0]} {best_peer[1]:.3f} ms; "
                     f">1 means ours is faster)")
        auto = case["rows"].get("ours auto")
        auto_ratio = best_peer[1] / auto["best_ms"] if auto else None
        if auto:
            lines.append(f"  ours auto (the CLI's default) / fastest peer = {auto_ratio:.2f}x")
        lines.append("")
        summary.append((case["index"], t, best_ours, best_peer, ratio, auto_ratio))
    if any(n in NOT_COMPARED for n in names):
        lines.append("* not in the 'fastest peer' comparison: its input is already channels-last "
                     "and its output stays so (NHWC in and out, no layout conversion), while "
                     "every other row takes and returns NCHW.")
        lines.append("")
    lines.append("Summary: speed of ours (best) relative to the fastest peer (NCHW in and out)")
    for idx, t, bo, bp, ratio, auto_ratio in summary:
        auto_text = f"  (auto {auto_ratio:.2f}x)" if auto_ratio else ""
        lines.append(f"  L{idx} t={t}: {ratio:5.2f}x{auto_text}  {bo[0]} {bo[1]:.3f} ms vs "
                     f"{bp[0]} {bp[1]:.3f} ms")
    lines.append("")
    lines.append("Per-call overhead of each peer's API path (1x1 conv on a 1x1x1x1 tensor, "
                 "median, microseconds):")
    for t, res in overheads.items():
        lines.append(f"  threads={t}: " + ", ".join(f"{k} {v:.1f}" for k, v in res.items()))
    lines.append(f"Wall time: set-up {info['setup_s']:.0f}s, rounds {info['rounds_s']:.0f}s; "
                 "other processes' CPU use during the rounds (cores): "
                 + ", ".join(f"{x:.2f}" for x in info["others_cpu_rounds"]))
    print("\n".join(lines))

    if a.json:
        out = {"info": info, "overheads_us": {str(k): v for k, v in overheads.items()},
               "results": []}
        for case in cases:
            out["results"].append({
                "layer": case["index"],
                "n_c_k_hw_padding": list(case["layer"]),
                "threads": case["threads"],
                "gflop": layer_flops(case["layer"]) / 1e9,
                "systems": case["rows"],
            })
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
        print(f"# wrote {a.json}")


if __name__ == "__main__":
    main()
