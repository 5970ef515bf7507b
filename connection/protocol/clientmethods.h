#pragma once

#include "sessionmethods.h"
#include "toolcall.h"

namespace Acp {

// Agent -> client requests (PROTOCOL.md section 6).

struct PermissionOption
{
    enum class Kind { AllowOnce, AllowAlways, RejectOnce, RejectAlways };
    QString optionId;
    QString name;
    Kind kind = Kind::AllowOnce;
    QJsonObject meta;
};

struct RequestPermissionRequest
{
    QString sessionId;
    ToolCallUpdate toolCall;
    QList<PermissionOption> options;
    QJsonObject meta;
};

struct RequestPermissionOutcome
{
    bool cancelled = false;
    QString optionId; // when selected
    QJsonObject meta;

    static RequestPermissionOutcome selected(const QString &optionId);
    static RequestPermissionOutcome cancel();
};

struct RequestPermissionResponse
{
    RequestPermissionOutcome outcome;
    QJsonObject meta;
};

struct ReadTextFileRequest
{
    QString sessionId;
    QString path;
    std::optional<qint64> line; // 1-based
    std::optional<qint64> limit; // lines
    QJsonObject meta;
};

struct ReadTextFileResponse
{
    QString content;
    QJsonObject meta;
};

struct WriteTextFileRequest
{
    QString sessionId;
    QString path;
    QString content;
    QJsonObject meta;
};

struct CreateTerminalRequest
{
    QString sessionId;
    QString command;
    QStringList args;
    QList<EnvVariable> env;
    std::optional<QString> cwd;
    std::optional<qint64> outputByteLimit;
    QJsonObject meta;
};

struct CreateTerminalResponse
{
    QString terminalId;
    QJsonObject meta;
};

// terminal/output, wait_for_exit, kill and release all take the session and terminal ids.
struct TerminalRequest
{
    QString sessionId;
    QString terminalId;
    QJsonObject meta;
};

struct TerminalExitStatus
{
    std::optional<qint64> exitCode;
    std::optional<QString> signal;
    QJsonObject meta;
};

struct TerminalOutputResponse
{
    QString output;
    bool truncated = false;
    std::optional<TerminalExitStatus> exitStatus;
    QJsonObject meta;
};

// elicitation/create. The requested schema is kept as JSON: it is a flat object schema that
// the UI walks property by property.
struct CreateElicitationRequest
{
    enum class Mode { Form, Url, Unknown };
    QString message;
    Mode mode = Mode::Form;
    std::optional<QString> sessionId; // session scope
    std::optional<QString> toolCallId; // session scope
    QJsonValue requestId; // request scope (any JSON-RPC id); Undefined otherwise
    QJsonObject requestedSchema; // Form
    QString elicitationId; // Url
    QString url; // Url
    QJsonObject meta;
};

struct CreateElicitationResponse
{
    enum class Action { Accept, Decline, Cancel };
    Action action = Action::Cancel;
    QJsonObject content; // Accept, form mode
    QJsonObject meta;
};

QString toString(PermissionOption::Kind kind);

bool read(const QJsonValue &json, PermissionOption &out, Json::Context &ctx);
QJsonValue write(const PermissionOption &value);
bool read(const QJsonValue &json, RequestPermissionRequest &out, Json::Context &ctx);
QJsonValue write(const RequestPermissionRequest &value);
bool read(const QJsonValue &json, RequestPermissionOutcome &out, Json::Context &ctx);
QJsonValue write(const RequestPermissionOutcome &value);
bool read(const QJsonValue &json, RequestPermissionResponse &out, Json::Context &ctx);
QJsonValue write(const RequestPermissionResponse &value);
bool read(const QJsonValue &json, ReadTextFileRequest &out, Json::Context &ctx);
QJsonValue write(const ReadTextFileRequest &value);
bool read(const QJsonValue &json, ReadTextFileResponse &out, Json::Context &ctx);
QJsonValue write(const ReadTextFileResponse &value);
bool read(const QJsonValue &json, WriteTextFileRequest &out, Json::Context &ctx);
QJsonValue write(const WriteTextFileRequest &value);
bool read(const QJsonValue &json, CreateTerminalRequest &out, Json::Context &ctx);
QJsonValue write(const CreateTerminalRequest &value);
bool read(const QJsonValue &json, CreateTerminalResponse &out, Json::Context &ctx);
QJsonValue write(const CreateTerminalResponse &value);
bool read(const QJsonValue &json, TerminalRequest &out, Json::Context &ctx);
QJsonValue write(const TerminalRequest &value);
bool read(const QJsonValue &json, TerminalExitStatus &out, Json::Context &ctx);
QJsonValue write(const TerminalExitStatus &value);
bool read(const QJsonValue &json, TerminalOutputResponse &out, Json::Context &ctx);
QJsonValue write(const TerminalOutputResponse &value);
bool read(const QJsonValue &json, CreateElicitationRequest &out, Json::Context &ctx);
QJsonValue write(const CreateElicitationRequest &value);
bool read(const QJsonValue &json, CreateElicitationResponse &out, Json::Context &ctx);
QJsonValue write(const CreateElicitationResponse &value);

} // namespace Acp
