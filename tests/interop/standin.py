#!/usr/bin/env python3
"""A stand-in for the model APIs of the agents the interop suite drives, on 127.0.0.1.

It speaks just enough of three APIs to play scripted turns, all streamed as the agents expect:
  * OpenAI Responses (codex-acp):        POST /v1/responses
  * Anthropic Messages (claude-agent-acp): POST /v1/messages
  * Gemini (gemini-cli):                 POST /v1beta/models/<model>:streamGenerateContent

The turn is chosen by the last user message:
  * "SHELL: <command>"  a shell tool call that runs <command>;
  * "WRITE: <path>"     a tool call that writes "hello" into <path>;
  * anything else       the text "Hello from the stand-in.".
Once a tool has answered, the model says "Done." Requests without tools (titles, side calls)
get short text. No real network and no real key are involved.

Usage: standin.py [--port N] [--log FILE]; prints "listening on PORT" once it accepts.
"""
import argparse
import json
import re
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HELLO = "Hello from the stand-in."
DONE = "Done."


def choose(text, after_tool):
    """What the model does next: ("text", words), ("shell", command) or ("write", path)."""
    if after_tool:
        return "text", DONE
    # The last request in the message: an agent may send earlier prompts with it (gemini-cli
    # runs a loaded session's cancelled prompts and the new one together).
    requests = list(re.finditer(r"(SHELL|WRITE):\s*(.+?)(?=SHELL:|WRITE:|\n|$)", text or ""))
    if requests:
        return requests[-1].group(1).lower(), requests[-1].group(2).strip()
    return "text", HELLO


