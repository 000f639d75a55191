#!/usr/bin/env bash
# Installs Debian packages with apt-get, as root or through sudo:
#   bash scripts/apt-install.sh NAME [--APT-OPTION...] PACKAGE...
# NAME (the calling script's) starts its messages; options such as
# --no-install-recommends go to apt-get install. Used by setup.sh and
# setup-gpu.sh once they have found what is missing.
set -euo pipefail
name="$1"
shift
options=()
while [ $# -gt 0 ] && [ "${1#--}" != "$1" ]; do
    options+=("$1")
    shift
done
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "$name: need root to install $* (apt-get); run as root or install them yourself" >&2
        exit 1
    fi
fi
echo "$name: installing $*" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${options[@]}" "$@" >/dev/null
