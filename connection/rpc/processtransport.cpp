#include "processtransport.h"

#include "logging.h"
#include "processreaper.h"

#include <csignal>
#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace Acp {

ProcessTransport::ProcessTransport(ProcessOptions options, QObject *parent)
    : Transport(parent)
    , m_options(std::move(options))
    , m_process(this)
    , m_exitWait(this)
    , m_escalate(this)
{
    m_exitWait.setSingleShot(true);
    m_exitWait.setInterval(std::chrono::milliseconds(1000));
    m_escalate.setSingleShot(true);

    connect(&m_process, &QProcess::started, this, &Transport::started);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &ProcessTransport::readStdout);
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { appendStderr(m_process.readAllStandardError()); });
    connect(&m_process, &QProcess::finished, this, &ProcessTransport::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &ProcessTransport::onError);
    // stdout closed while the process may still be running: give it a moment to exit so that
    // the cause can name the exit status, then report the end of the stream and make it leave.
    connect(&m_process, &QProcess::readChannelFinished, this, [this] {
        if (m_process.state() != QProcess::NotRunning && !hasEnded())
            m_exitWait.start();
    });
    connect(&m_exitWait, &QTimer::timeout, this, [this] {
        readStdout();
        end({m_lingerReason, {}, {}, m_lingerDetail, {}});
        shutdown(m_grace);
    });
    connect(&m_escalate, &QTimer::timeout, this, &ProcessTransport::escalate);
}

ProcessTransport::~ProcessTransport()
{
    if (m_process.state() != QProcess::NotRunning) {
        // Runs on the worker thread during teardown; the kill makes the wait short.
        m_process.disconnect(this);
        ProcessReaper::killTree(m_process, m_reaped);
        if (!m_process.waitForFinished(1000)) {
            m_process.kill();
            m_process.waitForFinished(1000);
        }
    }
}

std::function<void()> ProcessTransport::dieWithParent(int signal)
{
#ifdef Q_OS_LINUX
    const pid_t parent = ::getpid();
    return [parent, signal] {
        ::prctl(PR_SET_PDEATHSIG, signal);
        if (::getppid() != parent) // the parent died before the line above: go now
            ::_exit(127);
    };
#else
    Q_UNUSED(signal);
    return [] {};
#endif
}

void ProcessTransport::start()
{
    if (!m_options.environment.isEmpty())
        m_process.setProcessEnvironment(m_options.environment);
    if (!m_options.workingDirectory.isEmpty())
        m_process.setWorkingDirectory(m_options.workingDirectory);
    // The agent ends with the connection's worker thread: with us, even if we are killed; and
    // so does everything it started (the reaper passes the SIGTERM on, then kills the tree).
    const ProcessReaper::Launch launch = ProcessReaper::launch(
        m_options.program, m_options.arguments,
        m_options.environment.isEmpty() ? QProcessEnvironment::systemEnvironment()
                                        : m_options.environment,
        m_options.workingDirectory, {int(m_grace.count()), false, m_options.sandbox});
    if (!launch.refusal.isEmpty()) {
        qCWarning(lcAcpTransport) << "not starting" << m_options.program << launch.refusal;
        end({DisconnectCause::Reason::FailedToStart, {}, {}, launch.refusal, {}});
        return;
    }
    m_reaped = launch.reaped;
    m_process.setChildProcessModifier([dieWithUs = dieWithParent(SIGTERM), reaped = m_reaped] {
        if (reaped)
            ProcessReaper::holdSignalsForHelper();
        dieWithUs();
    });
    qCDebug(lcAcpTransport) << "starting" << m_options.program << m_options.arguments
                            << (m_reaped ? "under the reaper" : "directly");
    m_process.start(launch.program, launch.arguments, QIODevice::ReadWrite);
}

bool ProcessTransport::write(const QByteArray &bytes)
{
    if (hasEnded() || !m_process.isOpen())
        return false;
    return m_process.write(bytes) == bytes.size();
}

void ProcessTransport::shutdown(std::chrono::milliseconds grace)
{
    m_grace = grace;
    if (m_process.state() == QProcess::NotRunning) {
        end({DisconnectCause::Reason::ClosedByClient, {}, {}, {}, {}});
        return;
    }
    m_process.closeWriteChannel();
    if (!m_escalate.isActive() && m_escalation == 0)
        m_escalate.start(grace);
}

void ProcessTransport::escalate()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    ++m_escalation;
    if (m_escalation == 1) {
        qCInfo(lcAcpTransport) << "agent did not exit after its input closed; terminating";
        m_process.terminate();
        m_escalate.start(m_grace);
    } else {
        qCWarning(lcAcpTransport) << "agent ignored SIGTERM; killing";
        ProcessReaper::killTree(m_process, m_reaped);
    }
}

void ProcessTransport::readStdout()
{
    const QByteArray bytes = m_process.readAllStandardOutput();
    if (!bytes.isEmpty() && !hasEnded())
        Q_EMIT dataReceived(bytes);
}

void ProcessTransport::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_exitWait.stop();
    m_escalate.stop();
    readStdout();
    appendStderr(m_process.readAllStandardError());
    DisconnectCause cause;
    if (status == QProcess::CrashExit) {
        cause.reason = DisconnectCause::Reason::AgentCrashed;
        // On Unix, Qt reports the terminating signal as the exit code of a crashed process.
        cause.signal = exitCode;
    } else {
        cause.reason = DisconnectCause::Reason::AgentExited;
        cause.exitCode = exitCode;
    }
    qCDebug(lcAcpTransport) << "agent finished:" << cause.description();
    end(cause);
}

void ProcessTransport::onError(QProcess::ProcessError error)
{
    if (error == QProcess::FailedToStart) {
        end({DisconnectCause::Reason::FailedToStart,
             {},
             {},
             m_options.program + QStringLiteral(": ") + m_process.errorString(),
             {}});
    } else if (error == QProcess::WriteError && m_process.state() != QProcess::NotRunning) {
        // Either the agent is dying (its exit is not reaped yet) or it closed its input and
        // lingers. Wait a moment for the exit status, which says more than "write error"
        // (a crash, with its stderr); a lingering agent is ended with the write error, since
        // requests can no longer reach it. Its output so far counts either way.
        qCWarning(lcAcpTransport) << "write error:" << m_process.errorString();
        readStdout();
        m_lingerReason = DisconnectCause::Reason::WriteError;
        m_lingerDetail = m_process.errorString();
        if (!m_exitWait.isActive())
            m_exitWait.start();
    }
}

} // namespace Acp
