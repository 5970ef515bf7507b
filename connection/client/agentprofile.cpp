#include "agentprofile.h"

#include "mcpservers.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace Acp {

void setApplicationNames()
{
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setOrganizationName(QStringLiteral("Switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
}

Acp::ProcessOptions AgentProfile::processOptions() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    return {program, arguments, env, defaultCwd, sandbox};
}

ProfileStore::ProfileStore(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    load();
}

QSettings *ProfileStore::settings() const
{
    if (m_settings)
        return m_settings;
    if (!m_ownSettings)
        m_ownSettings = std::make_unique<QSettings>();
    return m_ownSettings.get();
}

AgentProfile ProfileStore::demoProfile()
{
    AgentProfile demo;
    demo.name = tr("Demo agent (no AI)");
    // Installed beside the app; in a build tree it sits in the same folder too.
    demo.program = QDir(QCoreApplication::applicationDirPath())
                       .filePath(QStringLiteral("switchboard-demo-agent"));
    demo.isDemo = true;
    return demo;
}

QString ProfileStore::demoWorkspace()
{
    const QString dir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                            .filePath(QStringLiteral("demo-workspace"));
    QDir().mkpath(dir);
    QFile readme(QDir(dir).filePath(QStringLiteral("README.md")));
    if (!readme.exists() && readme.open(QIODevice::WriteOnly)) {
        readme.write("# Demo workspace\n\nThe demo agent reads this file and edits "
                     "switchboard-demo.txt here.\n"
                     "Nothing outside this folder is touched.\n");
    }
    return dir;
}

QList<AgentProfile> ProfileStore::presets()
{
    // Current package names and flags, checked with `npm view` (2026-11).
    const auto npx = [](const QString &name, const QStringList &args) {
        AgentProfile p;
        p.name = name;
        p.program = QStringLiteral("npx");
        p.arguments = QStringList{QStringLiteral("-y")} + args;
        return p;
    };
    QList<AgentProfile> presets{
        npx(tr("Claude Agent"), {QStringLiteral("@agentclientprotocol/claude-agent-acp")}),
        npx(tr("Codex"), {QStringLiteral("@agentclientprotocol/codex-acp")}),
        npx(tr("Gemini CLI"), {QStringLiteral("@google/gemini-cli"), QStringLiteral("--acp")})};
    for (AgentProfile &preset : presets)
        preset.sandbox = presetSandbox(preset).value_or(Sandbox{});
    return presets;
}

std::optional<Sandbox> ProfileStore::presetSandbox(const AgentProfile &profile)
{
    if (profile.program != QLatin1String("npx") || profile.arguments.size() < 2)
        return std::nullopt;
    // npm's cache holds what npx installs and runs; each agent keeps its settings, sessions
    // and logs in folders of its own, found by running it sandboxed (tests/interop).
    const QStringList npm{QStringLiteral("~/.npm")};
    static const QMap<QString, QStringList> folders{
        {QStringLiteral("@agentclientprotocol/claude-agent-acp"),
         {QStringLiteral("~/.claude"), QStringLiteral("~/.claude.json"),
          QStringLiteral("~/.cache/claude-cli-nodejs")}},
        {QStringLiteral("@agentclientprotocol/codex-acp"), {QStringLiteral("~/.codex")}},
        {QStringLiteral("@google/gemini-cli"), {QStringLiteral("~/.gemini")}},
    };
    // "@scope/name" or "@scope/name@1.2.3": the version, if any, does not matter.
    const QString spec = profile.arguments.at(1);
    const qsizetype version = spec.indexOf(QLatin1Char('@'), 1);
    const auto found = folders.constFind(version > 0 ? spec.left(version) : spec);
    if (found == folders.cend())
        return std::nullopt;
    Sandbox sandbox;
    sandbox.mode = Sandbox::Mode::Writes;
    sandbox.agentFolders = npm + *found;
    sandbox.readable = {QStringLiteral("~/.npmrc"), QStringLiteral("~/.gitconfig"),
                        QStringLiteral("~/.config/git")};
    return sandbox;
}

std::optional<AgentProfile> ProfileStore::profile(const QString &name) const
{
    for (const AgentProfile &p : m_profiles) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

AgentProfile ProfileStore::defaultProfile() const
{
    return m_profiles.isEmpty() ? demoProfile() : m_profiles.first();
}

void ProfileStore::setProfiles(const QList<AgentProfile> &profiles)
{
    m_profiles = profiles;
    save();
    Q_EMIT changed();
}

void ProfileStore::setGlobalMcpServers(const QList<McpServer> &servers)
{
    m_globalMcpServers = servers;
    save();
    Q_EMIT changed();
}

QList<McpServer> ProfileStore::mcpServersFor(const AgentProfile &profile) const
{
    return McpServers::merged(m_globalMcpServers, profile.mcpServers);
}

void ProfileStore::load()
{
    QSettings *s = settings();
    const int count = s->beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < count; ++i) {
        s->setArrayIndex(i);
        AgentProfile p;
        p.name = s->value(QStringLiteral("name")).toString();
        p.program = s->value(QStringLiteral("program")).toString();
        p.arguments = s->value(QStringLiteral("arguments")).toStringList();
        p.defaultCwd = s->value(QStringLiteral("defaultCwd")).toString();
        p.isDemo = s->value(QStringLiteral("demo")).toBool();
        p.mcpServers = McpServers::fromJson(s->value(QStringLiteral("mcpServers")).toString());
        const QVariantMap env = s->value(QStringLiteral("environment")).toMap();
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            p.environment.insert(it.key(), it.value().toString());
        if (const auto mode
            = Sandbox::modeFromName(s->value(QStringLiteral("sandbox")).toString())) {
            p.sandbox.mode = *mode;
            p.sandbox.agentFolders = s->value(QStringLiteral("sandboxFolders")).toStringList();
            p.sandbox.readable = s->value(QStringLiteral("sandboxReadable")).toStringList();
            p.sandbox.limitTcp = s->value(QStringLiteral("sandboxLimitTcp")).toBool();
            p.sandbox.required = s->value(QStringLiteral("sandboxRequired")).toBool();
            for (const QString &port : s->value(QStringLiteral("sandboxTcpPorts")).toStringList())
                p.sandbox.tcpPorts << quint16(port.toUInt());
        } else {
            // Saved before profiles had a sandbox: a preset gets the one presets come with now.
            p.sandbox = presetSandbox(p).value_or(Sandbox{});
        }
        if (p.isDemo)
            p.program = demoProfile().program; // follows the installation
        if (p.isValid())
            m_profiles.append(p);
    }
    s->endArray();
    m_globalMcpServers = McpServers::fromJson(s->value(QStringLiteral("mcpServers")).toString());
    if (m_profiles.isEmpty())
        m_profiles = QList<AgentProfile>{demoProfile()} + presets();
}

void ProfileStore::save()
{
    QSettings *s = settings();
    s->remove(QStringLiteral("profiles"));
    s->beginWriteArray(QStringLiteral("profiles"), int(m_profiles.size()));
    for (int i = 0; i < m_profiles.size(); ++i) {
        const AgentProfile &p = m_profiles.at(i);
        s->setArrayIndex(i);
        s->setValue(QStringLiteral("name"), p.name);
        s->setValue(QStringLiteral("program"), p.program);
        s->setValue(QStringLiteral("arguments"), p.arguments);
        s->setValue(QStringLiteral("defaultCwd"), p.defaultCwd);
        s->setValue(QStringLiteral("demo"), p.isDemo);
        if (p.mcpServers.isEmpty())
            s->remove(QStringLiteral("mcpServers"));
        else
            s->setValue(QStringLiteral("mcpServers"), McpServers::toJson(p.mcpServers));
        QVariantMap env;
        for (auto it = p.environment.cbegin(); it != p.environment.cend(); ++it)
            env.insert(it.key(), it.value());
        s->setValue(QStringLiteral("environment"), env);
        s->setValue(QStringLiteral("sandbox"), Sandbox::modeName(p.sandbox.mode));
        s->setValue(QStringLiteral("sandboxFolders"), p.sandbox.agentFolders);
        s->setValue(QStringLiteral("sandboxReadable"), p.sandbox.readable);
        s->setValue(QStringLiteral("sandboxLimitTcp"), p.sandbox.limitTcp);
        s->setValue(QStringLiteral("sandboxRequired"), p.sandbox.required);
        QStringList ports;
        for (const quint16 port : p.sandbox.tcpPorts)
            ports << QString::number(port);
        s->setValue(QStringLiteral("sandboxTcpPorts"), ports);
    }
    s->endArray();
    if (m_globalMcpServers.isEmpty())
        s->remove(QStringLiteral("mcpServers"));
    else
        s->setValue(QStringLiteral("mcpServers"), McpServers::toJson(m_globalMcpServers));
    // Profiles and MCP servers may hold API keys: the file is the user's alone (and so is its
    // folder).
    s->sync();
    const QFileInfo file(s->fileName());
    if (!file.exists())
        return;
    QFile::setPermissions(file.filePath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!m_settings) // the app's own folder, ~/.config/Switchboard
        QFile::setPermissions(
            file.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

} // namespace Acp
