#include "sessionupdate.h"

#include "fields.h"

namespace Acp {

namespace {

constexpr Json::EnumTable<PlanEntry::Priority, 3> Priorities{
    {{{PlanEntry::Priority::High, QLatin1String("high")},
      {PlanEntry::Priority::Medium, QLatin1String("medium")},
      {PlanEntry::Priority::Low, QLatin1String("low")}}},
    PlanEntry::Priority::Medium};

constexpr Json::EnumTable<PlanEntry::Status, 3> PlanStatuses{
    {{{PlanEntry::Status::Pending, QLatin1String("pending")},
      {PlanEntry::Status::InProgress, QLatin1String("in_progress")},
      {PlanEntry::Status::Completed, QLatin1String("completed")}}},
    PlanEntry::Status::Pending};

constexpr Json::EnumTable<ContentChunk::Kind, 3> ChunkKinds{
    {{{ContentChunk::Kind::UserMessage, QLatin1String("user_message_chunk")},
      {ContentChunk::Kind::AgentMessage, QLatin1String("agent_message_chunk")},
      {ContentChunk::Kind::AgentThought, QLatin1String("agent_thought_chunk")}}},
    ContentChunk::Kind::AgentMessage};

const QString KeySessionUpdate = QStringLiteral("sessionUpdate");

// The fields of a FieldPatch: absent keeps, null clears, a value sets.
bool readPatch(Json::ObjectReader &r, QStringView key, FieldPatch<QString> &out)
{
    if (!r.has(key)) {
        out.action = FieldPatch<QString>::Action::Keep;
        return true;
    }
    const QJsonValue value = r.value(key);
    if (value.isNull()) {
        out.action = FieldPatch<QString>::Action::Clear;
        return true;
    }
    out.action = FieldPatch<QString>::Action::Set;
    return r.required(key, out.value);
}

void writePatch(QJsonObject &object, const QString &key, const FieldPatch<QString> &patch)
{
    if (patch.action == FieldPatch<QString>::Action::Clear)
        object.insert(key, QJsonValue::Null);
    else if (patch.action == FieldPatch<QString>::Action::Set)
        object.insert(key, patch.value);
}

} // namespace

QString toString(ContentChunk::Kind kind)
{
    return ChunkKinds.name(kind);
}

constexpr auto planEntryFields = [](auto &f, auto &v) {
    f.required(u"content", v.content);
    f.required(u"priority", v.priority, Priorities);
    f.required(u"status", v.status, PlanStatuses);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, PlanEntry &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, planEntryFields);
}

QJsonValue write(const PlanEntry &value)
{
    return Json::writeFields(value, planEntryFields);
}

bool read(const QJsonValue &json, AvailableCommand &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    r.required(u"name", out.name);
    r.required(u"description", out.description);
    if (r.value(u"input").isObject()) {
        QString hint;
        Json::ObjectReader input(r.value(u"input"), ctx);
        if (input.required(u"hint", hint))
            out.inputHint = hint;
    }
    r.meta(out.meta);
    return r.ok();
}

QJsonValue write(const AvailableCommand &value)
{
    Json::ObjectWriter w;
    w.set(u"name", value.name).set(u"description", value.description);
    if (value.inputHint)
        w.setRaw(u"input", QJsonObject{{QStringLiteral("hint"), *value.inputHint}});
    return w.meta(value.meta);
}

constexpr auto sessionModeFields = [](auto &f, auto &v) {
    f.required(u"id", v.id);
    f.required(u"name", v.name);
    f.optional(u"description", v.description);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SessionMode &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, sessionModeFields);
}

QJsonValue write(const SessionMode &value)
{
    return Json::writeFields(value, sessionModeFields);
}

constexpr auto sessionModeStateFields = [](auto &f, auto &v) {
    f.required(u"currentModeId", v.currentModeId);
    f.required(u"availableModes", v.availableModes);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SessionModeState &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, sessionModeStateFields);
}

QJsonValue write(const SessionModeState &value)
{
    return Json::writeFields(value, sessionModeStateFields);
}

constexpr auto sessionConfigSelectOptionFields = [](auto &f, auto &v) {
    f.required(u"value", v.value);
    f.required(u"name", v.name);
    f.optional(u"description", v.description);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SessionConfigSelectOption &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, sessionConfigSelectOptionFields);
}

