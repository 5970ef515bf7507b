#include "sessionmethods.h"

#include "enumtable.h"

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

bool read(const QJsonValue &json, EnvVariable &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"name", out.name);
    r.required(u"value", out.value);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const EnvVariable &value)
{
    return Json::ObjectWriter()
        .set(u"name", value.name)
        .set(u"value", value.value)
        .meta(value.meta);
}

bool read(const QJsonValue &json, HttpHeader &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"name", out.name);
    r.required(u"value", out.value);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const HttpHeader &value)
{
    return Json::ObjectWriter()
        .set(u"name", value.name)
        .set(u"value", value.value)
        .meta(value.meta);
}

bool read(const QJsonValue &json, McpServer &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"name", out.name);
    r.meta(out.meta);
    const QString type = r.value(u"type").toString();
    if (type == QLatin1String("http") || type == QLatin1String("sse")) {
        out.transport = type == QLatin1String("http") ? McpServer::Transport::Http
                                                      : McpServer::Transport::Sse;
        r.required(u"url", out.url);
        r.required(u"headers", out.headers);
    } else {
        out.transport = McpServer::Transport::Stdio;
        r.required(u"command", out.command);
        r.required(u"args", out.args);
        r.required(u"env", out.env);
    }
    return r.ok();
}

QJsonValue write(const McpServer &value)
{
    Json::ObjectWriter w;
    if (value.transport == McpServer::Transport::Stdio) {
        w.set(u"name", value.name)
            .set(u"command", value.command)
            .set(u"args", value.args)
            .set(u"env", value.env);
    } else {
        w.set(u"type",
              value.transport == McpServer::Transport::Http ? QStringLiteral("http")
                                                            : QStringLiteral("sse"))
            .set(u"name", value.name)
            .set(u"url", value.url)
            .set(u"headers", value.headers);
    }
    return w.meta(value.meta);
}

bool read(const QJsonValue &json, AuthenticateRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"methodId", out.methodId);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const AuthenticateRequest &value)
{
    return Json::ObjectWriter().set(u"methodId", value.methodId).meta(value.meta);
}

bool read(const QJsonValue &json, SessionSetup &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.optional(u"sessionId", out.sessionId);
    r.required(u"cwd", out.cwd);
    r.optional(u"additionalDirectories", out.additionalDirectories);
    r.optional(u"mcpServers", out.mcpServers);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const SessionSetup &value)
{
    Json::ObjectWriter w;
    w.set(u"sessionId", value.sessionId).set(u"cwd", value.cwd);
    if (!value.additionalDirectories.isEmpty())
        w.set(u"additionalDirectories", value.additionalDirectories);
    // Always sent, also for resume where the schema makes it optional (PROTOCOL.md 5.5).
    w.set(u"mcpServers", value.mcpServers);
    return w.meta(value.meta);
}

bool read(const QJsonValue &json, SessionSetupResult &out, Json::Context &ctx)
{
    // session/load may answer null (PROTOCOL.md 5.4).
    if (json.isNull() || json.isUndefined())
        return true;
    Json::ObjectReader r(json, ctx);
    r.optional(u"sessionId", out.sessionId);
    r.optional(u"modes", out.modes);
    r.optional(u"configOptions", out.configOptions);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const SessionSetupResult &value)
{
    return Json::ObjectWriter()
        .set(u"sessionId", value.sessionId)
        .set(u"modes", value.modes)
        .set(u"configOptions", value.configOptions)
        .meta(value.meta);
}

bool read(const QJsonValue &json, ListSessionsRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.optional(u"cwd", out.cwd);
    r.optional(u"cursor", out.cursor);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const ListSessionsRequest &value)
{
    return Json::ObjectWriter()
        .set(u"cwd", value.cwd)
        .set(u"cursor", value.cursor)
        .meta(value.meta);
}

bool read(const QJsonValue &json, SessionInfo &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.required(u"cwd", out.cwd);
    r.optional(u"additionalDirectories", out.additionalDirectories);
    r.optional(u"title", out.title);
    r.optional(u"updatedAt", out.updatedAt);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const SessionInfo &value)
{
    Json::ObjectWriter w;
    w.set(u"sessionId", value.sessionId).set(u"cwd", value.cwd);
    if (!value.additionalDirectories.isEmpty())
        w.set(u"additionalDirectories", value.additionalDirectories);
    return w.set(u"title", value.title).set(u"updatedAt", value.updatedAt).meta(value.meta);
}

bool read(const QJsonValue &json, ListSessionsResponse &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessions", out.sessions);
    r.optional(u"nextCursor", out.nextCursor);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const ListSessionsResponse &value)
{
    return Json::ObjectWriter()
        .set(u"sessions", value.sessions)
        .set(u"nextCursor", value.nextCursor)
        .meta(value.meta);
}

bool read(const QJsonValue &json, SessionIdParams &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const SessionIdParams &value)
{
    return Json::ObjectWriter().set(u"sessionId", value.sessionId).meta(value.meta);
}

bool read(const QJsonValue &json, SetSessionModeRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.required(u"modeId", out.modeId);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const SetSessionModeRequest &value)
{
    return Json::ObjectWriter()
        .set(u"sessionId", value.sessionId)
        .set(u"modeId", value.modeId)
        .meta(value.meta);
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

bool read(const QJsonValue &json, SetSessionConfigOptionResponse &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"configOptions", out.configOptions);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const SetSessionConfigOptionResponse &value)
{
    return Json::ObjectWriter().set(u"configOptions", value.configOptions).meta(value.meta);
}

bool read(const QJsonValue &json, PromptRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.required(u"prompt", out.prompt);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const PromptRequest &value)
{
    return Json::ObjectWriter()
        .set(u"sessionId", value.sessionId)
        .set(u"prompt", value.prompt)
        .meta(value.meta);
}

bool read(const QJsonValue &json, StopReason &out, Json::Context &ctx)
{
    return StopReasons.read(json, out, ctx);
}

QJsonValue write(StopReason value)
{
    return StopReasons.name(value);
}

bool read(const QJsonValue &json, PromptResponse &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"stopReason", out.stopReason);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const PromptResponse &value)
{
    return Json::ObjectWriter().set(u"stopReason", value.stopReason).meta(value.meta);
}

} // namespace Acp
