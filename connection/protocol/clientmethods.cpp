#include "clientmethods.h"

#include "enumtable.h"

namespace Acp {

namespace {

constexpr Json::EnumTable<PermissionOption::Kind, 4> OptionKinds{
    {{{PermissionOption::Kind::AllowOnce, QLatin1String("allow_once")},
      {PermissionOption::Kind::AllowAlways, QLatin1String("allow_always")},
      {PermissionOption::Kind::RejectOnce, QLatin1String("reject_once")},
      {PermissionOption::Kind::RejectAlways, QLatin1String("reject_always")}}},
    PermissionOption::Kind::RejectOnce};

constexpr Json::EnumTable<CreateElicitationResponse::Action, 3> Actions{
    {{{CreateElicitationResponse::Action::Accept, QLatin1String("accept")},
      {CreateElicitationResponse::Action::Decline, QLatin1String("decline")},
      {CreateElicitationResponse::Action::Cancel, QLatin1String("cancel")}}},
    CreateElicitationResponse::Action::Cancel};

template<typename T>
QJsonValue writeIds(const T &value)
{
    return Json::ObjectWriter()
        .set(u"sessionId", value.sessionId)
        .set(u"terminalId", value.terminalId)
        .meta(value.meta);
}

} // namespace

QString toString(PermissionOption::Kind kind)
{
    return OptionKinds.name(kind);
}

RequestPermissionOutcome RequestPermissionOutcome::selected(const QString &optionId)
{
    RequestPermissionOutcome outcome;
    outcome.optionId = optionId;
    return outcome;
}

RequestPermissionOutcome RequestPermissionOutcome::cancel()
{
    RequestPermissionOutcome outcome;
    outcome.cancelled = true;
    return outcome;
}

bool read(const QJsonValue &json, PermissionOption &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"optionId", out.optionId);
    r.required(u"name", out.name);
    QString kind;
    r.required(u"kind", kind);
    out.kind = OptionKinds.value(kind);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const PermissionOption &value)
{
    return Json::ObjectWriter()
        .set(u"optionId", value.optionId)
        .set(u"name", value.name)
        .set(u"kind", OptionKinds.name(value.kind))
        .meta(value.meta);
}

bool read(const QJsonValue &json, RequestPermissionRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.required(u"toolCall", out.toolCall);
    r.required(u"options", out.options);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const RequestPermissionRequest &value)
{
    return Json::ObjectWriter()
        .set(u"sessionId", value.sessionId)
        .set(u"toolCall", value.toolCall)
        .set(u"options", value.options)
        .meta(value.meta);
}

bool read(const QJsonValue &json, RequestPermissionOutcome &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    QString outcome;
    r.required(u"outcome", outcome);
    out.cancelled = outcome == QLatin1String("cancelled");
    if (!out.cancelled)
        r.required(u"optionId", out.optionId);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const RequestPermissionOutcome &value)
{
    Json::ObjectWriter w;
    if (value.cancelled)
        w.set(u"outcome", QStringLiteral("cancelled"));
    else
        w.set(u"outcome", QStringLiteral("selected")).set(u"optionId", value.optionId);
    return w.meta(value.meta);
}

bool read(const QJsonValue &json, RequestPermissionResponse &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"outcome", out.outcome);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const RequestPermissionResponse &value)
{
    return Json::ObjectWriter().set(u"outcome", value.outcome).meta(value.meta);
}

bool read(const QJsonValue &json, ReadTextFileRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.required(u"path", out.path);
    r.optional(u"line", out.line);
    r.optional(u"limit", out.limit);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const ReadTextFileRequest &value)
{
    return Json::ObjectWriter()
        .set(u"sessionId", value.sessionId)
        .set(u"path", value.path)
        .set(u"line", value.line)
        .set(u"limit", value.limit)
        .meta(value.meta);
}

bool read(const QJsonValue &json, ReadTextFileResponse &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"content", out.content);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const ReadTextFileResponse &value)
{
    return Json::ObjectWriter().set(u"content", value.content).meta(value.meta);
}

bool read(const QJsonValue &json, WriteTextFileRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.required(u"path", out.path);
    r.required(u"content", out.content);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const WriteTextFileRequest &value)
{
    return Json::ObjectWriter()
        .set(u"sessionId", value.sessionId)
        .set(u"path", value.path)
        .set(u"content", value.content)
        .meta(value.meta);
}

