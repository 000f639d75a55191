#!/usr/bin/env bash
# Installs what swift-winograd needs that a fresh Debian/Ubuntu machine with
# the Swift toolchain may lack: GMP's headers (libgmp-dev), pkg-config, and gcc
# and make for the tests that build emitted C the way users do.
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists gmp 2>/dev/null; then missing+=(libgmp-dev); fi
command -v cc >/dev/null 2>&1 || missing+=(gcc)
command -v make >/dev/null 2>&1 || missing+=(make)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(uname -s)" = "Darwin" ]; then
    echo "setup: please run: brew install gmp pkg-config" >&2
    exit 1
fi

bash "$(dirname "$0")/apt-install.sh" setup "${missing[@]}"
