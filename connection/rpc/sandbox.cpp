#include "sandbox.h"

#include "landlock.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace Acp {

namespace {

// Entries of /etc that hold secrets (keys, password hashes, saved network passwords): left out
// of what a strict sandbox may read. Most are readable only by root anyway; this also covers a
// user who runs us as root, and a distribution that is careless with modes.
const QStringList etcSecrets{
    QStringLiteral("shadow"),
    QStringLiteral("shadow-"),
    QStringLiteral("gshadow"),
    QStringLiteral("gshadow-"),
    QStringLiteral("sudoers"),
    QStringLiteral("sudoers.d"),
    QStringLiteral("ssh"),
    QStringLiteral("ssl"),
    QStringLiteral("krb5.keytab"),
    QStringLiteral("wireguard"),
    QStringLiteral("NetworkManager"),
    QStringLiteral("ppp"),
    QStringLiteral("ipsec.secrets"),
    QStringLiteral("security"),
    QStringLiteral("libvirt"),
    QStringLiteral("credstore"),
    QStringLiteral("credstore.encrypted"),
};

// What of /etc/ssh and /etc/ssl is public: the client's configuration and the trusted
// certificates (git over ssh and https need them), not the host's private keys.
const QStringList etcPublicParts{
    QStringLiteral("/etc/ssh/ssh_config"),      QStringLiteral("/etc/ssh/ssh_config.d"),
    QStringLiteral("/etc/ssh/ssh_known_hosts"), QStringLiteral("/etc/ssl/certs"),
    QStringLiteral("/etc/ssl/openssl.cnf"),
};

QStringList absolute(const QStringList &paths)
{
    QStringList out;
    for (const QString &path : paths) {
        const QString full = QDir::cleanPath(Sandbox::expanded(path));
        if (QDir::isAbsolutePath(full) && !out.contains(full))
            out << full;
    }
    return out;
}

} // namespace

