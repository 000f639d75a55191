#!/usr/bin/env bash
# Installs what the GPU kernel tests need to compile and run the emitted
# kernels on a machine without a GPU, and prints where they are:
#   OpenCL C  PoCL, the CPU OpenCL device (pocl-opencl-icd, ocl-icd-opencl-dev, opencl-c-headers)
#   GLSL      glslangValidator (glslang-tools); Mesa's software Vulkan device, lavapipe
#             (mesa-vulkan-drivers), and the Vulkan headers and loader (libvulkan-dev)
#   WGSL      Python wgpu (PyPI) on lavapipe
#   CUDA      nvcc (PyPI nvidia-cuda-nvcc, with its headers) and the host gcc
# The Python packages go into a virtual environment, by default
# ~/.cache/swift-winograd/gpu-venv (WINOGRAD_GPU_VENV overrides it), never
# into the repository. Safe to run again: it installs nothing already there.
# It ends by printing `venv=PATH` and `nvcc=PATH`.
set -euo pipefail

venv="${WINOGRAD_GPU_VENV:-$HOME/.cache/swift-winograd/gpu-venv}"

if [ "$(uname -s)" != "Linux" ]; then
    echo "setup-gpu: the GPU kernel tests run on Linux only" >&2
    exit 1
fi

missing=()
have_header() { [ -e "/usr/include/$1" ]; }
command -v cc >/dev/null 2>&1 || missing+=(gcc)
command -v glslangValidator >/dev/null 2>&1 || missing+=(glslang-tools)
have_header CL/cl.h || missing+=(opencl-c-headers)
[ -e /usr/lib/x86_64-linux-gnu/libOpenCL.so ] || [ -e /usr/lib/aarch64-linux-gnu/libOpenCL.so ] \
    || missing+=(ocl-icd-opencl-dev)
[ -e /etc/OpenCL/vendors/pocl.icd ] || missing+=(pocl-opencl-icd)
have_header vulkan/vulkan.h || missing+=(libvulkan-dev)
ls /usr/share/vulkan/icd.d/lvp_icd.*.json >/dev/null 2>&1 || missing+=(mesa-vulkan-drivers)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)

if [ ${#missing[@]} -gt 0 ]; then
    # PoCL's clang would recommend llvm-15-dev, which the tests do not need.
    bash "$(dirname "$0")/apt-install.sh" setup-gpu --no-install-recommends "${missing[@]}"
fi

if [ ! -x "$venv/bin/python" ]; then
    echo "setup-gpu: creating $venv" >&2
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv"
fi
python_packages=()
"$venv/bin/python" -c 'import wgpu' >/dev/null 2>&1 || python_packages+=(wgpu)
[ -x "$venv/bin/nvcc" ] || ls "$venv"/lib/python3*/site-packages/nvidia/cu*/bin/nvcc >/dev/null 2>&1 \
    || python_packages+=(nvidia-cuda-nvcc nvidia-cuda-crt nvidia-cuda-runtime)
if [ ${#python_packages[@]} -gt 0 ]; then
    echo "setup-gpu: pip installing ${python_packages[*]} into $venv" >&2
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "${python_packages[@]}" >&2
fi
echo "venv=$venv"
echo "nvcc=$(ls "$venv"/lib/python3*/site-packages/nvidia/cu*/bin/nvcc | head -1)"
