#include "toolcall.h"

#include "enumtable.h"

namespace Acp {

namespace {

constexpr Json::EnumTable<ToolKind, 10> ToolKinds{
    {{{ToolKind::Read, QLatin1String("read")},
      {ToolKind::Edit, QLatin1String("edit")},
      {ToolKind::Delete, QLatin1String("delete")},
      {ToolKind::Move, QLatin1String("move")},
      {ToolKind::Search, QLatin1String("search")},
      {ToolKind::Execute, QLatin1String("execute")},
      {ToolKind::Think, QLatin1String("think")},
      {ToolKind::Fetch, QLatin1String("fetch")},
      {ToolKind::SwitchMode, QLatin1String("switch_mode")},
      {ToolKind::Other, QLatin1String("other")}}},
    ToolKind::Other};

constexpr Json::EnumTable<ToolCallStatus, 4> Statuses{
    {{{ToolCallStatus::Pending, QLatin1String("pending")},
      {ToolCallStatus::InProgress, QLatin1String("in_progress")},
      {ToolCallStatus::Completed, QLatin1String("completed")},
      {ToolCallStatus::Failed, QLatin1String("failed")}}},
    ToolCallStatus::Pending};

constexpr Json::EnumTable<ToolCallContent::Type, 3> ContentTypes{
    {{{ToolCallContent::Type::Content, QLatin1String("content")},
      {ToolCallContent::Type::Diff, QLatin1String("diff")},
      {ToolCallContent::Type::Terminal, QLatin1String("terminal")}}},
    ToolCallContent::Type::Unknown};

} // namespace

QString toString(ToolKind kind)
{
    return ToolKinds.name(kind);
}

QString toString(ToolCallStatus status)
{
    return Statuses.name(status);
}

bool read(const QJsonValue &json, ToolKind &out, Json::Context &ctx)
{
    return ToolKinds.read(json, out, ctx);
}

QJsonValue write(ToolKind value)
{
    return ToolKinds.name(value);
}

bool read(const QJsonValue &json, ToolCallStatus &out, Json::Context &ctx)
{
    return Statuses.read(json, out, ctx);
}

QJsonValue write(ToolCallStatus value)
{
    return Statuses.name(value);
}

bool read(const QJsonValue &json, ToolCallLocation &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"path", out.path);
    r.optional(u"line", out.line);
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const ToolCallLocation &value)
{
    return Json::ObjectWriter().set(u"path", value.path).set(u"line", value.line).meta(value.meta);
}

bool read(const QJsonValue &json, ToolCallContent &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    QString type;
    if (!r.required(u"type", type))
        return false;
    out.type = ContentTypes.value(type);
    r.meta(out.meta);
    switch (out.type) {
    case ToolCallContent::Type::Content:
        r.required(u"content", out.content);
        break;
    case ToolCallContent::Type::Diff:
        r.required(u"path", out.path);
        r.optional(u"oldText", out.oldText);
        r.required(u"newText", out.newText);
        break;
    case ToolCallContent::Type::Terminal:
        r.required(u"terminalId", out.terminalId);
        break;
    case ToolCallContent::Type::Unknown:
        out.unknown = r.object();
        break;
    }
    return r.ok();
}

QJsonValue write(const ToolCallContent &value)
{
    if (value.type == ToolCallContent::Type::Unknown)
        return value.unknown;
    Json::ObjectWriter w;
    w.set(u"type", ContentTypes.name(value.type));
    switch (value.type) {
    case ToolCallContent::Type::Content:
        w.set(u"content", value.content);
        break;
    case ToolCallContent::Type::Diff:
        w.set(u"path", value.path).set(u"oldText", value.oldText).set(u"newText", value.newText);
        break;
    case ToolCallContent::Type::Terminal:
        w.set(u"terminalId", value.terminalId);
        break;
    case ToolCallContent::Type::Unknown:
        break;
    }
    return w.meta(value.meta);
}

bool read(const QJsonValue &json, ToolCall &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"toolCallId", out.toolCallId);
    r.required(u"title", out.title);
    r.optional(u"kind", out.kind);
    r.optional(u"status", out.status);
    r.optional(u"content", out.content);
    r.optional(u"locations", out.locations);
    out.rawInput = r.value(u"rawInput");
    out.rawOutput = r.value(u"rawOutput");
    r.meta(out.meta);
    return r.ok();
}

QJsonObject writeFields(const ToolCall &value)
{
    Json::ObjectWriter w;
    w.set(u"toolCallId", value.toolCallId).set(u"title", value.title);
    w.set(u"kind", value.kind).set(u"status", value.status);
    if (!value.content.isEmpty())
        w.set(u"content", value.content);
    if (!value.locations.isEmpty())
        w.set(u"locations", value.locations);
    w.setRaw(u"rawInput", value.rawInput).setRaw(u"rawOutput", value.rawOutput);
    return w.meta(value.meta).object();
}

QJsonValue write(const ToolCall &value)
{
    return writeFields(value);
}

bool read(const QJsonValue &json, ToolCallUpdate &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"toolCallId", out.toolCallId);
    r.optional(u"title", out.title);
    r.optional(u"kind", out.kind);
    r.optional(u"status", out.status);
    r.optional(u"content", out.content);
    r.optional(u"locations", out.locations);
    const QJsonValue rawInput = r.value(u"rawInput");
    out.rawInput = rawInput.isNull() ? QJsonValue(QJsonValue::Undefined) : rawInput;
    const QJsonValue rawOutput = r.value(u"rawOutput");
    out.rawOutput = rawOutput.isNull() ? QJsonValue(QJsonValue::Undefined) : rawOutput;
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const ToolCallUpdate &value)
{
    return Json::ObjectWriter()
        .set(u"toolCallId", value.toolCallId)
        .set(u"title", value.title)
        .set(u"kind", value.kind)
        .set(u"status", value.status)
        .set(u"content", value.content)
        .set(u"locations", value.locations)
        .setRaw(u"rawInput", value.rawInput)
        .setRaw(u"rawOutput", value.rawOutput)
        .meta(value.meta);
}

void ToolCallUpdate::applyTo(ToolCall &call) const
{
    if (title)
        call.title = *title;
    if (kind)
        call.kind = *kind;
    if (status)
        call.status = *status;
    if (content)
        call.content = *content;
    if (locations)
        call.locations = *locations;
    if (!rawInput.isUndefined())
        call.rawInput = rawInput;
    if (!rawOutput.isUndefined())
        call.rawOutput = rawOutput;
    for (auto it = meta.begin(); it != meta.end(); ++it)
        call.meta.insert(it.key(), it.value());
}

} // namespace Acp
