#!/usr/bin/env bash
# Fails when the tree drifts from its style: Swift through `swift format lint`
# (.swift-format), the C runtime through clang-format (.clang-format), and no
# line over 120 characters in Sources/ and Tests/ (Generated/ is written by
# the tool and exempt). Installs clang-format when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang-format >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
    if command -v apt-get >/dev/null 2>&1; then
        echo "check-format: installing clang-format" >&2
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang-format >/dev/null
    else
        echo "check-format: clang-format is missing (brew install clang-format)" >&2
        exit 1
    fi
fi

status=0
if ! swift format lint --strict --recursive Sources Tests Package.swift; then
    echo "check-format: Swift is not formatted; run: swift format format -i -r Sources Tests Package.swift" >&2
    status=1
fi
c_files=$(find Sources/CWinogradRuntime -name '*.c' -o -name '*.h' -o -name '*.inc')
# shellcheck disable=SC2086
if ! clang-format --dry-run --Werror $c_files; then
    echo "check-format: C is not formatted; run: clang-format -i \$(find Sources/CWinogradRuntime -name '*.[ch]')" >&2
    status=1
fi
long=$(find Sources Tests \( -name '*.swift' -o -name '*.c' -o -name '*.h' -o -name '*.inc' \) -print0 \
    | xargs -0 awk 'length > 120 { print FILENAME ":" FNR ": " length " characters" }')
if [ -n "$long" ]; then
    echo "$long" >&2
    echo "check-format: lines over 120 characters" >&2
    status=1
fi
if [ "$status" -eq 0 ]; then echo "check-format: the tree is formatted"; fi
exit "$status"
