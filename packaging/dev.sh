#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (see README.md):
#   packaging/dev.sh run    install what is needed, build, and launch the app
#   packaging/dev.sh test   install what is needed, build, and run every test headless
#   packaging/dev.sh sanitize  build and run every test under AddressSanitizer + UBSan (+ leaks)
#   packaging/dev.sh fuzz [SECONDS]  build the libFuzzer targets with clang and run each for
#                           SECONDS (default 60; tests/fuzz/README.md)
#   packaging/dev.sh package  build the .deb (Release), install it with apt-get and check the
#                           installed programs, desktop entry, metainfo and icons
#   packaging/dev.sh interop  install the real agents at the versions tests/interop pins (npm, into
#                           BUILD_DIR/interop, never the checkout) and run the interop suite
#                           against them, offline, with our stand-in model server
#   packaging/dev.sh presets  the app's preset agent profiles as a new user starts them: npx
#                           downloads each agent's current release (needs the npm registry;
#                           not pinned, so not part of CI) and plays a turn with the stand-in
#   packaging/dev.sh deps   only install the packages
# BUILD_DIR (default: build) and JOBS (default: all cores) may be set in the environment.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}

# Everything the build, the app and the tests use, from Debian's own archive.
packages=(cmake ninja-build g++ qt6-base-dev qt6-base-dev-tools libdtl-dev python3-jsonschema procps
    qt6-svg-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n librsvg2-bin
    libqt6sql6-sqlite dpkg-dev file desktop-file-utils appstream)

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

# The package as a user gets it: built in Release without Q_ASSERT, installed by apt-get (which
# resolves its Qt dependencies), then used from /usr/bin.
package_and_check_installed() {
    local dir="${build_dir}-package"
    TARGET=package configure_and_build "$dir" -DCMAKE_BUILD_TYPE=Release \
        -DSWITCHBOARD_ASSERTS=OFF -DBUILD_TESTING=OFF
    local deb version
    version=$(sed -n 's/^ *VERSION \([0-9.]*\)$/\1/p' CMakeLists.txt | head -1)
    deb=$(ls -t "$(realpath "$dir")"/switchboard_"${version}"_*.deb | head -1)
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb"
    dpkg-query -W -f='installed ${Package} ${Version}: ${Depends}\n' switchboard
    local id=dev.switchboard.Switchboard
    /usr/bin/switchboard --version
    /usr/bin/switchboard-cli --version
    /usr/bin/switchboard-demo-agent --version
    desktop-file-validate /usr/share/applications/$id.desktop
    appstreamcli validate --no-net /usr/share/metainfo/$id.metainfo.xml
    for icon in scalable/apps/$id.svg 48x48/apps/$id.png 256x256/apps/$id.png; do
        test -s "/usr/share/icons/hicolor/$icon" || { echo "missing icon $icon" >&2; return 1; }
    done
    man -w switchboard-cli >/dev/null 2>&1 || test -s /usr/share/man/man1/switchboard-cli.1.gz
    # One headless turn against the installed demo agent, in a home of its own.
    local home
    home=$(mktemp -d)
    local answer
    answer=$(HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
        /usr/bin/switchboard-cli prompt --permission allow "hello from the package check")
    # And the history it saved, found again (the SQLite driver came with the package).
    local found
    found=$(HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
        /usr/bin/switchboard-cli search "package check")
    rm -rf "$home"
    if [ -z "$answer" ]; then
        echo "the installed CLI printed no answer" >&2
        return 1
    fi
    if [ -z "$found" ]; then
        echo "the installed CLI did not find the saved turn in its history" >&2
        return 1
    fi
    echo "installed switchboard-cli found it again: ${found:0:80}..."
    echo "installed switchboard-cli answered: ${answer:0:80}..."
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
package)
    deps
    package_and_check_installed
    ;;
interop)
    deps
    command -v npm >/dev/null || deps nodejs npm # Debian's, unless Node.js is there already
    TARGET=switchboard-cli configure_and_build "$build_dir"
    TARGET=interop_window configure_and_build "$build_dir"
    mkdir -p "$build_dir/interop"
    cp tests/interop/package.json tests/interop/package-lock.json "$build_dir/interop/"
    # A failed install fails the suite: it never passes without the agents.
    (cd "$build_dir/interop" && npm ci --no-audit --no-fund --loglevel=error)
    # Through switchboard-cli and in the real window (tests/interop/tst_window.cpp); each
    # window run's whole output is kept in $build_dir/interop/logs.
    QT_QPA_PLATFORM=offscreen python3 tests/interop/run.py --cli "$build_dir/app/switchboard-cli" \
        --window "$build_dir/tests/interop_window" --logs "$build_dir/interop/logs" \
        --agents "$build_dir/interop" ${INTEROP_README:+--readme tests/interop/README.md}
    ;;
presets)
    deps
    command -v npm >/dev/null || deps nodejs npm
    TARGET=switchboard-cli configure_and_build "$build_dir"
    python3 tests/interop/presets.py --cli "$build_dir/app/switchboard-cli"
    ;;
fuzz)
    deps clang libclang-rt-14-dev
    FUZZ_BUILD_DIR="${build_dir}-fuzz" JOBS="$jobs" tests/fuzz/run-fuzzers.sh "${2:-60}"
    ;;
*)
    echo "usage: $0 run|test|sanitize|fuzz|package|interop|presets|deps" >&2
    exit 64
    ;;
esac
