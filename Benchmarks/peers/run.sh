#!/usr/bin/env bash
# Peer benchmark: swift-winograd's `winograd conv` against PyTorch, onnxruntime and ncnn
# on the CPU. One command from a fresh clone:
#
#   bash Benchmarks/peers/run.sh [peers.py options]     (e.g. --quick, --threads 1,2, --json out.json)
#
# Creates Benchmarks/peers/.venv, installs numpy, onnx, onnxruntime, ncnn and (when a
# CPU-only wheel can be had) torch==2.13.0+cpu, builds the release tool if it is missing,
# then runs peers.py with the arguments given.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
py="${PYTHON:-python3}"
torch_spec="${TORCH_SPEC:-torch==2.13.0+cpu}"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "== creating $venv"
    "$py" -m venv "$venv"
fi
vpy="$venv/bin/python"

if ! "$vpy" -c 'import numpy, onnx, onnxruntime, ncnn' 2>/dev/null; then
    echo "== installing numpy onnx onnxruntime ncnn"
    "$vpy" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
    "$vpy" -m pip install --quiet numpy onnx onnxruntime ncnn
fi

torch_args=()
want_torch=1
for arg in "$@"; do
    if [[ "$arg" == "--no-torch" ]]; then want_torch=0; fi
done
if [[ $want_torch == 1 ]] && ! "$vpy" -c 'import torch' 2>/dev/null; then
    # Only the CPU build: a plain `pip install torch` pulls several GB of CUDA packages.
    echo "== installing $torch_spec (CPU-only wheel)"
    if ! "$vpy" -m pip install --quiet "$torch_spec"; then
        echo "NOTE: could not install $torch_spec (no CPU-only wheel found);" \
             "PyTorch is skipped in this run."
        torch_args=(--no-torch)
    fi
fi
if [[ $want_torch == 1 && ${#torch_args[@]} -eq 0 ]] && ! "$vpy" -c 'import torch' 2>/dev/null; then
    echo "NOTE: torch does not import; PyTorch is skipped in this run."
    torch_args=(--no-torch)
fi

if [[ ! -x "$root/.build/release/winograd" ]]; then
    echo "== building the release tool (swift build -c release)"
    (cd "$root" && swift build -c release)
fi

exec "$vpy" "$here/peers.py" --binary "$root/.build/release/winograd" ${torch_args[@]+"${torch_args[@]}"} "$@"
