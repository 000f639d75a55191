"""Peak memory, side by side: what each system's plan and run add to the loaded data.

Each system runs in a process of its own on one layer: the input and filters are made
(or, for ours, loaded), the process's peak resident size is reset to the current one
(Linux: "5" written to /proc/self/clear_refs), then the system plans and runs the
layer three times; reported is the peak less the resident size before planning.
Run through run.sh with --memory; see README.md beside this file.
"""

import json
import os
import subprocess
import sys

from peers import layer_name, make_data

# The systems measured, by their row names in the speed table.
PEER_NAMES = ["torch NCHW", "onnxruntime", "ncnn auto", "ncnn winograd63 only"]
OURS = [("auto", None), ("generated", 4), ("generated", 6), ("im2col", None)]


def resident():
    """(VmRSS, VmHWM) of this process in bytes."""
    values = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) * 1024
    return values["VmRSS"], values["VmHWM"]


def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def probe(system, layer, index, threads):
    """In this process: plan and run `system` on the layer; print what it added."""
    x, w = make_data(layer, index if isinstance(index, int) else 100)
    reset_peak()
    loaded, _ = resident()
    fn = system.prepare(x, w, layer[4], threads)
    system.before()
    for _ in range(3):
        fn()
    _, peak = resident()
    print(json.dumps({"loaded": loaded, "peak": peak, "added": max(0, peak - loaded)}))


def mib(n):
    return f"{n / 2**20:8.1f}"


def main_memory(a, binary, layers, thread_counts, peer_names):
    if not os.path.exists("/proc/self/clear_refs"):
        sys.exit("--memory needs Linux's /proc/self/clear_refs")
    here = os.path.dirname(os.path.abspath(__file__))
    names = [n for n in PEER_NAMES if n in peer_names]
    workdir = os.path.join(a.workdir, "memory")
    os.makedirs(workdir, exist_ok=True)
    rows = []
    for idx, layer in layers:
        index = idx if isinstance(idx, int) else 100
        x, w = make_data(layer, index)
        files = (os.path.join(workdir, "x.npy"), os.path.join(workdir, "w.npy"))
        import numpy as np
        np.save(files[0], x)
        np.save(files[1], w)
        for t in thread_counts:
            row = {"index": idx, "layer": layer, "threads": t, "systems": {}}
            for name in names:
                args = [sys.executable, os.path.join(here, "peers.py"), "--memory-probe", name,
                        "--layers", str(idx), "--threads", str(t)]
                if a.quick:
                    args.append("--quick")
                out = subprocess.run(args, capture_output=True, text=True, timeout=600)
                if out.returncode != 0:
                    raise RuntimeError(f"{' '.join(args)} failed: {out.stderr.strip()[-500:]}")
                row["systems"][name] = json.loads(out.stdout.strip().splitlines()[-1])
            for backend, m in OURS:
                args = [binary, "conv", "--input", files[0], "--filters", files[1], "--padding",
                        str(layer[4]), "--threads", str(t), "--json", "--repeat", "3",
                        "--backend", backend] + (["--m", str(m)] if m else [])
                out = subprocess.run(args, capture_output=True, text=True, timeout=600)
                if out.returncode != 0:
                    raise RuntimeError(f"{' '.join(args)} failed: {out.stderr.strip()[-500:]}")
                j = json.loads(out.stdout.strip().splitlines()[-1])
                name = f"ours {backend}" + (f" m={m}" if m else "")
                row["systems"][name] = {"added": j["added_rss_bytes"], "peak": j["peak_rss_bytes"],
                                        "estimate": j["plan_bytes"] + j["workspace_bytes"],
                                        "method": j.get("method")}
            rows.append(row)
            print(f"# memory: L{idx} threads={t} done")
            sys.stdout.flush()

    print()
    lines = ["Memory a plan and its runs add to the loaded input and filters (MiB; peak resident "
             "less resident before planning, 3 runs)"]
    for row in rows:
        layer = row["layer"]
        lines.append(f"L{row['index']}  {layer_name(layer)}  threads={row['threads']}")
        for name, v in row["systems"].items():
            extra = ""
            if "estimate" in v:
                extra = f"   (ours' estimate {mib(v['estimate']).strip()}: transformed filters + workspace)"
                if v.get("method"):
                    extra += f"  {v['method']}"
            lines.append(f"  {name:24s} {mib(v['added'])}{extra}")
        lines.append("")
    print("\n".join(lines))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"memory": [{"layer": r["index"], "n_c_k_hw_padding": list(r["layer"]),
                                   "threads": r["threads"], "systems": r["systems"]}
                                  for r in rows]}, f, indent=1)
        print(f"# wrote {a.json}")
