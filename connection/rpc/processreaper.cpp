#include "processreaper.h"

#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QStandardPaths>
#include <QThreadPool>

#include <csignal>
#include <unistd.h>

namespace Acp {

namespace {

QMutex recordMutex;
QString recordFolder;

bool isExecutableFile(const QString &path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

// What `program` resolves to for the child, as execvp would find it; empty if nowhere.
QString resolve(const QString &program, const QProcessEnvironment &environment,
                const QString &workingDirectory)
{
    if (program.contains(QLatin1Char('/'))) {
        const QString path = QDir::isAbsolutePath(program) || workingDirectory.isEmpty()
            ? program
            : QDir(workingDirectory).filePath(program);
        return isExecutableFile(path) ? path : QString();
    }
    const QString pathVariable = environment.isEmpty() ? qEnvironmentVariable("PATH")
                                                       : environment.value(QStringLiteral("PATH"));
    return QStandardPaths::findExecutable(program,
                                          pathVariable.split(QLatin1Char(':'), Qt::SkipEmptyParts));
}

// The start time (field 22 of /proc/PID/stat), which tells a live helper from a reused pid.
QByteArray startTimeOf(const QByteArray &pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(QString::fromLatin1(pid)));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return {};
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    return fields.size() > 19 ? fields.at(19) : QByteArray(); // fields 3.. after the name
}

} // namespace

QString ProcessReaper::helper()
{
    static const QString found = [] {
        QStringList candidates;
        if (const QString configured = qEnvironmentVariable("SWITCHBOARD_REAPER");
            !configured.isEmpty())
            candidates << configured;
        const QString here = QCoreApplication::applicationDirPath();
        candidates << QDir(here).filePath(QStringLiteral("switchboard-reaper"))
                   << QDir(here).filePath(
                          QStringLiteral("../libexec/switchboard/switchboard-reaper"));
#ifdef SWITCHBOARD_INSTALLED_REAPER
        candidates << QStringLiteral(SWITCHBOARD_INSTALLED_REAPER);
#endif
#ifdef SWITCHBOARD_BUILD_REAPER
        candidates << QStringLiteral(SWITCHBOARD_BUILD_REAPER); // tests and benches in a build
#endif
        for (const QString &candidate : std::as_const(candidates)) {
            if (isExecutableFile(candidate))
                return QFileInfo(candidate).absoluteFilePath();
        }
        qCWarning(lcAcpTransport) << "switchboard-reaper not found; the processes we start may "
                                     "outlive us";
        return QString();
    }();
    return found;
}

void ProcessReaper::setRecordDirectory(const QString &directory)
{
    const QMutexLocker lock(&recordMutex);
    recordFolder = directory;
}

QString ProcessReaper::recordDirectory()
{
    const QMutexLocker lock(&recordMutex);
    return recordFolder;
}

ProcessReaper::Launch ProcessReaper::launch(const QString &program, const QStringList &arguments,
                                            const QProcessEnvironment &environment,
                                            const QString &workingDirectory, Options options)
{
    const QString reaper = helper();
    const QString resolved = resolve(program, environment, workingDirectory);
    const bool found = !resolved.isEmpty();
    const Sandbox sandbox = options.sandbox.effective();
    if (sandbox.isOn() && reaper.isEmpty())
        return {program, arguments, false,
                QCoreApplication::translate("ProcessReaper",
                                            "The sandbox needs switchboard-reaper, which is not "
                                            "installed beside the app; nothing was started.")};
    if (const QString reason = options.sandbox.refusal(); !reason.isEmpty())
        return {program, arguments, false, reason};
    if (sandbox.isOn() && !found)
        return {program, arguments, false,
                QCoreApplication::translate("ProcessReaper", "Cannot find the program %1.")
                    .arg(program)};
    if (reaper.isEmpty() || !found)
        return {program, arguments, false, {}};
    QStringList wrapped;
    if (const QString records = recordDirectory(); !records.isEmpty())
        wrapped << QStringLiteral("--record") << records;
    wrapped << QStringLiteral("--grace") << QString::number(options.graceMs);
    if (options.newGroup)
        wrapped << QStringLiteral("--new-group");
    for (const QString &folder : sandbox.makeAgentFolders())
        qCWarning(lcAcpTransport) << "cannot make the agent's folder" << folder
                                  << "for its sandbox; it stays out of reach";
    wrapped << sandbox.reaperArguments(resolved);
    wrapped << QStringLiteral("--") << program << arguments;
    return {reaper, wrapped, true, {}};
}

void ProcessReaper::holdSignalsForHelper()
{
#ifdef Q_OS_LINUX
    sigset_t held;
    sigemptyset(&held);
    for (const int signal : {SIGCHLD, SIGTERM, SIGUSR1})
        sigaddset(&held, signal);
    ::sigprocmask(SIG_BLOCK, &held, nullptr);
#endif
}

void ProcessReaper::killTree(QProcess &process, bool reaped)
{
    const qint64 pid = process.processId();
    if (pid <= 0)
        return;
    if (reaped)
        ::kill(pid_t(pid), SIGUSR1); // the helper kills the tree, then itself as SIGKILL would
    else
        process.kill();
}

int ProcessReaper::killLeftovers(const QString &directory)
{
    if (directory.isEmpty())
        return 0;
    QDir records(directory);
    const QStringList names = records.entryList(QDir::Files | QDir::NoDotAndDotDot);
    QList<QByteArray> orphaned;
    for (const QString &name : names) {
        const QByteArray run = name.toLatin1();
        const qsizetype dash = run.indexOf('-');
        if (dash <= 0)
            continue;
        const QByteArray pid = run.left(dash);
        if (startTimeOf(pid) == run.mid(dash + 1))
            continue; // that helper still runs (another window, or the CLI)
        orphaned << run;
    }
    if (orphaned.isEmpty())
        return 0;
    int killed = 0;
    const QStringList processes = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    const pid_t self = ::getpid();
    for (const QString &pid : processes) {
        bool number = false;
        const int value = pid.toInt(&number);
        if (!number || value == self)
            continue;
        QFile environ(QStringLiteral("/proc/%1/environ").arg(pid));
        if (!environ.open(QIODevice::ReadOnly))
            continue; // not ours to read, so not ours
        const QList<QByteArray> variables = environ.readAll().split('\0');
        for (const QByteArray &run : std::as_const(orphaned)) {
            if (variables.contains(QByteArray(MarkerVariable) + '=' + run)) {
                if (::kill(pid_t(value), SIGKILL) == 0)
                    ++killed;
                break;
            }
        }
    }
    for (const QByteArray &run : std::as_const(orphaned))
        records.remove(QString::fromLatin1(run));
    if (killed > 0)
        qCInfo(lcAcpTransport) << "killed" << killed << "processes left by an earlier run";
    return killed;
}

void ProcessReaper::recordIn(const QString &directory)
{
    setRecordDirectory(directory);
    QThreadPool::globalInstance()->start([directory] { killLeftovers(directory); });
}

} // namespace Acp