QJsonValue write(const SessionConfigSelectOption &value)
{
    return Json::writeFields(value, sessionConfigSelectOptionFields);
}

constexpr auto sessionConfigSelectGroupFields = [](auto &f, auto &v) {
    f.required(u"group", v.group);
    f.required(u"name", v.name);
    f.required(u"options", v.options);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SessionConfigSelectGroup &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, sessionConfigSelectGroupFields);
}

QJsonValue write(const SessionConfigSelectGroup &value)
{
    return Json::writeFields(value, sessionConfigSelectGroupFields);
}

bool read(const QJsonValue &json, SessionConfigOption &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    QString type;
    r.required(u"type", type);
    r.required(u"id", out.id);
    r.required(u"name", out.name);
    r.optional(u"description", out.description);
    r.optional(u"category", out.category);
    r.meta(out.meta);
    if (!r.ok())
        return false;
    if (type == QLatin1String("select")) {
        out.type = SessionConfigOption::Type::Select;
        r.required(u"currentValue", out.currentValue);
        const QJsonArray options = r.value(u"options").toArray();
        // Grouped when the entries carry a "group" key (PROTOCOL.md 8.7: handle both).
        out.grouped = !options.isEmpty() && options.first().toObject().contains(u"group");
        if (out.grouped)
            r.required(u"options", out.groups);
        else
            r.required(u"options", out.options);
    } else if (type == QLatin1String("boolean")) {
        out.type = SessionConfigOption::Type::Boolean;
        r.required(u"currentValue", out.currentBoolean);
    } else {
        out.type = SessionConfigOption::Type::Unknown;
        out.unknown = r.object();
    }
    return r.ok();
}

QJsonValue write(const SessionConfigOption &value)
{
    if (value.type == SessionConfigOption::Type::Unknown)
        return value.unknown;
    Json::ObjectWriter w;
    w.set(u"id", value.id)
        .set(u"name", value.name)
        .set(u"description", value.description)
        .set(u"category", value.category);
    if (value.type == SessionConfigOption::Type::Select) {
        w.set(u"type", QStringLiteral("select")).set(u"currentValue", value.currentValue);
        if (value.grouped)
            w.set(u"options", value.groups);
        else
            w.set(u"options", value.options);
    } else {
        w.set(u"type", QStringLiteral("boolean")).set(u"currentValue", value.currentBoolean);
    }
    return w.meta(value.meta);
}

constexpr auto costFields = [](auto &f, auto &v) {
    f.required(u"amount", v.amount);
    f.required(u"currency", v.currency);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, Cost &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, costFields);
}

QJsonValue write(const Cost &value)
{
    return Json::writeFields(value, costFields);
}

bool read(const QJsonValue &json, SessionUpdate &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    QString kind;
    if (!r.required(KeySessionUpdate, kind))
        return false;
    bool isChunk = false;
    const ContentChunk::Kind chunkKind = ChunkKinds.value(kind, &isChunk);
    if (isChunk) {
        ContentChunk chunk;
        chunk.kind = chunkKind;
        r.required(u"content", chunk.content);
        r.optional(u"messageId", chunk.messageId);
        r.meta(chunk.meta);
        out = std::move(chunk);
    } else if (kind == QLatin1String("tool_call")) {
        ToolCall call;
        read(json, call, ctx);
        out = std::move(call);
    } else if (kind == QLatin1String("tool_call_update")) {
        ToolCallUpdate update;
        read(json, update, ctx);
        out = std::move(update);
    } else if (kind == QLatin1String("plan")) {
        Plan plan;
        r.required(u"entries", plan.entries);
        r.meta(plan.meta);
        out = std::move(plan);
    } else if (kind == QLatin1String("available_commands_update")) {
        AvailableCommandsUpdate update;
        r.required(u"availableCommands", update.commands);
        r.meta(update.meta);
        out = std::move(update);
    } else if (kind == QLatin1String("current_mode_update")) {
        CurrentModeUpdate update;
        // The schema says currentModeId; one docs page says modeId (PROTOCOL.md 15).
        if (r.has(u"currentModeId") || !r.has(u"modeId"))
            r.required(u"currentModeId", update.currentModeId);
        else
            r.required(u"modeId", update.currentModeId);
        r.meta(update.meta);
        out = std::move(update);
    } else if (kind == QLatin1String("config_option_update")) {
        ConfigOptionUpdate update;
        r.required(u"configOptions", update.configOptions);
        r.meta(update.meta);
        out = std::move(update);
    } else if (kind == QLatin1String("session_info_update")) {
        SessionInfoUpdate update;
        readPatch(r, u"title", update.title);
        readPatch(r, u"updatedAt", update.updatedAt);
        r.meta(update.meta);
        out = std::move(update);
    } else if (kind == QLatin1String("usage_update")) {
        UsageUpdate update;
        r.required(u"used", update.used);
        r.required(u"size", update.size);
        r.optional(u"cost", update.cost);
        r.meta(update.meta);
        out = std::move(update);
    } else {
        out = UnknownUpdate{kind, r.object()};
    }
    return r.ok() && !ctx.failed();
}

