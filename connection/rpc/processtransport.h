#pragma once

#include "sandbox.h"
#include "transport.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace Acp {

struct ProcessOptions
{
    QString program;
    QStringList arguments;
    // The agent's complete environment; empty means the client's own environment.
    QProcessEnvironment environment;
    QString workingDirectory;
    Sandbox sandbox; // the kernel sandbox the agent and its whole tree run in
};

// An agent child process spoken to over stdin/stdout; stderr is collected into a bounded tail.
class ProcessTransport final : public Transport
{
    Q_OBJECT
public:
    // For QProcess::setChildProcessModifier(), called in the child before exec: the child
    // gets `signal` when the thread that started it ends, so that it does not outlive an app
    // that crashed or was killed (Linux's PR_SET_PDEATHSIG; a no-op elsewhere). Call on the
    // thread that starts the process, which must live as long as the process should.
    static std::function<void()> dieWithParent(int signal);

    explicit ProcessTransport(ProcessOptions options, QObject *parent = nullptr);
    ~ProcessTransport() override;

    void start() override;
    bool write(const QByteArray &bytes) override;
    void shutdown(std::chrono::milliseconds grace) override;

    // How long the agent has to exit once its stdout has closed before the connection reports
    // the end of the stream without an exit status.
    void setExitWait(std::chrono::milliseconds wait) { m_exitWait.setInterval(wait); }

private:
    void readStdout();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void escalate();

    ProcessOptions m_options;
    QProcess m_process;
    QTimer m_exitWait; // stdout closed or a write failed: wait this long for the exit status
    // How the connection ends if the exit status does not come in time.
    DisconnectCause::Reason m_lingerReason = DisconnectCause::Reason::EndOfStream;
    QString m_lingerDetail;
    QTimer m_escalate; // shutdown: terminate, then kill
    int m_escalation = 0;
    std::chrono::milliseconds m_grace{2000};
    bool m_reaped = false; // started under switchboard-reaper (see ProcessReaper)
};

} // namespace Acp