bool read(const QJsonValue &json, CreateTerminalRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.required(u"command", out.command);
    r.optional(u"args", out.args);
    r.optional(u"env", out.env);
    r.optional(u"cwd", out.cwd);
    r.optional(u"outputByteLimit", out.outputByteLimit);
    r.meta(out.meta);
    if (r.ok() && out.outputByteLimit && *out.outputByteLimit < 0)
        ctx.fail(QStringLiteral("outputByteLimit: must not be negative"));
    return r.ok();
}

QJsonValue write(const CreateTerminalRequest &value)
{
    Json::ObjectWriter w;
    w.set(u"sessionId", value.sessionId).set(u"command", value.command);
    if (!value.args.isEmpty())
        w.set(u"args", value.args);
    if (!value.env.isEmpty())
        w.set(u"env", value.env);
    return w.set(u"cwd", value.cwd).set(u"outputByteLimit", value.outputByteLimit).meta(value.meta);
}

bool read(const QJsonValue &json, CreateTerminalResponse &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"terminalId", out.terminalId);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const CreateTerminalResponse &value)
{
    return Json::ObjectWriter().set(u"terminalId", value.terminalId).meta(value.meta);
}

bool read(const QJsonValue &json, TerminalRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"sessionId", out.sessionId);
    r.required(u"terminalId", out.terminalId);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const TerminalRequest &value)
{
    return writeIds(value);
}

bool read(const QJsonValue &json, TerminalExitStatus &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.optional(u"exitCode", out.exitCode);
    r.optional(u"signal", out.signal);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const TerminalExitStatus &value)
{
    return Json::ObjectWriter()
        .set(u"exitCode", value.exitCode)
        .set(u"signal", value.signal)
        .meta(value.meta);
}

bool read(const QJsonValue &json, TerminalOutputResponse &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"output", out.output);
    r.required(u"truncated", out.truncated);
    r.optional(u"exitStatus", out.exitStatus);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const TerminalOutputResponse &value)
{
    return Json::ObjectWriter()
        .set(u"output", value.output)
        .set(u"truncated", value.truncated)
        .set(u"exitStatus", value.exitStatus)
        .meta(value.meta);
}

bool read(const QJsonValue &json, CreateElicitationRequest &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"message", out.message);
    QString mode;
    r.required(u"mode", mode);
    r.optional(u"sessionId", out.sessionId);
    r.optional(u"toolCallId", out.toolCallId);
    out.requestId = r.value(u"requestId");
    r.meta(out.meta);
    if (!r.ok())
        return false;
    if (!out.sessionId && out.requestId.isUndefined()) {
        ctx.fail(QStringLiteral("an elicitation needs a sessionId or a requestId"));
        return false;
    }
    if (mode == QLatin1String("form")) {
        out.mode = CreateElicitationRequest::Mode::Form;
        r.required(u"requestedSchema", out.requestedSchema);
    } else if (mode == QLatin1String("url")) {
        out.mode = CreateElicitationRequest::Mode::Url;
        r.required(u"elicitationId", out.elicitationId);
        r.required(u"url", out.url);
    } else {
        out.mode = CreateElicitationRequest::Mode::Unknown;
    }
    return r.ok();
}

QJsonValue write(const CreateElicitationRequest &value)
{
    Json::ObjectWriter w;
    w.set(u"message", value.message)
        .set(u"sessionId", value.sessionId)
        .set(u"toolCallId", value.toolCallId)
        .setRaw(u"requestId", value.requestId);
    if (value.mode == CreateElicitationRequest::Mode::Form)
        w.set(u"mode", QStringLiteral("form")).set(u"requestedSchema", value.requestedSchema);
    else if (value.mode == CreateElicitationRequest::Mode::Url)
        w.set(u"mode", QStringLiteral("url"))
            .set(u"elicitationId", value.elicitationId)
            .set(u"url", value.url);
    return w.meta(value.meta);
}

bool read(const QJsonValue &json, CreateElicitationResponse &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    QString action;
    r.required(u"action", action);
    out.action = Actions.value(action);
    r.optional(u"content", out.content);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const CreateElicitationResponse &value)
{
    Json::ObjectWriter w;
    w.set(u"action", Actions.name(value.action));
    if (value.action == CreateElicitationResponse::Action::Accept && !value.content.isEmpty())
        w.set(u"content", value.content);
    return w.meta(value.meta);
}

} // namespace Acp
