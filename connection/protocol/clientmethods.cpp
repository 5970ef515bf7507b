#include "clientmethods.h"

#include "fields.h"

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

constexpr auto permissionOptionFields = [](auto &f, auto &v) {
    f.required(u"optionId", v.optionId);
    f.required(u"name", v.name);
    f.required(u"kind", v.kind, OptionKinds);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, PermissionOption &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, permissionOptionFields);
}

QJsonValue write(const PermissionOption &value)
{
    return Json::writeFields(value, permissionOptionFields);
}

constexpr auto requestPermissionRequestFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.required(u"toolCall", v.toolCall);
    f.required(u"options", v.options);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, RequestPermissionRequest &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, requestPermissionRequestFields);
}

QJsonValue write(const RequestPermissionRequest &value)
{
    return Json::writeFields(value, requestPermissionRequestFields);
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

constexpr auto requestPermissionResponseFields = [](auto &f, auto &v) {
    f.required(u"outcome", v.outcome);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, RequestPermissionResponse &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, requestPermissionResponseFields);
}

QJsonValue write(const RequestPermissionResponse &value)
{
    return Json::writeFields(value, requestPermissionResponseFields);
}

constexpr auto readTextFileRequestFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.required(u"path", v.path);
    f.optional(u"line", v.line);
    f.optional(u"limit", v.limit);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, ReadTextFileRequest &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, readTextFileRequestFields);
}

QJsonValue write(const ReadTextFileRequest &value)
{
    return Json::writeFields(value, readTextFileRequestFields);
}

constexpr auto readTextFileResponseFields = [](auto &f, auto &v) {
    f.required(u"content", v.content);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, ReadTextFileResponse &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, readTextFileResponseFields);
}

QJsonValue write(const ReadTextFileResponse &value)
{
    return Json::writeFields(value, readTextFileResponseFields);
}

constexpr auto writeTextFileRequestFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.required(u"path", v.path);
    f.required(u"content", v.content);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, WriteTextFileRequest &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, writeTextFileRequestFields);
}

QJsonValue write(const WriteTextFileRequest &value)
{
    return Json::writeFields(value, writeTextFileRequestFields);
}

constexpr auto createTerminalRequestFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.required(u"command", v.command);
    f.optional(u"args", v.args);
    f.optional(u"env", v.env);
    f.optional(u"cwd", v.cwd);
    f.optional(u"outputByteLimit", v.outputByteLimit);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, CreateTerminalRequest &out, Json::Context &ctx)
{
    if (!Json::readFields(json, out, ctx, createTerminalRequestFields))
        return false;
    if (out.outputByteLimit && *out.outputByteLimit < 0) {
        ctx.fail(QStringLiteral("outputByteLimit: must not be negative"));
        return false;
    }
    return true;
}

QJsonValue write(const CreateTerminalRequest &value)
{
    return Json::writeFields(value, createTerminalRequestFields);
}

constexpr auto createTerminalResponseFields = [](auto &f, auto &v) {
    f.required(u"terminalId", v.terminalId);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, CreateTerminalResponse &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, createTerminalResponseFields);
}

QJsonValue write(const CreateTerminalResponse &value)
{
    return Json::writeFields(value, createTerminalResponseFields);
}

constexpr auto terminalRequestFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.required(u"terminalId", v.terminalId);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, TerminalRequest &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, terminalRequestFields);
}

QJsonValue write(const TerminalRequest &value)
{
    return Json::writeFields(value, terminalRequestFields);
}

constexpr auto terminalExitStatusFields = [](auto &f, auto &v) {
    f.optional(u"exitCode", v.exitCode);
    f.optional(u"signal", v.signal);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, TerminalExitStatus &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, terminalExitStatusFields);
}

QJsonValue write(const TerminalExitStatus &value)
{
    return Json::writeFields(value, terminalExitStatusFields);
}

constexpr auto terminalOutputResponseFields = [](auto &f, auto &v) {
    f.required(u"output", v.output);
    f.required(u"truncated", v.truncated);
    f.optional(u"exitStatus", v.exitStatus);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, TerminalOutputResponse &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, terminalOutputResponseFields);
}

QJsonValue write(const TerminalOutputResponse &value)
{
    return Json::writeFields(value, terminalOutputResponseFields);
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

constexpr auto createElicitationResponseFields = [](auto &f, auto &v) {
    f.required(u"action", v.action, Actions);
    f.optional(u"content", v.content); // the answers, with "accept" only
    f.meta(v.meta);
};

bool read(const QJsonValue &json, CreateElicitationResponse &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, createElicitationResponseFields);
}

QJsonValue write(const CreateElicitationResponse &value)
{
    return Json::writeFields(value, createElicitationResponseFields);
}

} // namespace Acp
