#!/usr/bin/env python3
"""The interop suite: the real ACP agents, as they ship on npm, driven by switchboard-cli
against our stand-in model server (standin.py), offline.

  run.py --cli BUILD/app/switchboard-cli --agents BUILD/interop [--only codex] [--readme FILE]

--agents is the folder where `packaging/dev.sh interop` installed tests/interop/package.json
(node_modules/...). Every agent runs with a home folder of its own, pointed at the stand-in
through the settings its own code reads (no real key, no real network).

Each scenario's outcome is one of: works, fails (a defect of ours: the suite fails), or
agent (the agent's own bug, listed in README.md with a workaround if there is one). A missing
agent installation fails the suite: it never passes without having run.
"""
import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGES = {
    "claude": "@agentclientprotocol/claude-agent-acp",
    "codex": "@agentclientprotocol/codex-acp",
    "gemini": "@google/gemini-cli",
}
# The app's preset for each agent: its sandbox (the agent's own folders) is the one every run
# here uses, so that the presets' sandboxes are tried against the real agents.
PRESETS = {"claude": "Claude Agent", "codex": "Codex", "gemini": "Gemini CLI"}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class Agent:
    """How one agent is started and pointed at the stand-in on `port`."""

    def __init__(self, name, agents_dir, home, workspace, port, sandbox="off"):
        self.name = name
        self.sandbox = sandbox
        self.sandbox_folders = []
        self.package_dir = os.path.join(agents_dir, "node_modules", PACKAGES[name])
        self.home = home
        self.workspace = workspace
        self.port = port

    def version(self):
        with open(os.path.join(self.package_dir, "package.json")) as f:
            return json.load(f)["version"]

    def command(self):
        script = {"claude": "dist/index.js", "codex": "dist/index.js",
                  "gemini": "bundle/gemini.js"}[self.name]
        line = f'node "{os.path.join(self.package_dir, script)}"'
        return line + (" --acp" if self.name == "gemini" else "")

    def environment(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("ANTHROPIC_", "OPENAI_", "GEMINI_", "GOOGLE_", "CODEX_"))}
        env.update({"HOME": self.home, "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
                    "XDG_DATA_HOME": os.path.join(self.home, ".local/share"),
                    "NO_BROWSER": "1", "QT_QPA_PLATFORM": "offscreen"})
        base = f"http://127.0.0.1:{self.port}"
        if self.name == "codex":
            codex_home = os.path.join(self.home, ".codex")
            write(os.path.join(codex_home, "config.toml"), f'''model = "gpt-5.5"
model_provider = "standin"
check_for_update_on_startup = false
[analytics]
enabled = false
[model_providers.standin]
name = "Stand-in"
base_url = "{base}/v1"
wire_api = "responses"
env_key = "STANDIN_API_KEY"
request_max_retries = 0
stream_max_retries = 0
supports_websockets = false
[projects."{self.workspace}"]
trust_level = "trusted"
''')
            env.update({"CODEX_HOME": codex_home, "STANDIN_API_KEY": "not-a-key",
                        "INITIAL_AGENT_MODE": "read-only"})
        elif self.name == "claude":
            config = os.path.join(self.home, ".claude")
            # "default" asks before tools; the default "auto" mode asks the model instead.
            write(os.path.join(config, "settings.json"),
                  json.dumps({"permissions": {"defaultMode": "default"}}))
            env.update({"CLAUDE_CONFIG_DIR": config, "ANTHROPIC_BASE_URL": base,
                        "ANTHROPIC_API_KEY": "not-a-key",
                        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
                        "DISABLE_AUTOUPDATER": "1", "DISABLE_TELEMETRY": "1",
                        "DISABLE_ERROR_REPORTING": "1", "IS_SANDBOX": "1"})
        elif self.name == "gemini":
            write(os.path.join(self.home, ".gemini", "settings.json"), json.dumps({
                "general": {"enableAutoUpdate": False, "enableAutoUpdateNotification": False},
                "privacy": {"usageStatisticsEnabled": False}, "telemetry": {"enabled": False},
                "ide": {"enabled": False}, "model": {"name": "gemini-2.5-flash"}}))
            env.update({"GEMINI_CLI_HOME": self.home, "GOOGLE_GEMINI_BASE_URL": base,
                        "GEMINI_API_KEY": "not-a-key", "GEMINI_CLI_TRUST_WORKSPACE": "true",
                        "GEMINI_CLI_NO_RELAUNCH": "true"})
        return env


    def sandbox_args(self):
        """The CLI's options that run the agent in its preset's sandbox."""
        if self.sandbox == "off":
            return []
        args = ["--sandbox", self.sandbox]
        for folder in self.sandbox_folders:
            args += ["--sandbox-folder", folder]
        return args

    def find_sandbox_folders(self, cli):
        """The preset's folders, as `switchboard-cli profiles --json` lists them."""
        out = subprocess.run([cli, "profiles", "--json"], env=self.environment(),
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            profile = json.loads(line)
            if profile["name"] == PRESETS[self.name]:
                self.sandbox_folders = [f.replace("~", self.home, 1) if f.startswith("~/") else f
                                        for f in profile["sandbox"]["agentFolders"]]
                return profile["sandbox"]["mode"]
        raise RuntimeError(f"no preset named {PRESETS[self.name]}: {out}")


def run_cli(cli, agent, args, timeout=180):
    started = time.monotonic()
    proc = subprocess.run([cli] + args + agent.sandbox_args()
                          + ["--exec", agent.command(), "--cwd", agent.workspace],
                          env=agent.environment(), capture_output=True, timeout=timeout)
    events = []
    for line in proc.stdout.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            pass
    return proc, events, time.monotonic() - started


def leftovers(agent):
    """Processes still running from the agent's installation (the tree must be gone)."""
    out = subprocess.run(["pgrep", "-f", agent.package_dir], capture_output=True, text=True)
    return [p for p in out.stdout.split() if p]


def running(text):
    out = subprocess.run(["pgrep", "-f", text], capture_output=True, text=True)
    return [p for p in out.stdout.split() if p]


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.1)
    return predicate()


