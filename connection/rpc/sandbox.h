#pragma once

#include <QCoreApplication>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace Acp {

// The kernel sandbox an agent runs in (Landlock, applied by switchboard-reaper between fork and
// exec: see connection/reaper/landlock.h), so that the workspace boundary holds for what the
// agent does with its own tools, not only for what it asks us to do. It covers the agent,
// everything it starts, and the commands we run for it through terminal/create.
struct Sandbox
{
    Q_DECLARE_TR_FUNCTIONS(Sandbox)
public:
    enum class Mode {
        Off,
        Writes, // writes only in the workspace, the agent's own folders and a private temp
        Strict, // and reads only there and in the system's read-only locations
    };

    Mode mode = Mode::Off;
    // Where the agent works: the session's folder first, then any more the user gave.
    QStringList workspaces;
    // The agent's own state and cache ("~/.codex", the npm cache), writable; created when
    // missing, so that a first run can set itself up. "~/" is the user's home.
    QStringList agentFolders;
    // Strict mode: more places to read (beside the system's and the agent's folders).
    QStringList readable;
    // Only these TCP ports may be connected to, and nothing may listen (Landlock ABI 4).
    bool limitTcp = false;
    QList<quint16> tcpPorts;
    // The private temporary folder (TMPDIR), writable; set by whoever starts the agent.
    QString temporary;
    // Refuse to start where the kernel cannot enforce all of it (no Landlock; no TCP limits
    // before ABI 4). Otherwise the agent runs with what the kernel offers, and the session's
    // summary says what that is.
    bool required = false;

    bool isOn() const { return mode != Mode::Off; }
    // Points TMPDIR, TMP and TEMP in `env` at the private temporary folder (if there is one).
    void useTemporary(QProcessEnvironment &env) const;
    bool operator==(const Sandbox &) const = default;

    // What of this sandbox the running kernel enforces: off without Landlock, no TCP limit
    // before ABI 4.
    Sandbox effective() const;

    // Makes the agent's own folders that do not exist yet (a folder Landlock is given must
    // exist; the agent would make it on its first run). Returns those that could not be made.
    // Done once, by the launch, before reaperArguments().
    QStringList makeAgentFolders() const;
    // The reaper's options for this sandbox (--sandbox ... -- ), with every path made
    // absolute, the system's locations added, and `program` (as the child will find it) readable
    // with its installation. Touches nothing; strictly, lists /etc. Empty when off.
    QStringList reaperArguments(const QString &program) const;

    // One line for the session header and the CLI: "Writes only in ~/proj".
    QString summary() const;
    // Every place the agent may write (and, strictly, read), for a tooltip.
    QString details() const;

    // The running kernel's Landlock ABI (0: none).
    static int kernelAbi();
    // What this kernel enforces for `mode` and what it does not: said before a session starts.
    // Empty when the sandbox is fully in force.
    static QString limitations(Mode mode, bool limitTcp);
    // Why this sandbox refuses to start here (required, and the kernel cannot enforce it);
    // empty if it can start.
    QString refusal() const;

    static QString modeName(Mode mode); // "off", "writes", "strict" (settings, --sandbox)
    static std::optional<Mode> modeFromName(const QString &name);
    static QString expanded(const QString &path); // "~/x" is the home's x
    static QString abbreviated(const QString &path); // and back, for display

    // Where everything may read in strict mode: the system's programs, libraries and
    // configuration (/etc without its secrets), /proc, /sys, /dev.
    static QStringList systemReadable();
    // The devices every program writes to (/dev/null, terminals); never /dev/shm.
    static QStringList writableDevices();
};

} // namespace Acp
