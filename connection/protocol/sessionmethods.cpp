#include "sessionmethods.h"

#include "fields.h"

namespace Acp {

namespace {

constexpr Json::EnumTable<StopReason, 5> StopReasons{
    {{{StopReason::EndTurn, QLatin1String("end_turn")},
      {StopReason::MaxTokens, QLatin1String("max_tokens")},
      {StopReason::MaxTurnRequests, QLatin1String("max_turn_requests")},
      {StopReason::Refusal, QLatin1String("refusal")},
      {StopReason::Cancelled, QLatin1String("cancelled")}}},
    StopReason::Unknown};

} // namespace

QString toString(StopReason reason)
{
    return reason == StopReason::Unknown ? QStringLiteral("unknown") : StopReasons.name(reason);
}

constexpr auto envVariableFields = [](auto &f, auto &v) {
    f.required(u"name", v.name);
    f.required(u"value", v.value);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, EnvVariable &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, envVariableFields);
}

QJsonValue write(const EnvVariable &value)
{
    return Json::writeFields(value, envVariableFields);
}

constexpr auto httpHeaderFields = [](auto &f, auto &v) {
    f.required(u"name", v.name);
    f.required(u"value", v.value);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, HttpHeader &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, httpHeaderFields);
}

QJsonValue write(const HttpHeader &value)
{
    return Json::writeFields(value, httpHeaderFields);
}

namespace {

constexpr Json::EnumTable<McpServer::Transport, 3> McpTransports{
    {{{McpServer::Transport::Stdio, QLatin1String("stdio")},
      {McpServer::Transport::Http, QLatin1String("http")},
      {McpServer::Transport::Sse, QLatin1String("sse")}}},
    McpServer::Transport::Stdio};

} // namespace

QString toString(McpServer::Transport transport)
{
    return McpTransports.name(transport);
}

// A stdio server has no `type` on the wire; any other type that is not known is read as stdio
// too, and then fails for want of a command.
bool read(const QJsonValue &json, McpServer &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"name", out.name);
    r.meta(out.meta);
    out.transport = McpTransports.value(r.value(u"type").toString());
    if (out.transport == McpServer::Transport::Stdio) {
        r.required(u"command", out.command);
        r.required(u"args", out.args);
        r.required(u"env", out.env);
    } else {
        r.required(u"url", out.url);
        r.required(u"headers", out.headers);
    }
    return r.ok();
}

QJsonValue write(const McpServer &value)
{
    Json::ObjectWriter w;
    w.set(u"name", value.name);
    if (value.transport == McpServer::Transport::Stdio) {
        w.set(u"command", value.command).set(u"args", value.args).set(u"env", value.env);
    } else {
        w.set(u"type", McpTransports.name(value.transport))
            .set(u"url", value.url)
            .set(u"headers", value.headers);
    }
    return w.meta(value.meta);
}

constexpr auto authenticateRequestFields = [](auto &f, auto &v) {
    f.required(u"methodId", v.methodId);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, AuthenticateRequest &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, authenticateRequestFields);
}

QJsonValue write(const AuthenticateRequest &value)
{
    return Json::writeFields(value, authenticateRequestFields);
}

constexpr auto sessionSetupFields = [](auto &f, auto &v) {
    f.optional(u"sessionId", v.sessionId);
    f.required(u"cwd", v.cwd);
    f.optional(u"additionalDirectories", v.additionalDirectories);
    // Always sent, also for resume where the schema makes it optional (PROTOCOL.md 5.5).
    f.always(u"mcpServers", v.mcpServers);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SessionSetup &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, sessionSetupFields);
}

QJsonValue write(const SessionSetup &value)
{
    return Json::writeFields(value, sessionSetupFields);
}

