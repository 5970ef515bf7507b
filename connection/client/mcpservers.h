#pragma once

#include "initialize.h"
#include "sessionmethods.h"

namespace Acp {

// An MCP server that was not passed to the agent, and why (in the user's words).
struct SkippedMcpServer
{
    McpServer server;
    QString reason;
};

// What one session/new, session/load or session/resume gets from the configured servers.
struct McpSelection
{
    QList<McpServer> passed;
    QList<SkippedMcpServer> skipped;
};

// The MCP servers the user configured (Settings > MCP servers, globally and per profile), and
// the rules for handing them to an agent.
namespace McpServers {

// The servers of `global` with those of `own` laid over them: a profile's server replaces a
// global one of the same name.
QList<McpServer> merged(const QList<McpServer> &global, const QList<McpServer> &own);

// What is wrong with a server as configured (empty name, no command, a URL that is not
// http(s)), or an empty string.
QString problem(const McpServer &server);

// The servers this agent can take: http and sse only where its mcpCapabilities say so; a
// stdio command that is not an absolute path is looked up on PATH (the protocol wants one).
// Everything else is skipped with a reason, so the user can be told.
McpSelection select(const QList<McpServer> &servers, const AgentCapabilities &capabilities);

// The settings form: the protocol's own JSON, compact. Unreadable entries are left out.
QString toJson(const QList<McpServer> &servers);
QList<McpServer> fromJson(const QString &json);

} // namespace McpServers
} // namespace Acp
