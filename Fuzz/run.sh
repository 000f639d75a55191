#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for a
# bounded time on a copy of its seed corpus (Corpus/<target>; the seeds in git
# are not changed). Prints each target's runs and coverage; exits non-zero
# when any target finds a crash, a leak or a timeout (the input is kept under
# $WORK/artifacts).
#
#   bash Fuzz/run.sh [seconds per target, default 30] [target ...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(FuzzTransformJSON FuzzNumPy FuzzNetpbm FuzzRational FuzzPoints FuzzFrame)
fi

# One flag: -sanitize=fuzzer and -sanitize=address given separately drop the coverage.
swift build -c release -Xswiftc -sanitize=fuzzer,address
bin="$(swift build -c release -Xswiftc -sanitize=fuzzer,address --show-bin-path)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/winograd-fuzz.XXXXXX")"
mkdir -p "$WORK/artifacts"
failed=0
for target in "${targets[@]}"; do
    mkdir -p "$WORK/corpus/$target"
    log="$WORK/$target.log"
    # -timeout: one input taking longer than 10 s is a hang; -rss_limit_mb: a runaway allocation.
    if "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="$WORK/artifacts/$target-" "$WORK/corpus/$target" "Corpus/$target" >"$log" 2>&1; then
        status=ok
    else
        status=FAILED
        failed=1
    fi
    pattern='s/^#([0-9]+)[^c]*cov: ([0-9]+) ft: ([0-9]+).*/\1 runs, coverage \2 edges, \3 features/'
    summary="$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -E "$pattern")"
    echo "$target: $status, $summary"
    if [ "$status" = FAILED ]; then tail -30 "$log"; fi
done
echo "logs and any crashing inputs: $WORK"
exit $failed
