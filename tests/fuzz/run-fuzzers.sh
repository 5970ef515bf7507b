#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time and reports executions and findings.
#   tests/fuzz/run-fuzzers.sh [SECONDS-PER-TARGET] [TARGET...]
# Builds with clang into ${FUZZ_BUILD_DIR:-build-fuzz} (SWITCHBOARD_SANITIZE=fuzzer: libFuzzer
# + ASan + UBSan). Each target starts from its committed corpus (tests/fuzz/corpus/<name>) plus,
# when ../shared/acp/golden is there, the golden payloads as one-line seeds; what it learns is
# kept in the build directory, never in the source tree. A crash leaves its reproducer in
# ${FUZZ_BUILD_DIR}/findings/; copy it into tests/fuzz/corpus/<name>/ with the fix, and ctest
# replays it from then on. Exit status: 0 when no target found anything.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$here"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(lineframer dispatcher session_updates render registry)
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${JOBS:-$(nproc)}

CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DSWITCHBOARD_SANITIZE=fuzzer \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j "$jobs" --target fuzz_targets >/dev/null

golden=$(cd "$here/.." && pwd)/shared/acp/golden
findings="$build_dir/findings"
mkdir -p "$findings"
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$here/tests/fuzz/lsan.supp:print_suppressions=0
status=0
printf '%-16s %10s %12s %8s  %s\n' target seconds executions exec/s result
for name in "${targets[@]}"; do
    work="$build_dir/corpus/$name"
    mkdir -p "$work"
    seeds=("tests/fuzz/corpus/$name")
    if [ -d "$golden" ] && [ "$name" != lineframer ] && [ "$name" != registry ]; then
        # The golden payloads, each as one line (the targets read JSON lines).
        mkdir -p "$build_dir/golden-seeds"
        for f in "$golden"/*.json; do
            python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$f" \
                >"$build_dir/golden-seeds/$(basename "$f")"
        done
        seeds+=("$build_dir/golden-seeds")
    fi
    log="$build_dir/fuzz-$name.log"
    set +e
    "$build_dir/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -print_final_stats=1 \
        -max_len=65536 -timeout=20 -rss_limit_mb=4096 -artifact_prefix="$findings/$name-" \
        "$work" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    set -e
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    if [ $rc -eq 0 ]; then
        result="no findings"
    else
        result="FINDING (exit $rc): $(ls -t "$findings"/"$name"-* 2>/dev/null | head -1); log $log"
        status=1
    fi
    printf '%-16s %10s %12s %8s  %s\n' "$name" "$seconds" "$runs" "$rate" "$result"
done
exit $status