def tree_gone(agent, scenario):
    """(scenario, outcome, detail): whether every process of the agent is gone within 10 s."""
    wait_for(lambda: not leftovers(agent), 10)
    left = leftovers(agent)
    return (scenario, "fails" if left else "works",
            f"still running: {' '.join(left)}" if left else "")


def interrupted(cli, agent, sig, want):
    """A long command, `sig` sent to switchboard-cli while it runs: (outcome, detail)."""
    command = f"timeout 45.{os.getpid()}{int(sig)} tail -f /dev/null"
    proc = subprocess.Popen([cli, "prompt", "--json", "--permission", "allow", "SHELL: " + command]
                            + agent.sandbox_args()
                            + ["--exec", agent.command(), "--cwd", agent.workspace],
                            env=agent.environment(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        if not wait_for(lambda: running(command), 60):
            proc.kill()
            return "fails", "the command did not start: " + proc.communicate()[1].decode()[-300:]
        proc.send_signal(sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            return "fails", "switchboard-cli did not exit within 30 s"
        if proc.returncode != want:
            return "fails", f"exit {proc.returncode}, not {want}: {proc.stderr.read().decode()[-300:]}"
        if not wait_for(lambda: not running(command) and not leftovers(agent), 15):
            return "fails", "still running: " + " ".join(running(command) + leftovers(agent))
        return "works", ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def sandboxed_shell(cli, agent):
    """(scenario, outcome, detail): the agent's own tool writes outside and inside."""
    outside = os.path.join(os.path.dirname(agent.workspace), "outside")
    os.makedirs(outside, exist_ok=True)
    target = os.path.join(outside, f"escaped-{os.getpid()}")
    inside = os.path.join(agent.workspace, f"inside-{os.getpid()}")
    proc, events, took = run_cli(cli, agent, ["prompt", "--json", "--permission", "allow",
                                              f"SHELL: printf x > {target}; printf y > {inside}"])
    if os.path.exists(target):
        return ("sandbox: the agent's own shell writes outside", "fails",
                f"{target} was written")
    if not os.path.exists(inside):
        return ("sandbox: the agent's own shell writes outside", "fails",
                "the write inside the workspace did not happen either: "
                + proc.stderr.decode()[-300:])
    note = next((line for line in proc.stderr.decode().splitlines()
                 if line.startswith("[sandbox] ")), "")
    return ("sandbox: the agent's own shell writes outside", "works",
            f"held; inside written; {note[len('[sandbox] '):]}")


def scenarios(cli, agent):
    """Yields (scenario, outcome, detail)."""
    # A full text turn.
    proc, events, took = run_cli(cli, agent, ["prompt", "--json", "Say hello"])
    answer = "".join(e.get("delta", "") for e in events
                     if e.get("event") == "text" and e.get("kind") == "agent")
    session = next((e.get("sessionId") for e in events if e.get("event") == "session"), None)
    ok = proc.returncode == 0 and "Hello from the stand-in" in answer
    yield ("streamed text", "works" if ok else "fails",
           f"{took:.1f} s" if ok else f"exit {proc.returncode}: {proc.stderr.decode()[-400:]}")

    # A shell command, with its output shown to us (terminal, _meta or tool content).
    # The output differs from the command line, so a call that only repeats its command does
    # not count. (printf, not $((...)): gemini-cli refuses command substitution.)
    marker = f"interop-42-{os.getpid()}"
    proc, events, took = run_cli(cli, agent, ["prompt", "--json", "--permission", "allow",
                                              f"SHELL: printf 'interop-%s-{os.getpid()}\\n' 42"])
    shown = any(marker in e.get("delta", "") for e in events if e.get("event") == "command_output")
    in_content = any(marker in json.dumps(e.get("data", {})) for e in events
                     if e.get("event") == "entry" and e["data"].get("kind") == "tool_call")
    if proc.returncode != 0:
        yield ("shell command output", "fails",
               f"exit {proc.returncode}: {proc.stderr.decode()[-400:]}")
    elif shown:
        yield ("shell command output", "works", "as a command (command_output)")
    elif in_content:
        yield ("shell command output", "works", "in the tool call's content")
    else:
        yield ("shell command output", "agent" if agent.name == "gemini" else "fails",
               "the agent reports no output (content: [])" if agent.name == "gemini"
               else "no output reached us")

    # The sandbox: the agent's own shell tool writes outside the workspace, and must fail;
    # then inside, which must work. Compared with a run without the sandbox, which escapes.
    if agent.sandbox != "off":
        yield sandboxed_shell(cli, agent)

    # A second process loads the first session.
    if session and agent.name == "gemini":
        # gemini-cli names a session's file by the minute it starts recording, and starts
        # recording again when it loads one: in the same minute the new file replaces the saved
        # session, which is then lost ("Invalid session identifier"). Its own bug: wait it out.
        time.sleep(61 - datetime.datetime.now().second)
    if session:
        proc, events, took = run_cli(cli, agent, ["load", "--json", "--session", session])
        texts = " ".join(e.get("text", "") for e in events)
        ok = proc.returncode == 0 and "Say hello" in texts and "Hello from the stand-in" in texts
        outcome = "works" if ok else "fails"
        note = next((line for line in proc.stderr.decode().splitlines()
                     if line.startswith("[load] the agent replayed only")), None)
        if ok and note:
            outcome = "workaround"  # the saved copy, as the note says
        detail = (note[len("[load] "):] if ok and note else f"{took:.1f} s" if ok
                  else f"exit {proc.returncode}: {proc.stderr.decode()[-400:]}" if proc.returncode
                  else "the replay lacks the turn: " + texts[-120:])
        yield ("load in a second process", outcome, detail)

    # Ctrl+C while a command runs: the turn is cancelled (exit 4), and the command, the agent
    # and its children go. Then the CLI SIGKILLed while a command runs: the tree still goes.
    for scenario, sig, want in (("Ctrl+C during a command", signal.SIGINT, 4),
                                ("CLI killed during a command", signal.SIGKILL, -9)):
        yield (scenario,) + interrupted(cli, agent, sig, want)

    # Nothing outlives switchboard-cli.
    yield tree_gone(agent, "process tree gone after exit")


WINDOW_SCENARIOS = {
    "streamedText": "window: streamed text",
    "shellCommandOutputShown": "window: shell command output",
    "editWithDiffAfterPermission": "window: edit with a diff, after a permission",
    "cancelDuringPermission": "window: cancel during a permission",
    "cancelDuringCommand": "window: cancel during a command",
    "reopenedTranscriptEqual": "window: reopened transcript equal to the live one",
    "agentKilledMidTurnKeepsTranscript": "window: agent killed mid-turn, transcript kept",
    "rememberedDecisionScope": "window: an \"always\" answer, its scope",
}

# The agents' own bugs, as the window scenarios meet them: (agent, scenario) -> (a text the
# failure says, what the README calls it).
WINDOW_AGENT_BUGS = {
    ("gemini", "shellCommandOutputShown"): ("no output reached the window",
                                            "the agent reports no output (content: [])"),
    ("gemini", "editWithDiffAfterPermission"): ("the file was not written",
                                                "gemini-cli cannot create a file through "
                                                "fs/write_text_file"),
    ("gemini", "reopenedTranscriptEqual"): ("differs",
                                            "gemini-cli's replay runs its prompts together, "
                                            "replays tool results as the user's messages and "
                                            "titles every call generically"),
    ("codex", "cancelDuringCommand"): ("the agent did nothing after its permission was answered",
                                       "codex-acp at times does not run a command it was "
                                       "allowed to run, right after a cancelled approval"),
}


def window_scenarios(window, agent, log_dir=None):
    """The window scenarios (tst_window.cpp), one QtTest run; yields (scenario, outcome,
    detail)."""
    env = agent.environment()
    env.update({"SWITCHBOARD_INTEROP_AGENT": agent.name,
                "SWITCHBOARD_INTEROP_SANDBOX": agent.sandbox,
                "SWITCHBOARD_INTEROP_SANDBOX_FOLDERS": ":".join(agent.sandbox_folders),
                "SWITCHBOARD_INTEROP_COMMAND": agent.command(),
                "SWITCHBOARD_INTEROP_CWD": agent.workspace,
                "SWITCHBOARD_INTEROP_MATCH": agent.package_dir})
    if agent.name == "gemini":
        env["SWITCHBOARD_INTEROP_RELOAD_AFTER_MINUTE"] = "1"  # as in scenarios()
    try:
        proc = subprocess.run([window, "-o", "-,txt"], env=env, capture_output=True, text=True,
                              timeout=600)
        out = proc.stdout
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
    if log_dir:
        write(os.path.join(log_dir, f"{agent.name}-window.txt"), out)
    results, workarounds = {}, {}
    lines = out.splitlines()
    for i, line in enumerate(lines):
        for function in WINDOW_SCENARIOS:
            tag = f"TestInteropWindow::{function}()"
            if tag not in line:
                continue
            if line.startswith("QWARN") and "workaround:" in line:
                workarounds[function] = line.split("workaround:", 1)[1].strip()
            elif line.startswith("PASS"):
                results[function] = (("workaround", workarounds[function])
                                     if function in workarounds else ("works", ""))
            elif line.startswith("FAIL!"):
                detail = line.split(tag, 1)[1].strip()
                # qWarning() lines before the failure say how the transcripts differ.
                results[function] = ("fails", detail)
    for function, feature in WINDOW_SCENARIOS.items():
        outcome, detail = results.get(function, ("fails", "did not run: " + out[-300:]))
        bug = WINDOW_AGENT_BUGS.get((agent.name, function))
        if outcome == "fails" and bug and bug[0] in detail:
            outcome, detail = "agent", bug[1]
        yield feature, outcome, detail
    if any(r[0] == "fails" for r in results.values()) or len(results) < len(WINDOW_SCENARIOS):
        print(out[-6000:], file=sys.stderr)
        if log_dir:
            print("the whole run:", os.path.join(log_dir, f"{agent.name}-window.txt"),
                  file=sys.stderr)
    # Nothing of the agent outlives the window.
    yield tree_gone(agent, "window: process tree gone after quitting")


def main():
    parser = argparse.ArgumentParser(description="ACP agents as they ship, offline")
    parser.add_argument("--cli", required=True)
    parser.add_argument("--agents", required=True)
    parser.add_argument("--window", help="the interop_window test (tst_window.cpp) to run too")
    parser.add_argument("--logs", help="keep each window run's whole output in this folder")
    parser.add_argument("--only", action="append", choices=sorted(PACKAGES))
    parser.add_argument("--window-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--readme", help="write the agent x feature table into this file")
    parser.add_argument("--sandbox", default="preset", choices=["preset", "off"],
                        help="run every agent in its preset's sandbox (default) or without")
    args = parser.parse_args()
    names = args.only or sorted(PACKAGES)
    work = tempfile.mkdtemp(prefix="switchboard-interop-")
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "standin.py"),
                               "--log", os.path.join(work, "requests.jsonl")],
                              stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().split()[-1])
    results, failed = [], False
    try:
        for name in names:
            home = os.path.join(work, name, "home")
            workspace = os.path.join(work, name, "workspace")
            os.makedirs(home)
            os.makedirs(workspace)
            agent = Agent(name, os.path.abspath(args.agents), home, workspace, port)
            if not os.path.isdir(agent.package_dir):
                print(f"[{name}] NOT INSTALLED: {agent.package_dir} (run packaging/dev.sh interop)")
                failed = True
                continue
            if args.sandbox == "preset":
                agent.sandbox = agent.find_sandbox_folders(args.cli)
            version = agent.version()
            runs = list(scenarios(args.cli, agent)) if not args.window_only else []
            if args.window:
                runs += window_scenarios(args.window, agent, args.logs)
            for scenario, outcome, detail in runs:
                print(f"[{name} {version}] {scenario}: {outcome} {detail}".rstrip(), flush=True)
                results.append((name, version, scenario, outcome, detail))
                failed = failed or outcome == "fails"
    finally:
        server.terminate()
        server.wait()
        if os.environ.get("INTEROP_KEEP"):
            print("kept:", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.readme:
        write_table(args.readme, results)
    print("interop:", "FAILED" if failed else "passed")
    return 1 if failed else 0


def write_table(path, results):
    begin, end = "<!-- interop table: begin -->", "<!-- interop table: end -->"
    agents = sorted({(r[0], r[1]) for r in results})
    features = list(dict.fromkeys(r[2] for r in results))
    def shown(detail):
        detail = " ".join(detail.split()).replace("|", "\\|")
        return detail if len(detail) <= 140 else detail[:137] + "..."

    cell = {(r[0], r[2]): r[3] + (f" ({shown(r[4])})" if r[3] != "works" and r[4] else "")
            for r in results}
    lines = [begin, f"Run on {datetime.date.today().isoformat()} by tests/interop/run.py.", "",
             "| feature | " + " | ".join(f"{a} {v}" for a, v in agents) + " |",
             "|---|" + "---|" * len(agents)]
    for feature in features:
        lines.append(f"| {feature} | " + " | ".join(cell.get((a, feature), "not run")
                                                   for a, _ in agents) + " |")
    lines.append(end)
    text = open(path).read() if os.path.exists(path) else ""
    if begin in text and end in text:
        text = text[:text.index(begin)] + "\n".join(lines) + text[text.index(end) + len(end):]
    else:
        text += "\n" + "\n".join(lines) + "\n"
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    sys.exit(main())
