#pragma once

#include "sandbox.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Acp {

// Every process we start (agents, and the commands agents run through terminal/create) goes
// through switchboard-reaper (connection/reaper/main.cpp), so that when it ends, or we do,
// everything it started ends too: background jobs, double forks and `setsid` children alike.
// This class finds the helper, builds the command line that runs a program under it, stops a
// reaped process and, at start-up, cleans up after an earlier run that was killed outright.
class ProcessReaper
{
public:
    struct Launch
    {
        QString program;
        QStringList arguments;
        bool reaped = false; // false: the program runs directly (no helper, or it cannot start)
        // Set when the program must not start at all: a sandbox was asked for and cannot be
        // had (no helper, or a program that cannot be found to confine). Never unconfined.
        QString refusal;
    };
    struct Options
    {
        int graceMs = 2000; // between SIGTERM and killing the tree
        bool newGroup = false; // the program gets its own process group (terminal commands)
        Sandbox sandbox; // the kernel sandbox the program runs in (none by default)
    };

    // The helper: $SWITCHBOARD_REAPER, beside the executable, in ../libexec/switchboard, or
    // where this build made it. Empty if none is found (programs then run directly).
    static QString helper();

    // Where running trees are recorded, for killLeftovers(); empty (the default) records
    // nothing. The app and the CLI set the same folder, so that either cleans up after both.
    static void setRecordDirectory(const QString &directory);
    static QString recordDirectory();

    // How to start `program`: under the helper when there is one and `program` can be found
    // (so that a program that does not exist still fails to start, with Qt's own error,
    // instead of exiting 127 from inside the helper). `environment` and `workingDirectory` are
    // those the program will have; they decide where it is looked for.
    static Launch launch(const QString &program, const QStringList &arguments,
                         const QProcessEnvironment &environment, const QString &workingDirectory,
                         Options options);

    // Called in the child between fork and exec of the helper (a QProcess child modifier):
    // blocks the signals the helper waits for, so that one sent before the helper is ready
    // (a tab closed at once, the app's death) stays pending instead of killing the helper by
    // default action, which would leave the tree to PDEATHSIG alone. Async-signal-safe.
    static void holdSignalsForHelper();

    // Kills `process` and everything it started, now. Returns at once; the process reports
    // its end as usual (as killed by SIGKILL).
    static void killTree(QProcess &process, bool reaped);

    // Kills what earlier runs that were killed outright left behind: for every record whose
    // helper is gone, every process that still carries its name. Reads /proc, so call it off
    // the GUI thread. Returns how many processes it killed.
    static int killLeftovers(const QString &directory);

    // setRecordDirectory(`directory`), then killLeftovers() on a pool thread: what the app and
    // the CLI do first thing.
    static void recordIn(const QString &directory);

    // The environment variable that marks a reaped tree's processes.
    static constexpr const char *MarkerVariable = "SWITCHBOARD_REAPED_BY";
};

} // namespace Acp
