#!/usr/bin/env bash
# Peer benchmark: swift-winograd's `winograd conv` against PyTorch, onnxruntime and ncnn
# on the CPU. One command from a fresh clone:
#
#   bash Benchmarks/peers/run.sh [peers.py options]     (e.g. --quick, --threads 1,2, --json out.json)
#
# Creates Benchmarks/peers/.venv, installs numpy, onnx, onnxruntime, ncnn and (when a
# CPU-only wheel can be had) torch==2.13.0+cpu; with --train also
# Benchmarks/peers/.venv-ort-training with onnxruntime-training (skipped with a note if it
# does not install). Builds the release tool if it is missing and no --binary is given,
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

# With --train: onnxruntime-training in a virtual environment of its own (its wheel has
# an `onnxruntime` module that would replace the onnxruntime package in .venv). If it
# does not install or import, the training steps run without it.
ort_args=()
train=0
user_binary=0
for arg in "$@"; do
    if [[ "$arg" == "--train" ]]; then train=1; fi
    if [[ "$arg" == "--no-ort-training" ]]; then train=0; fi  # peers.py skips it
    if [[ "$arg" == "--binary" || "$arg" == --binary=* ]]; then user_binary=1; fi
done
if [[ $train == 1 ]]; then
    ovenv="$here/.venv-ort-training"
    ort_spec="${ORT_TRAINING_SPEC:-onnxruntime-training}"
    ocheck='import numpy, onnx, onnxruntime; from onnxruntime.capi._pybind_state import GradientGraphBuilder'
    if [[ ! -x "$ovenv/bin/python" ]]; then
        echo "== creating $ovenv"
        "$py" -m venv "$ovenv" || true
    fi
    if [[ -x "$ovenv/bin/python" ]] && ! "$ovenv/bin/python" -c "$ocheck" 2>/dev/null; then
        echo "== installing $ort_spec onnx numpy<2 into $ovenv"
        "$ovenv/bin/python" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
        "$ovenv/bin/python" -m pip install --quiet "$ort_spec" onnx "numpy<2" || true
    fi
    if [[ -x "$ovenv/bin/python" ]] && "$ovenv/bin/python" -c "$ocheck" 2>/dev/null; then
        ort_args=(--ort-training-python "$ovenv/bin/python")
    else
        echo "NOTE: $ort_spec could not be installed or imported in $ovenv;" \
             "onnxruntime-training is skipped in this run."
        ort_args=(--no-ort-training)
    fi
fi

# An explicit --binary wins (argparse keeps the last one); then nothing is built here.
if [[ $user_binary == 0 && ! -x "$root/.build/release/winograd" ]]; then
    echo "== building the release tool (swift build -c release)"
    (cd "$root" && swift build -c release)
fi

exec "$vpy" "$here/peers.py" --binary "$root/.build/release/winograd" ${torch_args[@]+"${torch_args[@]}"} \
    ${ort_args[@]+"${ort_args[@]}"} "$@"
