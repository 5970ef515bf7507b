#include "initialize.h"

#include "fields.h"

namespace Acp {

namespace {

// Object-valued capabilities mean "supported" when present and non-null (PROTOCOL.md 4).
bool present(const QJsonObject &object, QStringView key)
{
    const QJsonValue value = object.value(key);
    return !value.isUndefined() && !value.isNull();
}

bool flag(const QJsonObject &object, QStringView key)
{
    return object.value(key).toBool(false);
}

} // namespace

constexpr auto implementationFields = [](auto &f, auto &v) {
    f.required(u"name", v.name);
    f.optional(u"title", v.title);
    f.required(u"version", v.version);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, Implementation &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, implementationFields);
}

QJsonValue write(const Implementation &value)
{
    return Json::writeFields(value, implementationFields);
}

bool read(const QJsonValue &json, ClientCapabilities &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    if (!r.ok())
        return false;
    const QJsonObject o = r.object();
    const QJsonObject fs = o.value(u"fs").toObject();
    out.readTextFile = flag(fs, u"readTextFile");
    out.writeTextFile = flag(fs, u"writeTextFile");
    out.terminal = flag(o, u"terminal");
    out.terminalAuth = flag(o.value(u"auth").toObject(), u"terminal");
    out.booleanConfigOptions
        = present(o.value(u"session").toObject().value(u"configOptions").toObject(), u"boolean");
    const QJsonObject elicitation = o.value(u"elicitation").toObject();
    out.elicitationForm = present(elicitation, u"form");
    out.elicitationUrl = present(elicitation, u"url");
    r.meta(out.meta);
    return true;
}

QJsonValue write(const ClientCapabilities &value)
{
    QJsonObject auth;
    if (value.terminalAuth)
        auth.insert(QStringLiteral("terminal"), true);
    QJsonObject o{{QStringLiteral("fs"),
                   QJsonObject{{QStringLiteral("readTextFile"), value.readTextFile},
                               {QStringLiteral("writeTextFile"), value.writeTextFile}}},
                  {QStringLiteral("auth"), auth}};
    if (value.terminal)
        o.insert(QStringLiteral("terminal"), true);
    if (value.booleanConfigOptions) {
        o.insert(QStringLiteral("session"),
                 QJsonObject{{QStringLiteral("configOptions"),
                              QJsonObject{{QStringLiteral("boolean"), QJsonObject()}}}});
    }
    if (value.elicitationForm || value.elicitationUrl) {
        // An empty elicitation object advertises nothing, so only the modes we support appear.
        QJsonObject elicitation;
        if (value.elicitationForm)
            elicitation.insert(QStringLiteral("form"), QJsonObject());
        if (value.elicitationUrl)
            elicitation.insert(QStringLiteral("url"), QJsonObject());
        o.insert(QStringLiteral("elicitation"), elicitation);
    }
    if (!value.meta.isEmpty())
        o.insert(QStringLiteral("_meta"), value.meta);
    return o;
}

bool read(const QJsonValue &json, AgentCapabilities &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    if (!r.ok())
        return false;
    const QJsonObject o = r.object();
    out.raw = o;
    out.loadSession = flag(o, u"loadSession");
    const QJsonObject prompt = o.value(u"promptCapabilities").toObject();
    out.promptImage = flag(prompt, u"image");
    out.promptAudio = flag(prompt, u"audio");
    out.promptEmbeddedContext = flag(prompt, u"embeddedContext");
    const QJsonObject mcp = o.value(u"mcpCapabilities").toObject();
    out.mcpHttp = flag(mcp, u"http");
    out.mcpSse = flag(mcp, u"sse");
    const QJsonObject session = o.value(u"sessionCapabilities").toObject();
    out.sessionList = present(session, u"list");
    out.sessionDelete = present(session, u"delete");
    out.sessionResume = present(session, u"resume");
    out.sessionClose = present(session, u"close");
    out.additionalDirectories = present(session, u"additionalDirectories");
    out.logout = present(o.value(u"auth").toObject(), u"logout");
    return true;
}

QJsonValue write(const AgentCapabilities &value)
{
    if (!value.raw.isEmpty())
        return value.raw;
    QJsonObject session;
    const auto add = [&session](bool on, const char *key) {
        if (on)
            session.insert(QLatin1String(key), QJsonObject());
    };
    add(value.sessionList, "list");
    add(value.sessionDelete, "delete");
    add(value.sessionResume, "resume");
    add(value.sessionClose, "close");
    add(value.additionalDirectories, "additionalDirectories");
    QJsonObject auth;
    if (value.logout)
        auth.insert(QStringLiteral("logout"), QJsonObject());
    return QJsonObject{
        {QStringLiteral("loadSession"), value.loadSession},
        {QStringLiteral("promptCapabilities"),
         QJsonObject{{QStringLiteral("image"), value.promptImage},
                     {QStringLiteral("audio"), value.promptAudio},
                     {QStringLiteral("embeddedContext"), value.promptEmbeddedContext}}},
        {QStringLiteral("mcpCapabilities"),
         QJsonObject{{QStringLiteral("http"), value.mcpHttp},
                     {QStringLiteral("sse"), value.mcpSse}}},
        {QStringLiteral("sessionCapabilities"), session},
        {QStringLiteral("auth"), auth}};
}

bool read(const QJsonValue &json, AuthMethod &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"id", out.id);
    r.required(u"name", out.name);
    r.optional(u"description", out.description);
    r.meta(out.meta);
    const QJsonValue type = r.value(u"type");
    if (type.isUndefined() || type.isNull() || type.toString() == QLatin1String("agent")) {
        out.type = AuthMethod::Type::Agent;
    } else if (type.toString() == QLatin1String("terminal")) {
        out.type = AuthMethod::Type::Terminal;
        r.optional(u"args", out.args);
        const QJsonObject env = r.value(u"env").toObject();
        for (auto it = env.begin(); it != env.end(); ++it)
            out.env.insert(it.key(), it.value().toString());
    } else {
        out.type = AuthMethod::Type::Unknown; // not offered to the user (PROTOCOL.md 4)
    }
    return r.ok();
}

QJsonValue write(const AuthMethod &value)
{
    Json::ObjectWriter w;
    w.set(u"id", value.id).set(u"name", value.name).set(u"description", value.description);
    if (value.type == AuthMethod::Type::Terminal) {
        w.set(u"type", QStringLiteral("terminal"));
        if (!value.args.isEmpty())
            w.set(u"args", value.args);
        if (!value.env.isEmpty()) {
            QJsonObject env;
            for (auto it = value.env.begin(); it != value.env.end(); ++it)
                env.insert(it.key(), it.value());
            w.setRaw(u"env", env);
        }
    }
    return w.meta(value.meta);
}

constexpr auto initializeRequestFields = [](auto &f, auto &v) {
    f.required(u"protocolVersion", v.protocolVersion);
    f.always(u"clientCapabilities", v.clientCapabilities);
    f.optional(u"clientInfo", v.clientInfo);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, InitializeRequest &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, initializeRequestFields);
}

QJsonValue write(const InitializeRequest &value)
{
    return Json::writeFields(value, initializeRequestFields);
}

constexpr auto initializeResponseFields = [](auto &f, auto &v) {
    f.required(u"protocolVersion", v.protocolVersion);
    f.always(u"agentCapabilities", v.agentCapabilities);
    f.always(u"authMethods", v.authMethods);
    f.optional(u"agentInfo", v.agentInfo);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, InitializeResponse &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, initializeResponseFields);
}

QJsonValue write(const InitializeResponse &value)
{
    return Json::writeFields(value, initializeResponseFields);
}

} // namespace Acp
