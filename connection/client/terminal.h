#pragma once

#include "clientmethods.h"
#include "sandbox.h"

#include <QObject>
#include <QProcess>

namespace Acp {

// One command run for the agent (terminal/create). Output (stdout and stderr together) is kept
// up to the byte limit, dropping from the start at a UTF-8 character boundary, and streamed to
// the UI as it arrives (outputAppended carries only the new bytes). The command runs in its own
// process group so that kill() stops what it started too. After release() the terminal stays
// readable for the transcript but no longer answers the agent.
class Terminal final : public QObject
{
    Q_OBJECT
public:
    Terminal(const QString &id, const QString &sessionId, const CreateTerminalRequest &request,
             const QString &workingDirectory, QObject *parent = nullptr);
    ~Terminal() override;

    const QString &id() const { return m_id; }
    const QString &sessionId() const { return m_sessionId; }
    QString workingDirectory() const { return m_process.workingDirectory(); }
    // The command line as shown to the user.
    QString commandLine() const;
    // The output, at most outputLimit() bytes: the agent's outputByteLimit, or
    // DefaultOutputLimit when it gives none (a command that prints without end must not take
    // the app's memory with it). The front is dropped, at a character boundary.
    QByteArray output() const;
    bool isTruncated() const;
    // The last `bytes` bytes of the output (or all of it when shorter): cheap, for views.
    QByteArray outputTail(qsizetype bytes) const
    {
        return m_output.size() > bytes ? m_output.right(bytes) : m_output;
    }
    qint64 outputLimit() const;
    static constexpr qint64 DefaultOutputLimit = qint64(8) * 1024 * 1024;
    bool hasExited() const { return m_exitStatus.has_value(); }
    std::optional<TerminalExitStatus> exitStatus() const { return m_exitStatus; }
    bool isReleased() const { return m_released; }

    // Runs the command in `sandbox` (the agent's own: a command we run for the agent may do no
    // more than the agent itself). Before start().
    void setSandbox(const Sandbox &sandbox);
    // Starts the command; false if it must not run at all (its sandbox cannot be had), with the
    // reason in refusal().
    bool start();
    QString refusal() const { return m_refusal; }
    void kill();
    void release();

    // Keeps only the last `limit` bytes of `bytes`, starting at a character boundary.
    static QByteArray truncateFront(const QByteArray &bytes, qint64 limit, bool *truncated);

Q_SIGNALS:
    void outputAppended(const QByteArray &bytes);
    void exited(const Acp::TerminalExitStatus &status);

private:
    void onOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QString m_id;
    QString m_sessionId;
    CreateTerminalRequest m_request;
    QProcess m_process;
    QByteArray m_output;
    bool m_truncated = false;
    bool m_reaped = false; // started under switchboard-reaper (see ProcessReaper)
    Sandbox m_sandbox;
    QString m_refusal;
    std::optional<TerminalExitStatus> m_exitStatus;
    bool m_released = false;
};

} // namespace Acp

Q_DECLARE_METATYPE(Acp::TerminalExitStatus)
