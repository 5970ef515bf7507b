#pragma once

#include "processtransport.h"
#include "sessionmethods.h"

#include <QMap>
#include <QObject>
#include <QSettings>
#include <QStringList>

namespace Acp {

// The names QSettings and QStandardPaths file everything under (profiles, MCP servers, the
// session index, the registry's cache and agents), with the version: the app and
// switchboard-cli both set them, so that they share all of it.
void setApplicationNames();

// How to start one agent: a command line, its environment and a default working directory.
struct AgentProfile
{
    QString name;
    QString program;
    QStringList arguments;
    QMap<QString, QString> environment; // laid over the user's environment
    QString defaultCwd;
    bool isDemo = false;
    QList<McpServer> mcpServers; // this profile's own, laid over the global ones
    // The kernel sandbox for the agent (its mode, its own folders, strict mode's extra reads and
    // the TCP limit); the workspace is the session's folder, filled in when it starts.
    Sandbox sandbox;

    Acp::ProcessOptions processOptions() const;
    bool isValid() const { return !name.isEmpty() && !program.isEmpty(); }
};

// The user's agent profiles, kept in QSettings. Starts with the bundled demo agent (the
// default) and presets for agents people use, launched through npx.
class ProfileStore final : public QObject
{
    Q_OBJECT
public:
    explicit ProfileStore(QSettings *settings = nullptr, QObject *parent = nullptr);

    QList<AgentProfile> profiles() const { return m_profiles; }
    std::optional<AgentProfile> profile(const QString &name) const;
    AgentProfile defaultProfile() const;
    void setProfiles(const QList<AgentProfile> &profiles);

    // MCP servers every session gets (Settings > MCP servers), and what one profile's
    // sessions get: these with the profile's own laid over them.
    QList<McpServer> globalMcpServers() const { return m_globalMcpServers; }
    void setGlobalMcpServers(const QList<McpServer> &servers);
    QList<McpServer> mcpServersFor(const AgentProfile &profile) const;

    static AgentProfile demoProfile();
    // A folder of our own for the demo agent to read and write in (created with a README on
    // first use), so that trying Switchboard never touches the user's files.
    static QString demoWorkspace();
    static QList<AgentProfile> presets();
    // The sandbox a preset comes with (writes confined; its agent's state and cache folders, as
    // the interop suite found them), matched by the profile's command line; none for others.
    static std::optional<Sandbox> presetSandbox(const AgentProfile &profile);

Q_SIGNALS:
    void changed();

private:
    void load();
    void save();
    QSettings *settings() const;

    QSettings *m_settings = nullptr;
    mutable std::unique_ptr<QSettings> m_ownSettings;
    QList<AgentProfile> m_profiles;
    QList<McpServer> m_globalMcpServers;
};

} // namespace Acp
