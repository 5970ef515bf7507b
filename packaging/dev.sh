#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (see README.md):
#   packaging/dev.sh run    install what is needed, build, and launch the app
#   packaging/dev.sh test   install what is needed, build, and run every test headless
#   packaging/dev.sh sanitize  build and run every test under AddressSanitizer + UBSan (+ leaks)
#   packaging/dev.sh fuzz [SECONDS]  build the libFuzzer targets with clang and run each for
#                           SECONDS (default 60; tests/fuzz/README.md)
#   packaging/dev.sh deps   only install the packages
# BUILD_DIR (default: build) and JOBS (default: all cores) may be set in the environment.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}

# Everything the build, the app and the tests use, from Debian's own archive.
packages=(cmake ninja-build g++ qt6-base-dev qt6-base-dev-tools libdtl-dev python3-jsonschema procps)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
    local missing=()
    for p in "${packages[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

configure_and_build() {
    local dir=$1
    shift
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    cmake --build "$dir" -j "$jobs" ${TARGET:+--target "$TARGET"}
}

run_tests() {
    # The barrier's Qt-free bookkeeping under ThreadSanitizer, hammered by plain threads
    # (connection/README.md explains why the Qt glue is not run under TSan).
    TARGET=tst_barriercore configure_and_build "${build_dir}-tsan" \
        -DSWITCHBOARD_SANITIZE=thread -DCMAKE_BUILD_TYPE=RelWithDebInfo
    (cd "${build_dir}-tsan" && TSAN_OPTIONS="halt_on_error=1 suppressions=$here/tests/tsan.supp" \
        ctest --output-on-failure -L tsan)
    # Everything, headless: no display is needed or used. Last, so its summary closes the run.
    configure_and_build "$build_dir"
    (cd "$build_dir" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs")
}

run_sanitized_tests() {
    configure_and_build "${build_dir}-asan" -DSWITCHBOARD_SANITIZE=address -DCMAKE_BUILD_TYPE=Debug
    (cd "${build_dir}-asan" && QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=1 \
        UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")
}

case "${1:-}" in
deps) deps ;;
run)
    deps
    configure_and_build "$build_dir"
    exec "$build_dir/app/switchboard" "${@:2}"
    ;;
test)
    deps
    run_tests
    ;;
sanitize)
    deps
    run_sanitized_tests
    ;;
fuzz)
    deps clang libclang-rt-14-dev
    FUZZ_BUILD_DIR="${build_dir}-fuzz" JOBS="$jobs" tests/fuzz/run-fuzzers.sh "${2:-60}"
    ;;
*)
    echo "usage: $0 run|test|sanitize|fuzz|deps" >&2
    exit 64
    ;;
esac
