#pragma once

#include "toolcall.h"

#include <variant>

namespace Acp {

// PROTOCOL.md section 7 and 8.6-8.8.

struct ContentChunk
{
    enum class Kind { UserMessage, AgentMessage, AgentThought };
    Kind kind = Kind::AgentMessage;
    ContentBlock content;
    std::optional<QString> messageId;
    QJsonObject meta;
};

struct PlanEntry
{
    enum class Priority { High, Medium, Low };
    enum class Status { Pending, InProgress, Completed };
    QString content;
    Priority priority = Priority::Medium;
    Status status = Status::Pending;
    QJsonObject meta;
};

struct Plan
{
    QList<PlanEntry> entries;
    QJsonObject meta;
};

struct AvailableCommand
{
    QString name;
    QString description;
    std::optional<QString> inputHint;
    QJsonObject meta;
};

struct AvailableCommandsUpdate
{
    QList<AvailableCommand> commands;
    QJsonObject meta;
};

struct SessionMode
{
    QString id;
    QString name;
    std::optional<QString> description;
    QJsonObject meta;
};

struct SessionModeState
{
    QString currentModeId;
    QList<SessionMode> availableModes;
    QJsonObject meta;
};

struct CurrentModeUpdate
{
    QString currentModeId;
    QJsonObject meta;
};

struct SessionConfigSelectOption
{
    QString value;
    QString name;
    std::optional<QString> description;
    QJsonObject meta;
};

struct SessionConfigSelectGroup
{
    QString group;
    QString name;
    QList<SessionConfigSelectOption> options;
    QJsonObject meta;
};

// A session configuration option: a select (flat or grouped values) or a boolean. Options of
// a type we do not know are kept as Unknown and not shown (the agent keeps its default).
struct SessionConfigOption
{
    enum class Type { Select, Boolean, Unknown };
    Type type = Type::Select;
    QString id;
    QString name;
    std::optional<QString> description;
    std::optional<QString> category; // mode, model, model_config, thought_level, _custom, ...
    QString currentValue; // Select
    bool currentBoolean = false; // Boolean
    QList<SessionConfigSelectOption> options; // Select, when flat
    QList<SessionConfigSelectGroup> groups; // Select, when grouped
    bool grouped = false;
    QJsonObject meta;
    QJsonObject unknown;
};

struct ConfigOptionUpdate
{
    QList<SessionConfigOption> configOptions;
    QJsonObject meta;
};

// A field that an update may leave alone, clear (null) or set: session_info_update is the one
// place where omitted and null differ.
template<typename T>
struct FieldPatch
{
    enum class Action { Keep, Clear, Set };
    Action action = Action::Keep;
    T value{};
};

struct SessionInfoUpdate
{
    FieldPatch<QString> title;
    FieldPatch<QString> updatedAt;
    QJsonObject meta;
};

struct Cost
{
    double amount = 0;
    QString currency;
    QJsonObject meta;
};

struct UsageUpdate
{
    qint64 used = 0;
    qint64 size = 0;
    std::optional<Cost> cost;
    QJsonObject meta;
};

// An update kind this client does not know (newer agents extend the stream this way).
struct UnknownUpdate
{
    QString sessionUpdate;
    QJsonObject raw;
};

using SessionUpdate = std::variant<ContentChunk, ToolCall, ToolCallUpdate, Plan,
                                   AvailableCommandsUpdate, CurrentModeUpdate, ConfigOptionUpdate,
                                   SessionInfoUpdate, UsageUpdate, UnknownUpdate>;

// The params of a session/update notification.
struct SessionNotification
{
    QString sessionId;
    SessionUpdate update;
    QJsonObject meta;
};

QString toString(ContentChunk::Kind kind);

bool read(const QJsonValue &json, PlanEntry &out, Json::Context &ctx);
QJsonValue write(const PlanEntry &value);
bool read(const QJsonValue &json, AvailableCommand &out, Json::Context &ctx);
QJsonValue write(const AvailableCommand &value);
bool read(const QJsonValue &json, SessionMode &out, Json::Context &ctx);
QJsonValue write(const SessionMode &value);
bool read(const QJsonValue &json, SessionModeState &out, Json::Context &ctx);
QJsonValue write(const SessionModeState &value);
bool read(const QJsonValue &json, SessionConfigSelectOption &out, Json::Context &ctx);
QJsonValue write(const SessionConfigSelectOption &value);
bool read(const QJsonValue &json, SessionConfigSelectGroup &out, Json::Context &ctx);
QJsonValue write(const SessionConfigSelectGroup &value);
bool read(const QJsonValue &json, SessionConfigOption &out, Json::Context &ctx);
QJsonValue write(const SessionConfigOption &value);
bool read(const QJsonValue &json, Cost &out, Json::Context &ctx);
QJsonValue write(const Cost &value);
// A session update object (with its `sessionUpdate` discriminator).
bool read(const QJsonValue &json, SessionUpdate &out, Json::Context &ctx);
QJsonValue write(const SessionUpdate &value);
bool read(const QJsonValue &json, SessionNotification &out, Json::Context &ctx);
QJsonValue write(const SessionNotification &value);

} // namespace Acp