namespace {

struct UpdateWriter
{
    QJsonObject operator()(const ContentChunk &chunk) const
    {
        return Json::ObjectWriter()
            .set(KeySessionUpdate, ChunkKinds.name(chunk.kind))
            .set(u"content", chunk.content)
            .set(u"messageId", chunk.messageId)
            .meta(chunk.meta)
            .object();
    }
    QJsonObject operator()(const ToolCall &call) const
    {
        QJsonObject object = toolCallObject(call);
        object.insert(KeySessionUpdate, QStringLiteral("tool_call"));
        return object;
    }
    QJsonObject operator()(const ToolCallUpdate &update) const
    {
        QJsonObject object = write(update).toObject();
        object.insert(KeySessionUpdate, QStringLiteral("tool_call_update"));
        return object;
    }
    QJsonObject operator()(const Plan &plan) const
    {
        return Json::ObjectWriter()
            .set(KeySessionUpdate, QStringLiteral("plan"))
            .set(u"entries", plan.entries)
            .meta(plan.meta)
            .object();
    }
    QJsonObject operator()(const AvailableCommandsUpdate &update) const
    {
        return Json::ObjectWriter()
            .set(KeySessionUpdate, QStringLiteral("available_commands_update"))
            .set(u"availableCommands", update.commands)
            .meta(update.meta)
            .object();
    }
    QJsonObject operator()(const CurrentModeUpdate &update) const
    {
        return Json::ObjectWriter()
            .set(KeySessionUpdate, QStringLiteral("current_mode_update"))
            .set(u"currentModeId", update.currentModeId)
            .meta(update.meta)
            .object();
    }
    QJsonObject operator()(const ConfigOptionUpdate &update) const
    {
        return Json::ObjectWriter()
            .set(KeySessionUpdate, QStringLiteral("config_option_update"))
            .set(u"configOptions", update.configOptions)
            .meta(update.meta)
            .object();
    }
    QJsonObject operator()(const SessionInfoUpdate &update) const
    {
        QJsonObject object{{KeySessionUpdate, QStringLiteral("session_info_update")}};
        writePatch(object, QStringLiteral("title"), update.title);
        writePatch(object, QStringLiteral("updatedAt"), update.updatedAt);
        if (!update.meta.isEmpty())
            object.insert(QStringLiteral("_meta"), update.meta);
        return object;
    }
    QJsonObject operator()(const UsageUpdate &update) const
    {
        return Json::ObjectWriter()
            .set(KeySessionUpdate, QStringLiteral("usage_update"))
            .set(u"used", update.used)
            .set(u"size", update.size)
            .set(u"cost", update.cost)
            .meta(update.meta)
            .object();
    }
    QJsonObject operator()(const UnknownUpdate &update) const { return update.raw; }
};

} // namespace

QJsonValue write(const SessionUpdate &value)
{
    return std::visit(UpdateWriter{}, value);
}

constexpr auto sessionNotificationFields = [](auto &f, auto &v) {
    f.required(u"sessionId", v.sessionId);
    f.required(u"update", v.update);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, SessionNotification &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, sessionNotificationFields);
}

QJsonValue write(const SessionNotification &value)
{
    return Json::writeFields(value, sessionNotificationFields);
}

} // namespace Acp
