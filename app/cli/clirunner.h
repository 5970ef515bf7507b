#pragma once

#include "agentclient.h"
#include "agentprofile.h"
#include "sessioncontroller.h"
#include "sessionstore.h"
#include "transcriptprinter.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSocketNotifier>

namespace Cli {

// Exit statuses, documented in --help, the README and the man page.
enum ExitCode {
    EndTurn = 0,
    UsageError = 2,
    Refusal = 3,
    Cancelled = 4,
    MaxTokens = 5,
    MaxTurnRequests = 6,
    AgentError = 7,
    ConnectionFailed = 8,
    SaveFailed = 9,
    NothingFound = 1, // search
};

int exitCodeFor(Acp::StopReason reason);

// What the command line asked for.
struct CliOptions
{
    enum class Command { Prompt, Sessions, Load, Search };
    enum class Permission { Allow, Reject, Ask };
    Command command = Command::Prompt;
    Acp::AgentProfile agent;
    QString cwd;
    QString sessionId;
    Permission permission = Permission::Reject;
    TranscriptPrinter::Format format = TranscriptPrinter::Format::Text;
    bool stats = false;
    int outputLines = 5; // prompt: a command's last output lines under its [tool] line
    int replayQuietMs = Acp::SessionController::LateReplaySettleMs; // see --replay-quiet
    bool allFolders = false; // sessions: not only those of `cwd`
    QString prompt; // search: the words to find
};

// Runs one command against one agent process and reports the exit status with finished().
// Everything is asynchronous: the event loop never blocks, so Ctrl+C and the agent's output
// are handled while a turn runs.
class CliRunner final : public QObject
{
    Q_OBJECT
public:
    CliRunner(CliOptions options, Acp::SessionStore *store, QObject *parent = nullptr);

    void start();
    // Ctrl+C: the first cancels the turn, the second gives up at once (the agent is killed).
    void interrupt();
    // SIGTERM or SIGHUP: the turn is cancelled, what it produced saved, and the run ends.
    void terminate();

Q_SIGNALS:
    void finished(int exitCode);

public:
    static constexpr int SearchLimit = 200; // hits printed by `search`, newest first

private:
    void opened(Acp::ClientSession *session);
    void runPrompt(Acp::ClientSession *session);
    void runLoad(Acp::ClientSession *session);
    void listSessions();
    void runSearch();
    void onPermission(Acp::ClientSession *session, const Acp::PendingPermission &permission);
    void askNext();
    QString toolTitle(const Acp::PendingPermission &permission) const;
    void fail(int code, const QString &message,
              const std::optional<Acp::RpcError> &agentError = std::nullopt);
    void finish(int code);

    CliOptions m_options;
    Acp::SessionStore *m_store;
    Acp::SessionController m_controller; // the same session workflow as the window's
    TranscriptPrinter m_printer;
    QPointer<Acp::ClientSession> m_session;
    QElapsedTimer m_openTimer;
    quint64 m_sequenceAtOpen = 0;
    int m_interrupts = 0;
    bool m_finished = false;
    // --permission ask: questions wait in order for a line on stdin.
    QList<Acp::PendingPermission> m_questions;
    QSocketNotifier *m_stdin = nullptr;
    QByteArray m_stdinBuffer;
    bool m_stdinClosed = false;
};

} // namespace Cli