constexpr auto sessionSetupResultFields = [](auto &f, auto &v) {
    f.optional(u"sessionId", v.sessionId);
    f.optional(u"modes", v.modes);
    f.optional(u"configOptions", v.configOptions);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SessionSetupResult &out, Json::Context &ctx)
{
    // session/load may answer null (PROTOCOL.md 5.4).
    if (json.isNull() || json.isUndefined())
        return true;
    return Json::readFields(json, out, ctx, sessionSetupResultFields);
}

QJsonValue write(const SessionSetupResult &value)
{
    return Json::writeFields(value, sessionSetupResultFields);
}

constexpr auto listSessionsRequestFields = [](auto &f, auto &v) {
    f.optional(u"cwd", v.cwd);
    f.optional(u"cursor", v.cursor);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, ListSessionsRequest &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, listSessionsRequestFields);
}

QJsonValue write(const ListSessionsRequest &value)
{
    return Json::writeFields(value, listSessionsRequestFields);
}

constexpr auto sessionInfoFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.required(u"cwd", v.cwd);
    f.optional(u"additionalDirectories", v.additionalDirectories);
    f.optional(u"title", v.title);
    f.optional(u"updatedAt", v.updatedAt);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SessionInfo &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, sessionInfoFields);
}

QJsonValue write(const SessionInfo &value)
{
    return Json::writeFields(value, sessionInfoFields);
}

constexpr auto listSessionsResponseFields = [](auto &f, auto &v) {
    f.required(u"sessions", v.sessions);
    f.optional(u"nextCursor", v.nextCursor);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, ListSessionsResponse &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, listSessionsResponseFields);
}

QJsonValue write(const ListSessionsResponse &value)
{
    return Json::writeFields(value, listSessionsResponseFields);
}

constexpr auto sessionIdParamsFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SessionIdParams &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, sessionIdParamsFields);
}

QJsonValue write(const SessionIdParams &value)
{
    return Json::writeFields(value, sessionIdParamsFields);
}

constexpr auto setSessionModeRequestFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.required(u"modeId", v.modeId);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SetSessionModeRequest &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, setSessionModeRequestFields);
}

QJsonValue write(const SetSessionModeRequest &value)
{
    return Json::writeFields(value, setSessionModeRequestFields);
}

bool read(const QJsonValue &json, SetSessionConfigOptionRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.required(u"configId", out.configId);
    if (r.value(u"type").toString() == QLatin1String("boolean")) {
        bool value = false;
        r.required(u"value", value);
        out.value = value;
    } else {
        QString value;
        r.required(u"value", value);
        out.value = value;
    }
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const SetSessionConfigOptionRequest &value)
{
    Json::ObjectWriter w;
    w.set(u"sessionId", value.sessionId).set(u"configId", value.configId);
    if (const bool *flag = std::get_if<bool>(&value.value))
        w.set(u"type", QStringLiteral("boolean")).set(u"value", *flag);
    else
        w.set(u"value", std::get<QString>(value.value));
    return w.meta(value.meta);
}

constexpr auto setSessionConfigOptionResponseFields = [](auto &f, auto &v) {
    f.required(u"configOptions", v.configOptions);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SetSessionConfigOptionResponse &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, setSessionConfigOptionResponseFields);
}

QJsonValue write(const SetSessionConfigOptionResponse &value)
{
    return Json::writeFields(value, setSessionConfigOptionResponseFields);
}

constexpr auto promptRequestFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.required(u"prompt", v.prompt);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, PromptRequest &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, promptRequestFields);
}

QJsonValue write(const PromptRequest &value)
{
    return Json::writeFields(value, promptRequestFields);
}

bool read(const QJsonValue &json, StopReason &out, Json::Context &ctx)
{
    return StopReasons.read(json, out, ctx);
}

QJsonValue write(StopReason value)
{
    return StopReasons.name(value);
}

constexpr auto promptResponseFields = [](auto &f, auto &v) {
    f.required(u"stopReason", v.stopReason);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, PromptResponse &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, promptResponseFields);
}

QJsonValue write(const PromptResponse &value)
{
    return Json::writeFields(value, promptResponseFields);
}

} // namespace Acp
