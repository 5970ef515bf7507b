#pragma once

#include "agentclient.h"
#include "agentprofile.h"
#include "mcpservers.h"
#include "permissionrules.h"

#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

namespace Acp {

class SessionRecorder;
class SessionStore;

// One session's workflow, for every front end (a window's tab, a switchboard-cli run):
// starts the agent, opens a new session or reopens a saved one (the choice between a resume
// and a replay is made here, and only here), selects the MCP servers the agent can take,
// counts a replay, and records the session once it is open. It takes no widget and says what
// happens through signals; the front ends only show it.
class SessionController final : public QObject
{
    Q_OBJECT
public:
    // How a saved session is reopened: the agent's own history replayed (session/load), or
    // our saved copy shown and the agent resumed (session/resume, faster, no replay).
    enum class Reopen {
        Automatic, // resume when there is a saved copy, else replay; the user's last choice wins
        Resume,
        LoadHistory,
    };
    Q_ENUM(Reopen)
    enum class Stage {
        Starting, // the agent is starting and initializing
        Opening, // session/new under way
        Loading, // session/load: the replay is under way (see replayProgress())
        Resuming, // session/resume under way
        Ready, // session() is open
        Failed, // see failed()
    };
    Q_ENUM(Stage)
    // An agent that answers session/load before replaying anything (or anything but a message
    // of its own in the user's name) may replay after its answer (some real agents do): the session
    // is handed over once it has been quiet this long, so that no front end shows, prints or
    // records a half replay as the loaded session.
    static constexpr int LateReplaySettleMs = 250;

    struct Options
    {
        AgentProfile profile;
        QString cwd;
        std::optional<QString> sessionId; // reopen this one; none: a new session
        Reopen reopen = Reopen::Automatic;
        // The session is opened to read its history (switchboard-cli load): only a replay
        // will do.
        bool historyRequired = false;
        // Remember an explicit Resume or LoadHistory as this agent's choice (the window).
        bool rememberReopenChoice = false;
        SessionStore *store = nullptr; // where the session is recorded; none: not recorded
        // The remembered permission answers (not owned); none: the controller keeps its own.
        QPointer<PermissionRules> permissionRules;
        // False: only start the agent (switchboard-cli sessions lists them, opens none).
        bool openSession = true;
        // How long a replay that goes on after the load's answer must be quiet before the
        // session is handed over (see LateReplaySettleMs).
        int lateReplaySettleMs = LateReplaySettleMs;
        AgentClient::Options client;
    };
    struct Failure
    {
        Stage stage = Stage::Starting; // where it failed
        QString message;
        // The agent's error response, when it answered with one: its code, message and `data`.
        std::optional<RpcError> agentError;
        QByteArray stderrTail; // the agent's last stderr lines, when it is gone
        bool agentGone = false;
        bool authenticationRequired = false; // log in, then authenticate()
        // The agent went away before a session was open (it did not start, or exited).
        std::optional<DisconnectCause> disconnect;
    };

    SessionController(Options options, QObject *parent = nullptr);
    ~SessionController() override; // saves what is not saved yet and shuts the agent down

    // Reads the saved copy (when reopening), then starts the agent.
    void start();
    // Before a session is open (a login, a failed start): a fresh agent, from the start.
    void restart();
    void authenticate(const QString &methodId);
    // Gives up on a load or resume under way (no failed() follows); the saved copy stays.
    bool cancelOpening();
    // The user's prompt: recorded, then sent (or queued while a turn runs). Before the session
    // is open (the agent still starting, logging in, loading), it waits here and goes first
    // once the session is ready, so that a prompt typed at once is not lost.
    void submit(const QString &text, const QList<ContentBlock> &blocks);
    // The prompts waiting: here before the session is open, then the session's own queue.
    QList<QueuedPrompt> queuedPrompts() const;
    bool removeQueuedPrompt(quint64 id);
    // Stop: cancels the turn; a second Stop while the agent ignores the cancel ends it.
    void stop();
    // Writes the record and the transcript now (switchboard-cli before it exits).
    void saveNow();

