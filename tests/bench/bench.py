#!/usr/bin/env python3
"""Switchboard's benchmarks, in one table.

Builds in Release (unless --no-build), then runs every measurement ROUNDS times, alternating
the configurations inside each round so that a slow moment of the machine hits all of them
alike, and prints medians with min..max, the ratios and the targets of issue #6:

  1. headless replay: `switchboard-cli load --stats` against the flood agent, and the
     reference TypeScript SDK (installed here with npm, into the build directory) against
     the same agent, doing the same work in its handler;
  2. the parse-only limit: splitting and parsing the same bytes with QJsonDocument (and,
     for reference, the connection layer alone with a consumer that only counts);
  3. the GUI: "Open" to the loaded transcript visible, and the longest event-loop stall while
     100,000 chunks stream into a visible session; one 5 MB message (log, one line) and a
     1 MB table shown collapsed, then in full;
  4. start-up: process start to the main window shown, and to the demo session ready.

Usage: tests/bench/bench.py [--build-dir DIR] [--rounds N] [--no-build] [--no-sdk]
The `bench` CMake target runs it on its own build directory with --no-build.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
SDK_PACKAGE = os.environ.get("ACP_SDK_PACKAGE", "@agentclientprotocol/sdk@2.4.0")
SIZES = (10_000, 100_000)
STREAM_CHUNKS = 100_000
# One long agent message each (bench_gui huge): a log, one line, a Markdown table.
HUGE = [("log", 5_000_000), ("line", 5_000_000), ("table", 1_000_000)]
TARGETS = ["switchboard", "switchboard-cli", "switchboard-demo-agent",
           "switchboard-flood-agent", "bench_gui", "bench_parse", "bench_startup",
           "bench_connection"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def key_values(text):
    """The `key=value ...` line a benchmark program prints, as floats."""
    values = {}
    for word in text.split():
        key, _, value = word.partition("=")
        try:
            values[key] = float(value)
        except ValueError:
            pass
    return values


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
                           f"{result.stderr[-2000:]}")
    return result


def build(build_dir):
    log(f"Building in Release: {build_dir}")
    run(["cmake", "-S", SOURCE, "-B", build_dir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"])
    subprocess.run(["cmake", "--build", build_dir, "--target", *TARGETS], check=True,
                   stdout=subprocess.DEVNULL)


def build_type(build_dir):
    cache = build_dir / "CMakeCache.txt"
    for line in cache.read_text().splitlines() if cache.exists() else []:
        if line.startswith("CMAKE_BUILD_TYPE:"):
            return line.partition("=")[2] or "(none)"
    return "(unknown)"


def install_sdk(build_dir):
    """The reference SDK, from npm, into the build directory; None when node or npm is missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        log("node or npm not found: the TypeScript SDK comparison is skipped")
        return None
    directory = build_dir / "bench-node"
    directory.mkdir(exist_ok=True)
    if not (directory / "node_modules" / "@agentclientprotocol" / "sdk").exists():
        log(f"Installing {SDK_PACKAGE} with npm into {directory}")
        (directory / "package.json").write_text('{"private": true, "type": "module"}\n')
        try:
            run([npm, "install", "--no-audit", "--no-fund", "--silent", SDK_PACKAGE],
                cwd=directory)
        except RuntimeError as error:
            log(f"npm install failed, the SDK comparison is skipped: {error}")
            return None
    shutil.copy(SOURCE / "tests" / "bench" / "sdk-client.mjs", directory)
    version = run([node, "-p", "require('./node_modules/@agentclientprotocol/sdk/package.json')"
                   ".version"], cwd=directory).stdout.strip()
    return {"node": node, "dir": directory, "version": version,
            "node_version": run([node, "--version"]).stdout.strip()}


