#include "sessioncontroller.h"

#include "clientlogging.h"
#include "clientsession.h"
#include "permissionrules.h"
#include "sessionrecorder.h"
#include "sessionstore.h"

#include <QDir>
#include <QSettings>

#include <algorithm>
#include <utility>

namespace Acp {

SessionController::SessionController(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    if (m_options.client.agentKey == QLatin1String("default"))
        m_options.client.agentKey = m_options.profile.name;
    m_settle.setSingleShot(true);
    m_settle.setInterval(m_options.lateReplaySettleMs);
    connect(&m_settle, &QTimer::timeout, this, [this] {
        if (ClientSession *loaded = std::exchange(m_settling, nullptr))
            opened(loaded, {}, Stage::Loading);
        else
            fail(Stage::Loading, tr("The session was closed while it loaded."));
    });
}

SessionController::~SessionController()
{
    m_recorder.reset(); // saves what is not saved yet
    if (m_client)
        m_client->shutdown();
}

QString SessionController::reopenPreferenceKey(const QString &agentKey)
{
    return QStringLiteral("reopen/") + QString::fromLatin1(agentKey.toUtf8().toPercentEncoding());
}

void SessionController::start()
{
    if (m_options.sessionId && m_options.store) {
        m_options.store->loadSnapshot(m_options.profile.name, *m_options.sessionId, this,
                                      [this](const QJsonArray &rows, const QJsonArray &journal) {
                                          m_savedRows = rows;
                                          m_savedJournal = journal;
                                          m_savedCopyRead = true;
                                          if (hasSavedCopy())
                                              Q_EMIT savedCopyRead();
                                          if (m_reopenWaiting)
                                              reopen();
                                      });
    } else {
        m_savedCopyRead = true;
    }
    startAgent();
}

void SessionController::startAgent()
{
    setStage(Stage::Starting);
    m_client = new AgentClient(m_options.client, this);
    // The front end's rules (one set per process, so that Settings and every tab see the
    // same session rules), or rules of its own.
    m_client->setPermissionRules(m_options.permissionRules
                                     ? m_options.permissionRules.data()
                                     : new PermissionRules(nullptr, m_client));
    connect(m_client, &AgentClient::stateChanged, this, &SessionController::onClientState);
    connect(m_client, &AgentClient::authenticationRequired, this,
            &SessionController::authenticationRequired);
    connect(m_client, &AgentClient::disconnected, this, [this](const DisconnectCause &cause) {
        if (stopSettling()) { // gone while a late replay came in: the load failed
            fail(Stage::Loading, cause.description());
            return;
        }
        if (!m_session)
            return; // said through the client's state, with what the agent printed
        // A running turn records the failure itself when its request fails.
        if (m_session->turnState() == ClientSession::TurnState::Idle)
            m_session->transcript()->appendError(
                tr("The agent stopped: %1").arg(cause.description()));
        Q_EMIT agentStopped(cause);
    });
    Q_EMIT agentStarting(m_client);
    ProcessOptions process = m_options.profile.processOptions();
    process.workingDirectory = workingDirectory();
    process.sandbox = sandbox();
    m_client->start(process);
}

QString SessionController::workingDirectory() const
{
    const QString dir = m_options.cwd.isEmpty() ? m_options.profile.defaultCwd : m_options.cwd;
    return dir.isEmpty() ? QDir::currentPath() : QDir(dir).absolutePath();
}

Sandbox SessionController::sandbox() const
{
    Sandbox sandbox = m_options.profile.sandbox;
    if (sandbox.isOn())
        sandbox.workspaces = {workingDirectory()};
    return sandbox;
}

void SessionController::restart()
{
    if (m_session)
        return; // a session is open: a restart is a new controller (a new tab, a new run)
    if (m_client) {
        m_client->disconnect(this);
        m_client->shutdown();
        m_client->deleteLater();
    }
    startAgent();
}

void SessionController::onClientState(AgentClient::State state)
{
    switch (state) {
    case AgentClient::State::Ready:
        Q_EMIT agentReady();
        if (!m_options.openSession)
            break;
        if (m_options.sessionId)
            reopen();
        else
            open();
        break;
    case AgentClient::State::Failed:
        fail(Stage::Starting, m_client->errorString());
        break;
    case AgentClient::State::Disconnected:
        if (!m_session) {
            m_lostAgent = m_client->connection()->disconnectCause();
            fail(Stage::Starting, m_lostAgent->description());
        }
        break;
    default:
        break;
    }
}

QList<McpServer> SessionController::selectMcpServers()
{
    const McpSelection selection
        = McpServers::select(m_options.profile.mcpServers, m_client->capabilities());
    m_skippedMcp = selection.skipped;
    if (!m_skippedMcp.isEmpty())
        Q_EMIT mcpSkipped(m_skippedMcp);
    return selection.passed;
}

void SessionController::open()
{
    setStage(Stage::Opening);
    SessionSetup setup;
    setup.cwd = m_options.cwd;
    setup.mcpServers = selectMcpServers();
    m_client->newSession(setup,
                         [this](ClientSession *session, const AgentClient::OpenError &error) {
                             opened(session, error, Stage::Opening);
                         });
}

void SessionController::reopen()
{
    if (!m_savedCopyRead) {
        m_reopenWaiting = true; // the choice needs to know whether there is a saved copy
        return;
    }
    m_reopenWaiting = false;
    const AgentCapabilities &caps = m_client->capabilities();
    SessionSetup setup;
    setup.sessionId = m_options.sessionId;
    setup.cwd = m_options.cwd;
    setup.mcpServers = selectMcpServers();
    // The choice between a fast resume and a full replay, remembered per agent.
    Reopen mode = m_options.historyRequired ? Reopen::LoadHistory : m_options.reopen;
    if (!m_options.historyRequired) {
        QSettings settings;
        const QString key = reopenPreferenceKey(m_options.profile.name);
        if (mode == Reopen::Automatic)
            mode = settings.value(key).toString() == QLatin1String("load") ? Reopen::LoadHistory
                                                                           : Reopen::Automatic;
        else if (m_options.rememberReopenChoice)
            settings.setValue(key,
                              mode == Reopen::LoadHistory ? QStringLiteral("load")
                                                          : QStringLiteral("resume"));
    }
    const bool canResume = caps.sessionResume && !m_options.historyRequired
        && (hasSavedCopy() || mode == Reopen::Resume || !caps.loadSession);
    const bool resume = canResume && (mode != Reopen::LoadHistory || !caps.loadSession);
    const bool load = !resume && caps.loadSession;
    m_historyAsked = mode == Reopen::LoadHistory;
    qCInfo(lcAcpSession) << "reopening" << *m_options.sessionId << "with"
                         << (load         ? "session/load"
                                 : resume ? "session/resume"
                                          : "nothing (the agent cannot reopen)");
    if (load) {
        // The replay goes into a session nobody shows yet; it is handed over when complete.
        setStage(Stage::Loading);
        m_replayed = 0;
        m_client->loadSession(setup,
                              [this](ClientSession *session, const AgentClient::OpenError &error) {
                                  if (session && !holdsAnAnswer(*session->transcript()))
                                      settleLateReplay(session);
                                  else
                                      opened(session, error, Stage::Loading);
                              });
        if (ClientSession *loading = m_client->session(*m_options.sessionId))
            connect(loading, &ClientSession::updateApplied, this, [this] {
                if (m_stage != Stage::Loading)
                    return;
                Q_EMIT replayProgress(++m_replayed);
                if (m_settle.isActive())
                    m_settle.start(); // still replaying: quiet for a while from now
            });
    } else if (resume) {
        setStage(Stage::Resuming);
        m_client->resumeSession(
            setup, [this](ClientSession *session, const AgentClient::OpenError &error) {
                // No replay: the earlier turns are our saved copy, put back before anything is
                // recorded, so that the next save holds them and the new ones.
                if (session && hasSavedCopy())
                    restoreSavedCopy(session->transcript());
                opened(session, error, Stage::Resuming);
            });
    } else {
        fail(Stage::Failed,
             m_options.historyRequired ? tr("This agent cannot load earlier sessions.")
                                       : tr("This agent cannot reopen sessions."));
    }
}

void SessionController::opened(ClientSession *session, const AgentClient::OpenError &error,
                               Stage stage)
{
    if (!session) {
        fail(stage, error.message, error.agentError);
        return;
    }
    m_session = session;
    std::optional<std::pair<int, int>> fellShort;
    TranscriptModel saved; // read back once, for the three choices below
    if (stage == Stage::Loading && hasSavedCopy() && restoreSavedCopy(&saved)) {
        TranscriptModel *loaded = session->transcript();
        // A replay is the agent's history: what our own terminals printed is ours, kept only
        // in the saved copy, and goes back on its tool calls (the user saw it live).
        loaded->keepCommandsFrom(saved);
        const int replayed = userPrompts(*loaded);
        if (!m_historyAsked && keepSavedCopyIfNothingNew(loaded, saved)) {
            if (const int kept = userPrompts(saved); replayed < kept)
                fellShort = std::pair{replayed, kept};
        } else {
            fellShort = keepSavedCopyIfReplayFellShort(loaded, saved);
        }
    }
    // Recorded as it happens (a kill -9 loses at most ~100 ms); without a store the recorder
    // keeps only the first prompt, which names the session until the agent does.
    m_recorder
        = std::make_unique<SessionRecorder>(m_options.store, m_options.profile.name, session);
    connect(session, &ClientSession::queueChanged, this, &SessionController::queueChanged);
    setStage(Stage::Ready);
    Q_EMIT sessionReady(session);
    if (fellShort) {
        m_client->connection()->addTrafficNote(
            QStringLiteral("the replay held %1 of the %2 prompts of the saved copy: the saved "
                           "copy is shown")
                .arg(fellShort->first)
                .arg(fellShort->second));
        Q_EMIT replayFellShort(fellShort->first, fellShort->second);
    }
    if (m_waiting.isEmpty())
        return;
    // The first one starts a turn, the others queue behind it, in the order they were typed.
    for (const WaitingPrompt &waiting : std::exchange(m_waiting, {})) {
        if (m_recorder)
            m_recorder->recordPrompt(waiting.text);
        session->prompt(waiting.prompt.blocks);
    }
    Q_EMIT queueChanged();
}

int SessionController::userPrompts(const TranscriptModel &model)
{
    const QList<TranscriptEntry> &entries = model.entries();
    return int(std::count_if(entries.cbegin(), entries.cend(), [](const TranscriptEntry &e) {
        return e.kind == TranscriptEntry::Kind::UserMessage;
    }));
}

bool SessionController::holdsAnAnswer(const TranscriptModel &replayed)
{
    // Nothing replayed, or only a preamble of the agent's own (gemini-cli 0.61 sends its
    // <session_context> message, answers, then replays the session): not the history yet.
    const QList<TranscriptEntry> &entries = replayed.entries();
    return std::any_of(entries.cbegin(), entries.cend(), [](const TranscriptEntry &e) {
        return e.kind != TranscriptEntry::Kind::UserMessage;
    });
}

void SessionController::settleLateReplay(ClientSession *session)
{
    m_settling = session;
    m_settle.start();
}

bool SessionController::stopSettling()
{
    if (!m_settle.isActive())
        return false;
    m_settle.stop();
    m_settling = nullptr;
    return true;
}

void SessionController::authenticate(const QString &methodId)
{
    if (!m_client)
        return;
    m_client->authenticate(methodId, [this](const QString &error) {
        if (!error.isEmpty()) {
            Q_EMIT loginFailed(error);
            return;
        }
        if (m_options.sessionId)
            reopen();
        else
            open(); // the same directory as before
    });
}

bool SessionController::cancelOpening()
{
    if (stopSettling()) { // answered, and replaying late: the replay is not waited for
        setStage(Stage::Failed);
        return true;
    }
    if (!m_client || !m_options.sessionId || !m_client->cancelOpening(*m_options.sessionId))
        return false;
    setStage(Stage::Failed);
    return true;
}

void SessionController::submit(const QString &text, const QList<ContentBlock> &blocks)
{
    if (!m_session) {
        if (!m_options.openSession)
            return;
        m_waiting.append({{++m_nextWaitingId, blocks}, text});
        Q_EMIT queueChanged();
        return;
    }
    if (m_recorder)
        m_recorder->recordPrompt(text);
    m_session->prompt(blocks);
}

QList<QueuedPrompt> SessionController::queuedPrompts() const
{
    if (m_session)
        return m_session->queuedPrompts();
    QList<QueuedPrompt> prompts;
    for (const WaitingPrompt &waiting : m_waiting)
        prompts.append(waiting.prompt);
    return prompts;
}

bool SessionController::removeQueuedPrompt(quint64 id)
{
    if (m_session)
        return m_session->removeQueuedPrompt(id);
    const auto removed = m_waiting.removeIf(
        [id](const WaitingPrompt &waiting) { return waiting.prompt.id == id; });
    if (removed > 0)
        Q_EMIT queueChanged();
    return removed > 0;
}

SessionController::Options SessionController::restartOptions() const
{
    Options next = m_options;
    next.reopen = Reopen::Automatic;
    next.historyRequired = false;
    if (m_session && m_options.store)
        next.sessionId = m_session->sessionId();
    else if (!m_session)
        next.sessionId = m_options.sessionId; // it never opened: try the same again
    else
        next.sessionId.reset();
    return next;
}

void SessionController::stop()
{
    if (!m_session)
        return;
    if (m_session->turnState() == ClientSession::TurnState::Cancelling && m_client) {
        m_forceStopped = true;
        m_client->kill();
        return;
    }
    m_session->cancel();
}

void SessionController::saveNow()
{
    if (m_recorder)
        m_recorder->saveNow();
}

void SessionController::setStage(Stage stage)
{
    if (m_stage == stage)
        return;
    m_stage = stage;
    Q_EMIT stageChanged(stage);
}

void SessionController::fail(Stage stage, const QString &message,
                             const std::optional<RpcError> &agentError)
{
    Failure failure;
    failure.stage = stage;
    failure.message = message;
    failure.agentError = agentError;
    failure.authenticationRequired = m_client && m_client->isAuthenticationRequired();
    const Connection *connection = m_client ? m_client->connection() : nullptr;
    failure.agentGone = connection && !connection->isRunning();
    if (failure.agentGone)
        failure.stderrTail = connection->stderrTail();
    failure.disconnect = std::exchange(m_lostAgent, std::nullopt);
    setStage(Stage::Failed);
    Q_EMIT failed(failure);
}

std::optional<std::pair<int, int>>
SessionController::keepSavedCopyIfReplayFellShort(TranscriptModel *loaded,
                                                  const TranscriptModel &saved) const
{
    // The agent's history is the truth of what it remembers, and it may hold more than our
    // copy (turns taken elsewhere). But a replay with fewer of the user's prompts than we saw
    // has lost part of the session: showing it would lose them for the user too.
    const int replayed = userPrompts(*loaded);
    const int kept = userPrompts(saved);
    if (replayed >= kept)
        return std::nullopt;
    qCWarning(lcAcpSession) << "the agent replayed" << replayed << "of" << kept << "prompts of"
                            << *m_options.sessionId << "- the saved copy is shown";
    loaded->clear();
    restoreSavedCopy(loaded);
    return std::pair{replayed, kept};
}

bool SessionController::keepSavedCopyIfNothingNew(TranscriptModel *loaded,
                                                  const TranscriptModel &saved) const
{
    // Opening a session shows what the user saw, as a resume does: an agent that can only
    // load replays its own account (generic titles, no output, no permission answers), so the
    // saved copy stays unless the replay holds turns taken elsewhere: a prompt the saved copy
    // lacks after one it has (prompts before any known one are the agent's preamble).
    QStringList known;
    for (const TranscriptEntry &e : saved.entries()) {
        if (e.kind == TranscriptEntry::Kind::UserMessage)
            known << e.text.trimmed();
    }
    bool matched = false;
    for (const TranscriptEntry &e : loaded->entries()) {
        if (e.kind != TranscriptEntry::Kind::UserMessage)
            continue;
        const qsizetype at = known.indexOf(e.text.trimmed());
        if (at >= 0) {
            matched = true;
            known.removeAt(at);
        } else if (matched) {
            return false; // a turn of which the saved copy knows nothing
        }
    }
    if (!matched)
        return false; // nothing in common: the replay is not the session we kept
    loaded->clear();
    restoreSavedCopy(loaded);
    return true;
}

bool SessionController::restoreSavedCopy(TranscriptModel *model) const
{
    return SessionRecorder::restoreSaved(model, m_savedRows, m_savedJournal);
}

} // namespace Acp
