#!/usr/bin/env python3
"""The app's preset agent profiles as a new user starts them: `switchboard-cli --agent NAME`,
in a home folder with nothing in it (no npm cache, no agent settings of ours), so that the
preset's own `npx -y PACKAGE` downloads the agent's current release from the npm registry.

  presets.py --cli BUILD/app/switchboard-cli [--only codex]

Unlike run.py this needs the npm registry and does not pin versions: it answers "does the
preset work today, as shipped", not "does this release work". So it is not part of .ci/run;
`packaging/dev.sh presets` runs it. Each agent is pointed at the stand-in model server with
the same settings as run.py (the preset profile passes the environment through), and plays
one text turn twice: the first start includes the download, the second one comes from npm's
cache. A preset that does not answer fails the run.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import run

PRESETS = {"claude": "Claude Agent", "codex": "Codex", "gemini": "Gemini CLI"}


def resolved_version(home, package):
    """The version npx installed into its cache under `home` (None if none)."""
    found = glob.glob(os.path.join(home, ".npm", "_npx", "*", "node_modules", package,
                                   "package.json"))
    if not found:
        return None
    with open(found[0]) as f:
        return json.load(f)["version"]


def turn(cli, agent, preset, sandbox):
    started = time.monotonic()
    extra = ["--sandbox", sandbox] if sandbox else []
    proc = subprocess.run([cli, "prompt", "--json", "--agent", preset, "--cwd", agent.workspace,
                           *extra, "Say hello"], env=agent.environment(), capture_output=True,
                          timeout=900)
    answer = ""
    for line in proc.stdout.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "text" and event.get("kind") == "agent":
            answer += event.get("delta", "")
    # The preset's own sandbox (writes confined) is what a new user gets: it must be on.
    expected = "Reads and writes only in" if sandbox == "strict" else "Writes only in"
    sandboxed = f"[sandbox] {expected}" in proc.stderr.decode(errors="replace")
    ok = proc.returncode == 0 and "Hello from the stand-in" in answer and sandboxed
    return ok, time.monotonic() - started, proc


def main():
    parser = argparse.ArgumentParser(description="the preset agent profiles, downloaded fresh")
    parser.add_argument("--cli", required=True)
    parser.add_argument("--only", action="append", choices=sorted(PRESETS))
    parser.add_argument("--sandbox", choices=["writes", "strict"],
                        help="a sandbox other than the preset's (strict: reads confined too)")
    args = parser.parse_args()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    work = tempfile.mkdtemp(prefix="switchboard-presets-")
    server = subprocess.Popen([sys.executable, os.path.join(run.HERE, "standin.py"),
                               "--log", os.path.join(work, "requests.jsonl")],
                              stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().split()[-1])
    failed = False
    try:
        for name in args.only or sorted(PRESETS):
            home = os.path.join(work, name, "home")
            workspace = os.path.join(work, name, "workspace")
            os.makedirs(home)
            os.makedirs(workspace)
            agent = run.Agent(name, work, home, workspace, port)
            first, first_took, proc = turn(args.cli, agent, PRESETS[name], args.sandbox)
            version = resolved_version(home, run.PACKAGES[name]) or "?"
            if not first:
                failed = True
                print(f"[{name} {version}, node {node}] preset \"{PRESETS[name]}\": fails, "
                      f"exit {proc.returncode}: {proc.stderr.decode()[-600:]}", flush=True)
                continue
            again, again_took, proc = turn(args.cli, agent, PRESETS[name], args.sandbox)
            failed = failed or not again
            print(f"[{name} {version}, node {node}] preset \"{PRESETS[name]}\": "
                  f"{'works' if again else 'fails on the second start'}, first start with the "
                  f"download {first_took:.1f} s, then {again_took:.1f} s", flush=True)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print("presets:", "FAILED" if failed else "passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