def new_id(prefix):
    return prefix + uuid.uuid4().hex[:12]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log_file = None

    def log_message(self, *args):  # the request log is ours (--log), not stderr noise
        pass

    def record(self, body):
        if Handler.log_file:
            with open(Handler.log_file, "a") as f:
                f.write(json.dumps({"path": self.path, "body": body}) + "\n")

    def reply_json(self, obj, code=200):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def start_stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def event(self, data, name=None, end="\n\n"):
        text = (f"event: {name}\n" if name else "") + "data: " + json.dumps(data) + end
        self.wfile.write(text.encode())
        self.wfile.flush()

    def do_GET(self):
        self.record(None)
        if self.path.split("?")[0].endswith("/models"):
            return self.reply_json({"data": [], "models": []})
        return self.reply_json({}, 404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {}
        self.record(body)
        path = self.path.split("?")[0]
        if path.endswith("/responses"):
            return self.openai(body)
        if path.endswith("/messages/count_tokens"):
            return self.reply_json({"input_tokens": 100})
        if path.endswith("/messages"):
            return self.anthropic(body)
        if ":countTokens" in path:
            return self.reply_json({"totalTokens": 100})
        if ":streamGenerateContent" in path or ":generateContent" in path:
            return self.gemini(body, ":streamGenerateContent" in path)
        return self.reply_json({}, 404)

    # OpenAI Responses, as codex streams it.
    def openai(self, body):
        items = body.get("input") or []
        last = items[-1] if items else {}
        after_tool = last.get("type") in ("function_call_output", "custom_tool_call_output")
        text = "".join(c.get("text", "") for c in last.get("content") or []
                       if isinstance(c, dict)) if last.get("type") == "message" else ""
        kind, arg = choose(text, after_tool)
        tools = {t.get("name"): t for t in body.get("tools") or []}
        if not tools:
            kind, arg = "text", '{"title": "Stand-in session"}'
        response = new_id("resp_")
        self.start_stream()
        self.event({"type": "response.created", "response": {"id": response}})
        if kind == "text":
            message = new_id("msg_")
            item = {"type": "message", "role": "assistant", "id": message,
                    "content": [{"type": "output_text", "text": arg}]}
            self.event({"type": "response.output_item.added", "output_index": 0,
                        "item": {**item, "content": []}})
            self.event({"type": "response.output_text.delta", "item_id": message,
                        "output_index": 0, "content_index": 0, "delta": arg})
        else:
            call = new_id("call_")
            if kind == "shell":
                if "exec_command" in tools:
                    # Unsandboxed, as a model asks for a command that must really run: codex
                    # then asks the user (its read-only sandbox would run it without asking).
                    name, args = "exec_command", {
                        "cmd": arg, "sandbox_permissions": "require_escalated",
                        "justification": "The interop suite runs this command.",
                        "prefix_rule": arg.split()[:1]}
                else:
                    name, args = "shell", {"command": ["bash", "-lc", arg]}
                item = {"type": "function_call", "id": "fc_" + call, "call_id": call,
                        "name": name, "arguments": json.dumps(args)}
            else:
                patch = f"*** Begin Patch\n*** Add File: {arg}\n+hello\n*** End Patch\n"
                item = {"type": "custom_tool_call", "id": "ct_" + call, "call_id": call,
                        "name": "apply_patch", "input": patch}
            self.event({"type": "response.output_item.added", "output_index": 0, "item": item})
        self.event({"type": "response.output_item.done", "output_index": 0, "item": item})
        self.event({"type": "response.completed", "response": {"id": response, "usage": {
            "input_tokens": 10, "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": 5, "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 15}}})

    # Anthropic Messages, as claude-agent-acp's Claude Code streams it.
    def anthropic(self, body):
        messages = [m for m in body.get("messages") or [] if m.get("role") in ("user", "assistant")]
        last = messages[-1] if messages else {}
        after_tool, text = False, ""
        if last.get("role") == "user":
            content = last.get("content")
            if isinstance(content, str):
                text = content
            for block in content if isinstance(content, list) else []:
                if block.get("type") == "tool_result":
                    after_tool = True
                if block.get("type") == "text" and not block.get("text", "").startswith("<system"):
                    text += block.get("text", "") + "\n"
        # After a cancelled turn, Claude Code sends the refused call's result and the next
        # prompt in one message: a prompt there starts a new turn.
        kind, arg = choose(text, after_tool and not text.strip())
        if not body.get("tools"):
            kind, arg = "text", "Stand-in session"
        if kind == "text":
            blocks, stop = [{"type": "text", "text": arg}], "end_turn"
        elif kind == "shell":
            blocks = [{"type": "tool_use", "id": new_id("toolu_"), "name": "Bash",
                       "input": {"command": arg, "description": "Run a command"}}]
            stop = "tool_use"
        else:
            blocks = [{"type": "tool_use", "id": new_id("toolu_"), "name": "Write",
                       "input": {"file_path": arg, "content": "hello\n"}}]
            stop = "tool_use"
        model = body.get("model", "claude-stand-in")
        usage = {"input_tokens": 10, "output_tokens": 5, "cache_creation_input_tokens": 0,
                 "cache_read_input_tokens": 0}
        message = new_id("msg_")
        if not body.get("stream"):
            return self.reply_json({"id": message, "type": "message", "role": "assistant",
                                    "model": model, "content": blocks, "stop_reason": stop,
                                    "stop_sequence": None, "usage": usage})
        self.start_stream()
        self.event({"type": "message_start", "message": {
            "id": message, "type": "message", "role": "assistant", "model": model,
            "content": [], "stop_reason": None, "stop_sequence": None, "usage": usage}},
            "message_start")
        for index, block in enumerate(blocks):
            if block["type"] == "text":
                self.event({"type": "content_block_start", "index": index,
                            "content_block": {"type": "text", "text": ""}}, "content_block_start")
                delta = {"type": "text_delta", "text": block["text"]}
            else:
                self.event({"type": "content_block_start", "index": index,
                            "content_block": {**block, "input": {}}}, "content_block_start")
                delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
            self.event({"type": "content_block_delta", "index": index, "delta": delta},
                       "content_block_delta")
            self.event({"type": "content_block_stop", "index": index}, "content_block_stop")
        self.event({"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                    "usage": {"output_tokens": 5}}, "message_delta")
        self.event({"type": "message_stop"}, "message_stop")

    # Gemini, as gemini-cli streams it (server-sent events ending in CRLF CRLF).
    def gemini(self, body, stream):
        contents = body.get("contents") or []
        last = contents[-1] if contents else {}
        parts = last.get("parts") or []
        after_tool = any("functionResponse" in p for p in parts)
        text = "".join(p.get("text", "") for p in parts)
        kind, arg = choose(text, after_tool)
        if not body.get("tools"):
            kind, arg = "text", "Stand-in session"
        if kind == "text":
            answer = [{"text": arg}]
        elif kind == "shell":
            answer = [{"functionCall": {"name": "run_shell_command", "args": {"command": arg}}}]
        else:
            answer = [{"functionCall": {"name": "write_file",
                                        "args": {"file_path": arg, "content": "hello\n"}}}]
        chunk = {"candidates": [{"content": {"role": "model", "parts": answer},
                                 "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5,
                                   "totalTokenCount": 15},
                 "modelVersion": "gemini-stand-in"}
        if not stream:
            return self.reply_json(chunk)
        self.start_stream()
        self.event(chunk, end="\r\n\r\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0: a free one")
    parser.add_argument("--log", help="append each request as a JSON line here")
    args = parser.parse_args()
    Handler.log_file = args.log
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
