#pragma once

#include "content.h"

namespace Acp {

// PROTOCOL.md 8.2-8.5.
enum class ToolKind { Read, Edit, Delete, Move, Search, Execute, Think, Fetch, SwitchMode, Other };
enum class ToolCallStatus { Pending, InProgress, Completed, Failed };

struct ToolCallLocation
{
    QString path; // absolute
    std::optional<qint64> line;
    QJsonObject meta;
};

struct ToolCallContent
{
    enum class Type { Content, Diff, Terminal, Unknown };
    Type type = Type::Content;
    ContentBlock content; // Content
    QString path; // Diff: absolute
    std::optional<QString> oldText; // Diff: absent for a new file
    QString newText; // Diff
    QString terminalId; // Terminal
    QJsonObject meta;
    QJsonObject unknown;
};

// A tool call as announced by `tool_call`.
struct ToolCall
{
    QString toolCallId;
    QString title;
    std::optional<ToolKind> kind; // absent means "other"
    std::optional<ToolCallStatus> status; // absent means "pending"
    QList<ToolCallContent> content;
    QList<ToolCallLocation> locations;
    QJsonValue rawInput; // Undefined when absent
    QJsonValue rawOutput; // Undefined when absent
    QJsonObject meta;
};

// A patch to a tool call (`tool_call_update`, and the `toolCall` of a permission request):
// only the fields that are present change; arrays replace, never append.
struct ToolCallUpdate
{
    QString toolCallId;
    std::optional<QString> title;
    std::optional<ToolKind> kind;
    std::optional<ToolCallStatus> status;
    std::optional<QList<ToolCallContent>> content;
    std::optional<QList<ToolCallLocation>> locations;
    QJsonValue rawInput;
    QJsonValue rawOutput;
    QJsonObject meta;

    // Applies this patch to `call` (creating nothing: the caller decides about unknown ids).
    void applyTo(ToolCall &call) const;
};

QString toString(ToolKind kind);
QString toString(ToolCallStatus status);

bool read(const QJsonValue &json, ToolKind &out, Json::Context &ctx);
QJsonValue write(ToolKind value);
bool read(const QJsonValue &json, ToolCallStatus &out, Json::Context &ctx);
QJsonValue write(ToolCallStatus value);
bool read(const QJsonValue &json, ToolCallLocation &out, Json::Context &ctx);
QJsonValue write(const ToolCallLocation &value);
bool read(const QJsonValue &json, ToolCallContent &out, Json::Context &ctx);
QJsonValue write(const ToolCallContent &value);
bool read(const QJsonValue &json, ToolCall &out, Json::Context &ctx);
QJsonObject toolCallObject(const ToolCall &value); // without `sessionUpdate`
QJsonValue write(const ToolCall &value);
bool read(const QJsonValue &json, ToolCallUpdate &out, Json::Context &ctx);
QJsonValue write(const ToolCallUpdate &value);

} // namespace Acp
