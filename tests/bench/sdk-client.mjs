// The reference client for the replay benchmark: the ACP TypeScript SDK
// (@agentclientprotocol/sdk, installed by tests/bench/bench.py into the build directory) loading
// a session from the flood agent, doing in its session/update handler the work our
// TranscriptModel does: chunks merged into the entry they continue, tool calls created and
// updated by id, the plan replaced. Prints one `key=value` line, as our benchmarks do.
//
//   node sdk-client.mjs FLOOD-AGENT N

import { spawn } from "node:child_process";
import { Readable, Writable } from "node:stream";
import { client, methods, ndJsonStream } from "@agentclientprotocol/sdk";

const [agentPath, count] = process.argv.slice(2);
const agent = spawn(agentPath, [count], { stdio: ["pipe", "pipe", "inherit"] });

const entries = [];
const toolCalls = new Map();
let plan = [];
let updates = 0;

function apply(update) {
  ++updates;
  switch (update.sessionUpdate) {
    case "user_message_chunk":
    case "agent_message_chunk":
    case "agent_thought_chunk": {
      const last = entries[entries.length - 1];
      const text = update.content.type === "text" ? update.content.text : "";
      if (last && last.kind === update.sessionUpdate && last.messageId === update.messageId)
        last.text += text;
      else entries.push({ kind: update.sessionUpdate, messageId: update.messageId, text });
      break;
    }
    case "tool_call": {
      const call = { kind: "tool_call", ...update };
      toolCalls.set(update.toolCallId, call);
      entries.push(call);
      break;
    }
    case "tool_call_update": {
      let call = toolCalls.get(update.toolCallId);
      if (!call) {
        call = { kind: "tool_call", toolCallId: update.toolCallId };
        toolCalls.set(update.toolCallId, call);
        entries.push(call);
      }
      for (const [key, value] of Object.entries(update))
        if (value !== undefined && value !== null && key !== "sessionUpdate") call[key] = value;
      break;
    }
    case "plan":
      plan = update.entries;
      break;
  }
}

const app = client({ name: "switchboard-bench" }).onNotification(
  methods.client.session.update,
  ({ params }) => apply(params.update),
);

const stream = ndJsonStream(Writable.toWeb(agent.stdin), Readable.toWeb(agent.stdout));
await app.connectWith(stream, async (agentContext) => {
  await agentContext.request(methods.agent.initialize, {
    protocolVersion: 1,
    clientCapabilities: {},
  });
  const start = process.hrtime.bigint();
  await agentContext.request(methods.agent.session.load, {
    sessionId: "flood-1",
    cwd: process.cwd(),
    mcpServers: [],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    `load_ms=${ms.toFixed(1)} updates=${updates} peak_mib=${peakMiB.toFixed(1)} ` +
      `entries=${entries.length} plan=${plan.length}`,
  );
});
agent.stdin.end();
agent.kill();
