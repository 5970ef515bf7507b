#pragma once

#include "content.h"
#include "sessionupdate.h"

namespace Acp {

// Client -> agent session methods (PROTOCOL.md 5.1-5.13).

struct EnvVariable
{
    QString name;
    QString value;
    QJsonObject meta;
};

struct HttpHeader
{
    QString name;
    QString value;
    QJsonObject meta;
};

// An MCP server for the agent to use: stdio (every agent), http or sse (capability-gated).
struct McpServer
{
    enum class Transport { Stdio, Http, Sse };
    Transport transport = Transport::Stdio;
    QString name;
    QString command; // Stdio: absolute path
    QStringList args; // Stdio
    QList<EnvVariable> env; // Stdio
    QString url; // Http, Sse
    QList<HttpHeader> headers; // Http, Sse
    QJsonObject meta;
};

struct AuthenticateRequest
{
    QString methodId;
    QJsonObject meta;
};

// session/new, session/load and session/resume share their shape.
struct SessionSetup
{
    std::optional<QString> sessionId; // load and resume only
    QString cwd;
    QStringList additionalDirectories; // sent only when non-empty (capability-gated)
    QList<McpServer> mcpServers;
    QJsonObject meta;
};

// The results of new, load and resume.
struct SessionSetupResult
{
    std::optional<QString> sessionId; // new only
    std::optional<SessionModeState> modes;
    std::optional<QList<SessionConfigOption>> configOptions;
    QJsonObject meta;
};

struct ListSessionsRequest
{
    std::optional<QString> cwd;
    std::optional<QString> cursor;
    QJsonObject meta;
};

struct SessionInfo
{
    QString sessionId;
    QString cwd;
    QStringList additionalDirectories;
    std::optional<QString> title;
    std::optional<QString> updatedAt;
    QJsonObject meta;
};

struct ListSessionsResponse
{
    QList<SessionInfo> sessions;
    std::optional<QString> nextCursor;
    QJsonObject meta;
};

// session/close, session/delete, session/cancel: only the session id.
struct SessionIdParams
{
    QString sessionId;
    QJsonObject meta;
};

struct SetSessionModeRequest
{
    QString sessionId;
    QString modeId;
    QJsonObject meta;
};

struct SetSessionConfigOptionRequest
{
    QString sessionId;
    QString configId;
    std::variant<QString, bool> value; // a select value id, or a boolean
    QJsonObject meta;
};

struct SetSessionConfigOptionResponse
{
    QList<SessionConfigOption> configOptions;
    QJsonObject meta;
};

struct PromptRequest
{
    QString sessionId;
    QList<ContentBlock> prompt;
    QJsonObject meta;
};

enum class StopReason { EndTurn, MaxTokens, MaxTurnRequests, Refusal, Cancelled, Unknown };

struct PromptResponse
{
    StopReason stopReason = StopReason::EndTurn;
    QJsonObject meta;
};

QString toString(StopReason reason);

bool read(const QJsonValue &json, EnvVariable &out, Json::Context &ctx);
QJsonValue write(const EnvVariable &value);
bool read(const QJsonValue &json, HttpHeader &out, Json::Context &ctx);
QJsonValue write(const HttpHeader &value);
QString toString(McpServer::Transport transport); // "stdio", "http", "sse"
bool read(const QJsonValue &json, McpServer &out, Json::Context &ctx);
QJsonValue write(const McpServer &value);
bool read(const QJsonValue &json, AuthenticateRequest &out, Json::Context &ctx);
QJsonValue write(const AuthenticateRequest &value);
bool read(const QJsonValue &json, SessionSetup &out, Json::Context &ctx);
QJsonValue write(const SessionSetup &value);
bool read(const QJsonValue &json, SessionSetupResult &out, Json::Context &ctx);
QJsonValue write(const SessionSetupResult &value);
bool read(const QJsonValue &json, ListSessionsRequest &out, Json::Context &ctx);
QJsonValue write(const ListSessionsRequest &value);
bool read(const QJsonValue &json, SessionInfo &out, Json::Context &ctx);
QJsonValue write(const SessionInfo &value);
bool read(const QJsonValue &json, ListSessionsResponse &out, Json::Context &ctx);
QJsonValue write(const ListSessionsResponse &value);
bool read(const QJsonValue &json, SessionIdParams &out, Json::Context &ctx);
QJsonValue write(const SessionIdParams &value);
bool read(const QJsonValue &json, SetSessionModeRequest &out, Json::Context &ctx);
QJsonValue write(const SetSessionModeRequest &value);
bool read(const QJsonValue &json, SetSessionConfigOptionRequest &out, Json::Context &ctx);
QJsonValue write(const SetSessionConfigOptionRequest &value);
bool read(const QJsonValue &json, SetSessionConfigOptionResponse &out, Json::Context &ctx);
QJsonValue write(const SetSessionConfigOptionResponse &value);
bool read(const QJsonValue &json, PromptRequest &out, Json::Context &ctx);
QJsonValue write(const PromptRequest &value);
bool read(const QJsonValue &json, StopReason &out, Json::Context &ctx);
QJsonValue write(StopReason value);
bool read(const QJsonValue &json, PromptResponse &out, Json::Context &ctx);
QJsonValue write(const PromptResponse &value);

} // namespace Acp
