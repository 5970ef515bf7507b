#include "terminal.h"

#include "clientlogging.h"
#include "processreaper.h"
#include "processtransport.h"

#include <csignal>
#include <cstring>
#include <unistd.h>

namespace Acp {

namespace {

// A command given as one string with no args is a shell line ("npm test && echo ok"); agents
// differ here, so both forms are accepted.
bool needsShell(const CreateTerminalRequest &request)
{
    if (!request.args.isEmpty())
        return false;
    static const QString special = QStringLiteral(" \t|&;<>()$`\\\"'*?[#~=%");
    for (const QChar c : request.command) {
        if (special.contains(c))
            return true;
    }
    return false;
}

QString signalName(int number)
{
    const char *abbrev = sigabbrev_np(number);
    return abbrev ? QStringLiteral("SIG") + QString::fromLatin1(abbrev) : QString::number(number);
}

} // namespace

Terminal::Terminal(const QString &id, const QString &sessionId,
                   const CreateTerminalRequest &request, const QString &workingDirectory,
                   QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_sessionId(sessionId)
    , m_request(request)
    , m_process(this)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setWorkingDirectory(workingDirectory);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const EnvVariable &variable : request.env)
        env.insert(variable.name, variable.value);
    m_process.setProcessEnvironment(env);
    // Under the reaper (see ProcessReaper), the command and everything it starts end with
    // kill() and with the app, even one that crashed or was killed (its death reaches the
    // reaper as SIGUSR1: kill the tree now). Without it, the command's own process group is
    // the best there is.
    m_process.setChildProcessModifier(
        [this, dieWithApp = ProcessTransport::dieWithParent(SIGUSR1),
         dieWithAppDirectly = ProcessTransport::dieWithParent(SIGKILL)] {
            if (m_reaped) {
                ProcessReaper::holdSignalsForHelper();
                dieWithApp();
            } else {
                ::setpgid(0, 0);
                dieWithAppDirectly();
            }
        });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &Terminal::onOutput);
    connect(&m_process, &QProcess::finished, this, &Terminal::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        const QByteArray message
            = (tr("could not start %1: %2").arg(m_request.command, m_process.errorString())
               + QLatin1Char('\n'))
                  .toUtf8();
        m_output += message;
        Q_EMIT outputAppended(message);
        m_exitStatus = TerminalExitStatus{qint64(127), std::nullopt, {}};
        Q_EMIT exited(*m_exitStatus);
    });
}

Terminal::~Terminal()
{
    if (m_process.state() != QProcess::NotRunning) {
        // Teardown (session closed, application quitting): the group is killed, so the wait in
        // QProcess's destructor is short.
        kill();
        if (!m_process.waitForFinished(1000)) {
            m_process.kill();
            m_process.waitForFinished(1000);
        }
    }
}

QString Terminal::commandLine() const
{
    QStringList parts{m_request.command};
    parts += m_request.args;
    return parts.join(QLatin1Char(' '));
}

void Terminal::setSandbox(const Sandbox &sandbox)
{
    m_sandbox = sandbox;
    if (sandbox.temporary.isEmpty())
        return;
    // The agent's private temporary folder, unless the agent asked for another.
    QProcessEnvironment env = m_process.processEnvironment();
    const bool own
        = std::any_of(m_request.env.cbegin(), m_request.env.cend(),
                      [](const EnvVariable &v) { return v.name == QLatin1String("TMPDIR"); });
    if (!own) {
        sandbox.useTemporary(env);
        m_process.setProcessEnvironment(env);
    }
}

bool Terminal::start()
{
    qCDebug(lcAcpTerminal) << "terminal" << m_id << "runs" << commandLine();
    const bool shell = needsShell(m_request);
    const ProcessReaper::Launch launch = ProcessReaper::launch(
        shell ? QStringLiteral("/bin/sh") : m_request.command,
        shell ? QStringList{QStringLiteral("-c"), m_request.command} : m_request.args,
        m_process.processEnvironment(), m_process.workingDirectory(), {0, true, m_sandbox});
    if (!launch.refusal.isEmpty()) {
        qCWarning(lcAcpTerminal) << "terminal" << m_id << "not started:" << launch.refusal;
        m_refusal = launch.refusal;
        return false;
    }
    m_reaped = launch.reaped;
    m_process.start(launch.program, launch.arguments);
    return true;
}

void Terminal::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (m_reaped) {
        ProcessReaper::killTree(m_process, true);
        return;
    }
    if (const qint64 pid = m_process.processId(); pid > 0)
        ::kill(-pid_t(pid), SIGKILL);
    m_process.kill();
}

void Terminal::release()
{
    kill();
    m_released = true;
}

QByteArray Terminal::truncateFront(const QByteArray &bytes, qint64 limit, bool *truncated)
{
    if (limit < 0 || bytes.size() <= limit)
        return bytes;
    *truncated = true;
    qsizetype start = bytes.size() - qsizetype(limit);
    // Never begin inside a character: skip UTF-8 continuation bytes (10xxxxxx).
    while (start < bytes.size() && (uchar(bytes.at(start)) & 0xC0) == 0x80)
        ++start;
    return bytes.mid(start);
}

void Terminal::onOutput()
{
    const QByteArray bytes = m_process.readAllStandardOutput();
    if (bytes.isEmpty())
        return;
    m_output += bytes;
    // Cut back only once it is half as long again as the limit: each byte is moved a bounded
    // number of times however much the command prints.
    const qint64 limit = outputLimit();
    if (m_output.size() > limit + limit / 2)
        m_output = truncateFront(m_output, limit, &m_truncated);
    Q_EMIT outputAppended(bytes);
}

qint64 Terminal::outputLimit() const
{
    return m_request.outputByteLimit ? qMax<qint64>(0, *m_request.outputByteLimit)
                                     : DefaultOutputLimit;
}

QByteArray Terminal::output() const
{
    bool truncated = false;
    return m_output.size() > outputLimit() ? truncateFront(m_output, outputLimit(), &truncated)
                                           : m_output;
}

bool Terminal::isTruncated() const
{
    return m_truncated || m_output.size() > outputLimit();
}

void Terminal::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onOutput();
    TerminalExitStatus exit;
    if (status == QProcess::CrashExit)
        exit.signal = signalName(exitCode); // Qt reports the signal number as the exit code
    else
        exit.exitCode = exitCode;
    m_exitStatus = exit;
    Q_EMIT exited(exit);
}

} // namespace Acp
