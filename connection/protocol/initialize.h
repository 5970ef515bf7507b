#pragma once

#include "jsonio.h"

#include <QMap>

namespace Acp {

// PROTOCOL.md section 4.

inline constexpr int ProtocolVersion = 1;

struct Implementation
{
    QString name;
    QString version;
    std::optional<QString> title;
    QJsonObject meta;

    QString displayName() const { return title.value_or(name); }
};

struct ClientCapabilities
{
    bool readTextFile = false;
    bool writeTextFile = false;
    bool terminal = false;
    bool terminalAuth = false;
    bool booleanConfigOptions = false;
    bool elicitationForm = false;
    bool elicitationUrl = false;
    QJsonObject meta;
};

struct AgentCapabilities
{
    bool loadSession = false;
    bool promptImage = false;
    bool promptAudio = false;
    bool promptEmbeddedContext = false;
    bool mcpHttp = false;
    bool mcpSse = false;
    bool sessionList = false;
    bool sessionDelete = false;
    bool sessionResume = false;
    bool sessionClose = false;
    bool additionalDirectories = false;
    bool logout = false;
    QJsonObject raw; // as received, for inspectors and `_meta` capabilities
};

struct AuthMethod
{
    enum class Type { Agent, Terminal, Unknown };
    Type type = Type::Agent;
    QString id;
    QString name;
    std::optional<QString> description;
    QStringList args; // Terminal
    QMap<QString, QString> env; // Terminal
    QJsonObject meta;
};

struct InitializeRequest
{
    int protocolVersion = ProtocolVersion;
    ClientCapabilities clientCapabilities;
    std::optional<Implementation> clientInfo;
    QJsonObject meta;
};

struct InitializeResponse
{
    int protocolVersion = ProtocolVersion;
    AgentCapabilities agentCapabilities;
    QList<AuthMethod> authMethods;
    std::optional<Implementation> agentInfo;
    QJsonObject meta;
};

bool read(const QJsonValue &json, Implementation &out, Json::Context &ctx);
QJsonValue write(const Implementation &value);
bool read(const QJsonValue &json, ClientCapabilities &out, Json::Context &ctx);
QJsonValue write(const ClientCapabilities &value);
bool read(const QJsonValue &json, AgentCapabilities &out, Json::Context &ctx);
QJsonValue write(const AgentCapabilities &value);
bool read(const QJsonValue &json, AuthMethod &out, Json::Context &ctx);
QJsonValue write(const AuthMethod &value);
bool read(const QJsonValue &json, InitializeRequest &out, Json::Context &ctx);
QJsonValue write(const InitializeRequest &value);
bool read(const QJsonValue &json, InitializeResponse &out, Json::Context &ctx);
QJsonValue write(const InitializeResponse &value);

} // namespace Acp