    const Options &options() const { return m_options; }
    // Where the agent runs (the session's folder), and the sandbox it runs in there.
    QString workingDirectory() const;
    Sandbox sandbox() const;
    Stage stage() const { return m_stage; }
    AgentClient *client() const { return m_client; }
    ClientSession *session() const { return m_session; }
    SessionRecorder *recorder() const { return m_recorder.get(); }
    // The saved copy read at start (rows, then the journal on top); empty for a new session.
    // Fills `model` with the saved copy; false if it could not be read whole.
    bool restoreSavedCopy(TranscriptModel *model) const;
    bool hasSavedCopy() const { return !m_savedRows.isEmpty() || !m_savedJournal.isEmpty(); }
    bool wasForceStopped() const { return m_forceStopped; }
    // What a "Restart agent" after a crash starts: the same profile and folder and, once the
    // session was open and is recorded, that session, reopened.
    Options restartOptions() const;
    // The MCP servers the agent could not take, with why (known once it is initialized).
    const QList<SkippedMcpServer> &skippedMcpServers() const { return m_skippedMcp; }

    // The preference key remembered per agent for Reopen::Automatic.
    static QString reopenPreferenceKey(const QString &agentKey);

Q_SIGNALS:
    void stageChanged(Acp::SessionController::Stage stage);
    // The agent is initialized (before any session is opened).
    void agentReady();
    // A new agent process is being started (at start(), and at each restart()): the client
    // to follow for what it asks of the user (elicitations).
    void agentStarting(Acp::AgentClient *client);
    // authenticate() failed; the agent still waits for a login.
    void loginFailed(const QString &error);
    // The saved copy was read (reopening only): a front end may show it while the agent starts.
    void savedCopyRead();
    void mcpSkipped(const QList<Acp::SkippedMcpServer> &skipped);
    void authenticationRequired(const QList<Acp::AuthMethod> &methods);
    // Updates replayed so far by a session/load, applied to a session no view shows yet.
    void replayProgress(int updates);
    void sessionReady(Acp::ClientSession *session);
    // queuedPrompts() changed.
    void queueChanged();
    void failed(const Acp::SessionController::Failure &failure);
    // The agent went away after the session was open; the transcript is kept.
    void agentStopped(const Acp::DisconnectCause &cause);
    // A load replayed fewer prompts than the saved copy holds: the agent lost part of the
    // session (gemini-cli 0.61 does), so the saved copy is what the session shows.
    void replayFellShort(int replayedPrompts, int savedPrompts);

private:
    void startAgent();
    void onClientState(AgentClient::State state);
    void open();
    void reopen();
    void opened(ClientSession *session, const AgentClient::OpenError &error, Stage stage);
    static bool holdsAnAnswer(const TranscriptModel &replayed);
    static int userPrompts(const TranscriptModel &model);
    void settleLateReplay(ClientSession *session);
    // Puts the saved copy in place of a replay with fewer prompts; the counts if it did.
    std::optional<std::pair<int, int>>
    keepSavedCopyIfReplayFellShort(TranscriptModel *loaded, const TranscriptModel &saved) const;
    // Puts the saved copy in place of a replay that brings no turn the saved copy lacks.
    bool keepSavedCopyIfNothingNew(TranscriptModel *loaded, const TranscriptModel &saved) const;
    bool stopSettling(); // true if a late replay was being waited for
    void setStage(Stage stage);
    void fail(Stage stage, const QString &message,
              const std::optional<RpcError> &agentError = std::nullopt);
    QList<McpServer> selectMcpServers();

    Options m_options;
    Stage m_stage = Stage::Starting;
    QPointer<AgentClient> m_client;
    QPointer<ClientSession> m_session;
    std::unique_ptr<SessionRecorder> m_recorder;
    QJsonArray m_savedRows;
    QJsonArray m_savedJournal;
    bool m_savedCopyRead = false;
    bool m_reopenWaiting = false; // the agent is ready, the saved copy not read yet
    bool m_forceStopped = false;
    bool m_historyAsked = false; // the user asked for the agent's own history (Load full history)
    int m_replayed = 0;
    QTimer m_settle; // see Options::lateReplaySettleMs; runs while a late replay is waited for
    QPointer<ClientSession> m_settling; // the loaded session it is handed over at the end
    QList<SkippedMcpServer> m_skippedMcp;
    struct WaitingPrompt
    {
        QueuedPrompt prompt;
        QString text; // as recorded
    };
    QList<WaitingPrompt> m_waiting; // submitted before the session was open
    quint64 m_nextWaitingId = 0;
    std::optional<DisconnectCause> m_lostAgent; // for the next failure
};

} // namespace Acp

Q_DECLARE_METATYPE(Acp::SessionController::Failure)