QString Sandbox::expanded(const QString &path)
{
    if (path == QLatin1String("~"))
        return QDir::homePath();
    if (path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

QString Sandbox::abbreviated(const QString &path)
{
    const QString home = QDir::homePath();
    if (path == home)
        return QStringLiteral("~");
    if (home != QLatin1String("/") && path.startsWith(home + QLatin1Char('/')))
        return QLatin1Char('~') + path.mid(home.size());
    return path;
}

QStringList Sandbox::systemReadable()
{
    QStringList paths{QStringLiteral("/usr"),       QStringLiteral("/bin"),
                      QStringLiteral("/sbin"),      QStringLiteral("/lib"),
                      QStringLiteral("/lib32"),     QStringLiteral("/lib64"),
                      QStringLiteral("/libx32"),    QStringLiteral("/opt"),
                      QStringLiteral("/proc"),      QStringLiteral("/sys"),
                      QStringLiteral("/dev"),       QStringLiteral("/snap"),
                      QStringLiteral("/nix/store"), QStringLiteral("/run/systemd/resolve")};
    const QFileInfoList etc
        = QDir(QStringLiteral("/etc"))
              .entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : etc) {
        if (!etcSecrets.contains(entry.fileName()))
            paths << entry.absoluteFilePath();
    }
    paths << etcPublicParts;
    return paths;
}

QStringList Sandbox::writableDevices()
{
    return {QStringLiteral("/dev/null"),    QStringLiteral("/dev/zero"),
            QStringLiteral("/dev/full"),    QStringLiteral("/dev/random"),
            QStringLiteral("/dev/urandom"), QStringLiteral("/dev/tty"),
            QStringLiteral("/dev/ptmx"),    QStringLiteral("/dev/pts")};
}

void Sandbox::useTemporary(QProcessEnvironment &env) const
{
    if (temporary.isEmpty())
        return;
    for (const char *name : {"TMPDIR", "TMP", "TEMP"})
        env.insert(QLatin1String(name), temporary);
}

QStringList Sandbox::makeAgentFolders() const
{
    QStringList failed;
    if (!isOn())
        return failed;
    for (const QString &folder : absolute(agentFolders)) {
        // A file named in the list (~/.claude.json) is the agent's too; only folders are made.
        if (!QFileInfo::exists(folder) && !folder.endsWith(QLatin1String(".json"))
            && !QDir().mkpath(folder))
            failed << folder;
    }
    return failed;
}

QStringList Sandbox::reaperArguments(const QString &program) const
{
    if (!isOn())
        return {};
    QStringList args{QStringLiteral("--sandbox"), modeName(mode)};
    const QStringList agents = absolute(agentFolders);
    QStringList writable = absolute(workspaces) + agents;
    if (!temporary.isEmpty())
        writable << temporary;
    writable << writableDevices();
    for (const QString &path : std::as_const(writable))
        args << QStringLiteral("--write") << path;
    if (mode == Mode::Strict) {
        QStringList reads = systemReadable() + absolute(readable);
        // The program's own installation (node under ~/.nvm, a binary agent's folder): the
        // folder above its bin/, or its own folder.
        if (const QFileInfo found(program); found.isAbsolute()) {
            const QDir dir = QFileInfo(found.canonicalFilePath()).dir();
            reads << (dir.dirName() == QLatin1String("bin") ? QFileInfo(dir.path()).path()
                                                            : dir.path());
        }
        for (const QString &path : std::as_const(reads))
            args << QStringLiteral("--read") << path;
    }
    if (limitTcp) {
        for (const quint16 port : tcpPorts)
            args << QStringLiteral("--tcp") << QString::number(port);
        if (tcpPorts.isEmpty())
            args << QStringLiteral("--tcp") << QStringLiteral("0"); // no connection at all
    }
    return args;
}

QString Sandbox::summary() const
{
    if (isOn() && !effective().isOn())
        return tr("No sandbox: this kernel has no Landlock, so the agent can write wherever you "
                  "can");
    const QStringList where = absolute(workspaces);
    QStringList shown;
    for (const QString &path : where)
        shown << abbreviated(path);
    const QString places
        = shown.isEmpty() ? tr("its temporary folder") : shown.join(QStringLiteral(", "));
    switch (mode) {
    case Mode::Off:
        return tr("No sandbox: the agent can write wherever you can");
    case Mode::Writes:
        return tr("Writes only in %1").arg(places);
    case Mode::Strict:
        return tr("Reads and writes only in %1").arg(places);
    }
    return {};
}

QString Sandbox::details() const
{
    if (!isOn())
        return summary();
    QStringList lines{summary()};
    QStringList own;
    for (const QString &folder : absolute(agentFolders))
        own << abbreviated(folder);
    if (!own.isEmpty())
        lines << tr("The agent's own folders: %1").arg(own.join(QStringLiteral(", ")));
    if (!temporary.isEmpty())
        lines << tr("Temporary files: %1").arg(abbreviated(temporary));
    if (mode == Mode::Strict)
        lines << tr("Also readable: the system's programs and settings (/usr, /etc without its "
                    "secrets, ...)");
    if (limitTcp) {
        QStringList ports;
        for (const quint16 port : tcpPorts)
            ports << QString::number(port);
        lines << (ports.isEmpty() ? tr("No network connections")
                                  : tr("Network connections only to ports %1")
                                        .arg(ports.join(QStringLiteral(", "))));
    }
    if (const QString missing = limitations(mode, limitTcp); !missing.isEmpty())
        lines << missing;
    return lines.join(QLatin1Char('\n'));
}

int Sandbox::kernelAbi()
{
    static const int abi = Landlock::abiVersion();
    // Tests pretend an older kernel with SWITCHBOARD_LANDLOCK_ABI; never a newer one.
    bool ok = false;
    const int pretended = qEnvironmentVariableIntValue("SWITCHBOARD_LANDLOCK_ABI", &ok);
    return ok ? std::min(abi, std::max(pretended, 0)) : abi;
}

Sandbox Sandbox::effective() const
{
    Sandbox in = *this;
    const int abi = kernelAbi();
    if (abi < 1)
        in.mode = Mode::Off;
    if (abi < 4)
        in.limitTcp = false;
    return in;
}

QString Sandbox::refusal() const
{
    if (!isOn() || !required)
        return {};
    const int abi = kernelAbi();
    if (abi < 1)
        return tr("This kernel has no Landlock (Linux 5.13 or newer, with landlock in its lsm= "
                  "list), so the sandbox this agent requires cannot be set up; it was not "
                  "started.");
    if (limitTcp && abi < 4)
        return tr("Limiting network connections needs Landlock ABI 4 (Linux 6.7); this kernel "
                  "has ABI %1, so the agent, which requires it, was not started.")
            .arg(abi);
    return {};
}

QString Sandbox::limitations(Mode mode, bool limitTcp)
{
    if (mode == Mode::Off)
        return {};
    Landlock::Policy policy;
    policy.mode = mode == Mode::Strict ? Landlock::Mode::Strict : Landlock::Mode::Writes;
    policy.limitTcp = limitTcp;
    const Landlock::Enforced enforced = Landlock::enforcedBy(policy, kernelAbi());
    QStringList missing;
    if (enforced.abi >= 1 && !enforced.renamesAcross)
        missing << tr("renames and links between folders are refused even inside the workspace "
                      "(ABI 1)");
    if (enforced.abi >= 1 && !enforced.truncation)
        missing << tr("truncating files outside is not prevented (needs ABI 3)");
    if (enforced.abi >= 1 && !enforced.deviceIoctl)
        missing << tr("device ioctls are not limited (needs ABI 5)");
    if (enforced.abi >= 1 && !enforced.signalsAndSockets)
        missing << tr("signals and abstract sockets to processes outside are not limited (needs "
                      "ABI 6)");
    if (!limitTcp)
        missing << tr("network access is not limited");
    if (missing.isEmpty())
        return {};
    return tr("Not enforced on this kernel (Landlock ABI %1): %2")
        .arg(enforced.abi)
        .arg(missing.join(QStringLiteral("; ")));
}

QString Sandbox::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Off:
        return QStringLiteral("off");
    case Mode::Writes:
        return QStringLiteral("writes");
    case Mode::Strict:
        return QStringLiteral("strict");
    }
    return {};
}

std::optional<Sandbox::Mode> Sandbox::modeFromName(const QString &name)
{
    for (const Mode mode : {Mode::Off, Mode::Writes, Mode::Strict}) {
        if (name == modeName(mode))
            return mode;
    }
    return std::nullopt;
}

} // namespace Acp