class Bench:
    def __init__(self, build_dir, sdk):
        self.bin = build_dir
        self.sdk = sdk
        self.flood = self.find("switchboard-flood-agent")
        self.samples = {}
        self.data = build_dir / "bench-data"
        self.data.mkdir(exist_ok=True)
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        self.env.pop("QT_LOGGING_RULES", None)

    def find(self, name):
        for path in self.bin.rglob(name):
            if path.is_file() and os.access(path, os.X_OK):
                return path
        raise RuntimeError(f"{name} is not built in {self.bin}")

    def add(self, key, values):
        for name, value in values.items():
            self.samples.setdefault((key, name), []).append(value)

    def ours(self, n):
        # stdout (the printed transcript) is not part of the measurement; --stats is stderr.
        result = subprocess.run(
            [self.find("switchboard-cli"), "load", "--session", "flood-1",
             "--exec", f"{self.flood} {n}", "--stats"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=self.env)
        if result.returncode != 0:
            raise RuntimeError(f"switchboard-cli load failed: {result.stderr[-2000:]}")
        stats = {}
        for line in result.stderr.splitlines():
            label, _, value = line.partition(":")
            number = value.split()[0] if value.split() else ""
            stats[label.strip()] = float(number) if number else 0.0
        updates, ms = stats["replayed updates"], stats["load time"]
        self.add(("ours", n), {"ups": updates / (ms / 1000), "ms": ms,
                               "mib": stats["peak memory"], "updates": updates})

    def reference(self, n):
        out = run([self.sdk["node"], "sdk-client.mjs", self.flood, str(n)],
                  cwd=self.sdk["dir"]).stdout
        values = key_values(out)
        values["ups"] = values["updates"] / (values["load_ms"] / 1000)
        self.add(("sdk", n), values)

    def parse(self, n):
        dump = self.data / f"flood-{n}.jsonl"
        if not dump.exists():
            with open(dump, "wb") as out:
                subprocess.run([self.flood, "--dump", str(n)], stdout=out, check=True)
        self.add(("parse", n), key_values(run([self.find("bench_parse"), dump]).stdout))

    def connection(self, n):
        out = run([self.find("bench_connection"), self.flood, str(n)]).stdout
        self.add(("connection", n), key_values(out))

    def gui_open(self, n):
        out = run([self.find("bench_gui"), "open", self.flood, str(n)], env=self.env).stdout
        self.add(("open", n), key_values(out))

    def gui_stream(self):
        out = run([self.find("bench_gui"), "stream", self.flood, str(STREAM_CHUNKS)],
                  env=self.env).stdout
        self.add(("stream", STREAM_CHUNKS), key_values(out))

    def gui_huge(self):
        for kind, size in HUGE:
            out = run([self.find("bench_gui"), "huge", self.flood, kind, str(size)],
                      env=self.env).stdout
            self.add(("huge", kind), key_values(out))

    def startup(self):
        out = run([self.find("bench_startup"), self.find("switchboard")], env=self.env).stdout
        self.add(("startup", 0), key_values(out))

    def round(self, index):
        steps = [self.ours, self.reference] if self.sdk else [self.ours]
        if index % 2:
            steps.reverse()
        for n in SIZES:
            for step in steps:
                step(n)
            self.parse(n)
            self.connection(n)
            self.gui_open(n)
        self.gui_stream()
        self.gui_huge()
        self.startup()

    def stat(self, key, name):
        values = self.samples.get((key, name))
        if not values:
            return None
        return statistics.median(values), min(values), max(values)


def fmt(stat, unit="", digits=0):
    if stat is None:
        return "n/a"
    median, low, high = stat
    return f"{median:,.{digits}f}{unit} ({low:,.{digits}f}..{high:,.{digits}f})"


def verdict(ok):
    return "met" if ok else "MISSED"


def report(bench, rounds, build_dir, sdk):
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.partition(":")[2].strip()
                break
    except OSError:
        pass
    qt = run(["qtpaths6", "--qt-version"]).stdout.strip() if shutil.which("qtpaths6") else "?"
    print(f"Switchboard benchmarks: {build_type(build_dir)} build, {rounds} rounds, "
          "median (min..max)")
    print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
          f"Qt {qt}" + (f"; node {sdk['node_version']}, @agentclientprotocol/sdk {sdk['version']}"
                        if sdk else "; TypeScript SDK not run"))

    print("\n1. Replay, headless: updates/s from session/load request to its result, "
          "same flood agent")
    print(f"{'N':>8}  {'switchboard-cli':>30}  {'TypeScript SDK':>30}  {'ratio':>6}  "
          f"{'peak MiB ours / SDK':>20}  target >=4x")
    for n in SIZES:
        ours, ref = bench.stat(("ours", n), "ups"), bench.stat(("sdk", n), "ups")
        ratio = ours[0] / ref[0] if ours and ref else None
        mib = f"{bench.stat(('ours', n), 'mib')[0]:.0f} / " + (
            f"{bench.stat(('sdk', n), 'peak_mib')[0]:.0f}" if ref else "n/a")
        print(f"{n:>8}  {fmt(ours):>30}  {fmt(ref):>30}  "
              f"{(f'{ratio:.1f}x' if ratio else 'n/a'):>6}  {mib:>20}  "
              f"{verdict(ratio >= 4) if ratio else 'n/a'}")

    print("\n2. Parse limit: split + QJsonDocument on the same bytes, in memory")
    print(f"{'N':>8}  {'parse-only lines/s':>30}  {'pipeline time / parse time':>27}  "
          "target <=3x")
    for n in SIZES:
        parse, ours = bench.stat(("parse", n), "lines_per_s"), bench.stat(("ours", n), "ups")
        ratio = parse[0] / ours[0] if parse and ours else None
        print(f"{n:>8}  {fmt(parse):>30}  {(f'{ratio:.2f}x' if ratio else 'n/a'):>27}  "
              f"{verdict(ratio <= 3) if ratio else 'n/a'}")

    print("\n   For reference, the connection layer alone (worker thread, framing, parsing, barrier,")
    print("   hand-over; a consumer that only counts), updates/s:")
    for n in SIZES:
        print(f"{n:>8}  {fmt(bench.stat(('connection', n), 'updates_per_s')):>30}")

    print("\n   The typed decode alone (Json::parse<SessionNotification>, done on the GUI thread for")
    print("   each update), updates/s, and its share of the headless pipeline's time:")
    for n in SIZES:
        decode, ours = bench.stat(("parse", n), "decode_per_s"), bench.stat(("ours", n), "ups")
        share = ours[0] / decode[0] if decode and ours else None
        print(f"{n:>8}  {fmt(decode):>30}  {(f'{share:.0%}' if share else 'n/a'):>27}")

    print("\n3. GUI (offscreen, 1200x800 window)")
    for n in SIZES:
        opened = bench.stat(("open", n), "open_ms")
        target = f"target <2,000 ms: {verdict(opened[0] < 2000)}" if n == 100_000 else ""
        print(f"  Open -> {n:,} replayed updates visible: {fmt(opened, ' ms'):<30} "
              f"peak {bench.stat(('open', n), 'peak_mib')[0]:.0f} MiB  {target}")
    stall = bench.stat(("stream", STREAM_CHUNKS), "max_stall_ms")
    print(f"  {STREAM_CHUNKS:,} chunks streamed into the visible session: "
          f"{fmt(bench.stat(('stream', STREAM_CHUNKS), 'stream_ms'), ' ms')}; longest stall "
          f"{fmt(stall, ' ms', 1)}  target <=50 ms: {verdict(stall[0] <= 50)}")

    for kind, size in HUGE:
        key = ("huge", kind)
        stalls = [bench.stat(key, "max_stall_ms"), bench.stat(key, "all_max_stall_ms")]
        print(f"  one {size / 1e6:g} MB message ({kind}): visible "
              f"{fmt(bench.stat(key, 'visible_ms'), ' ms')}, stall {fmt(stalls[0], ' ms', 1)}; "
              f"Show all {fmt(bench.stat(key, 'all_ms'), ' ms')}, stall "
              f"{fmt(stalls[1], ' ms', 1)}  target <=50 ms: "
              f"{verdict(all(s and s[0] <= 50 for s in stalls))}")

    print("\n4. Start-up (first start, demo agent, offscreen)")
    shown = bench.stat(("startup", 0), "window_ms")
    print(f"  process start -> main window shown: {fmt(shown, ' ms')}  "
          f"target <300 ms: {verdict(shown[0] < 300)}")
    print(f"  process start -> demo session ready: "
          f"{fmt(bench.stat(('startup', 0), 'ready_ms'), ' ms')}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=SOURCE / "build-bench")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="use the build directory as is")
    parser.add_argument("--no-sdk", action="store_true", help="skip the TypeScript SDK")
    args = parser.parse_args()
    build_dir = args.build_dir.resolve()
    if not args.no_build:
        build(build_dir)
    if build_type(build_dir) != "Release":
        log(f"Note: {build_dir} is a {build_type(build_dir)} build; figures worth reporting "
            "come from Release (run tests/bench/bench.py without --no-build)")
    sdk = None if args.no_sdk else install_sdk(build_dir)
    bench = Bench(build_dir, sdk)
    for index in range(args.rounds):
        log(f"Round {index + 1} of {args.rounds}")
        bench.round(index)
    report(bench, args.rounds, build_dir, sdk)


if __name__ == "__main__":
    try:
        main()
    except RuntimeError as error:
        log(f"bench: {error}")
        sys.exit(1)
