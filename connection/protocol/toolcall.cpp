#include "toolcall.h"

#include "fields.h"

#include <type_traits>

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

constexpr auto toolCallLocationFields = [](auto &f, auto &v) {
    f.required(u"path", v.path);
    f.optional(u"line", v.line);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, ToolCallLocation &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, toolCallLocationFields);
}

QJsonValue write(const ToolCallLocation &value)
{
    return Json::writeFields(value, toolCallLocationFields);
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

// A tool call and a patch to one have the same keys: in the patch every one but the id is
// optional (std::optional members), in the call the title is required.
constexpr auto toolCallFields = [](auto &f, auto &v) {
    f.required(u"toolCallId", v.toolCallId);
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(v.title)>, QString>)
        f.required(u"title", v.title);
    else
        f.optional(u"title", v.title);
    f.optional(u"kind", v.kind);
    f.optional(u"status", v.status);
    f.optional(u"content", v.content);
    f.optional(u"locations", v.locations);
    f.raw(u"rawInput", v.rawInput);
    f.raw(u"rawOutput", v.rawOutput);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, ToolCall &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, toolCallFields);
}

QJsonObject toolCallObject(const ToolCall &value)
{
    return Json::writeFields(value, toolCallFields);
}

QJsonValue write(const ToolCall &value)
{
    return toolCallObject(value);
}

bool read(const QJsonValue &json, ToolCallUpdate &out, Json::Context &ctx)
{
    if (!Json::readFields(json, out, ctx, toolCallFields))
        return false;
    // In a patch, null means "unchanged", as absent does.
    for (QJsonValue *raw : {&out.rawInput, &out.rawOutput}) {
        if (raw->isNull())
            *raw = QJsonValue(QJsonValue::Undefined);
    }
    return true;
}

QJsonValue write(const ToolCallUpdate &value)
{
    return Json::writeFields(value, toolCallFields);
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
