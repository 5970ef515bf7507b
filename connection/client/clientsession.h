#pragma once

#include "clientmethods.h"
#include "connection.h"
#include "initialize.h"
#include "pendingrequests.h"
#include "transcriptmodel.h"
#include "typedcall.h"

#include <QObject>
#include <QPointer>

#include <chrono>

namespace Acp {

class AgentClient;
class FileSystemService;
class PermissionRules;
struct PermissionRule;
class Terminal;
class TerminalService;

// What a session uses of the agent it belongs to, and nothing more, so that a session never
// reaches back into its AgentClient. Guarded: while the client is being destroyed, its
// services may go before its sessions.
struct SessionServices
{
    QPointer<Connection> connection;
    QPointer<FileSystemService> files;
    QPointer<TerminalService> terminals;
    QPointer<PermissionRules> permissions; // none: no answer is remembered
    QString agentKey; // whose remembered permission rules apply (the agent profile)
    AgentCapabilities capabilities; // the agent's, from initialize
};

// A permission request waiting for the user's answer (one a remembered rule answers never
// waits).
struct PendingPermission
{
    quint64 handle = 0;
    RequestPermissionRequest request;
    int toolCallRow = -1; // the transcript row of the tool call it is about
};

// A file write waiting for the user's review (when the session reviews writes).
struct PendingWrite
{
    quint64 handle = 0;
    QString path;
    std::optional<QString> oldText; // absent for a new file
    QString newText;
};

// A prompt typed while a turn was running, waiting for its turn (editable and removable).
struct QueuedPrompt
{
    quint64 id = 0;
    QList<ContentBlock> blocks;
};

// One ACP session: its transcript, its state (modes, config options, commands, title, usage)
// and its prompt turns. Created by AgentClient; lives on the client's thread.
class ClientSession final : public QObject
{
    Q_OBJECT
public:
    enum class TurnState { Idle, Running, Cancelling };
    Q_ENUM(TurnState)

    const QString &sessionId() const { return m_sessionId; }
    const QString &cwd() const { return m_cwd; }
    // The directories the agent may touch through fs/*: cwd first, then the additional ones.
    QStringList roots() const;
    TranscriptModel *transcript() { return &m_transcript; }

    TurnState turnState() const { return m_turnState; }
    bool isClosed() const { return m_closed; }
    const std::optional<SessionModeState> &modes() const { return m_modes; }
    const QList<SessionConfigOption> &configOptions() const { return m_configOptions; }
    const QList<AvailableCommand> &commands() const { return m_commands; }
    const QString &title() const { return m_title; }
    const QString &updatedAt() const { return m_updatedAt; }
    const std::optional<UsageUpdate> &usage() const { return m_usage; }
    const QList<QueuedPrompt> &queuedPrompts() const { return m_queue; }
    QList<PendingPermission> pendingPermissions() const { return m_permissions.items(); }

    // Sends a prompt, or queues it behind the running turn. Returns the queue id (0 when sent
    // at once). Content the agent cannot take is refused with promptFailed().
    quint64 prompt(const QList<ContentBlock> &blocks);
    quint64 prompt(const QString &text) { return prompt({ContentBlock::fromText(text)}); }
    bool editQueuedPrompt(quint64 id, const QList<ContentBlock> &blocks);
    bool removeQueuedPrompt(quint64 id);
    // Cancels the running turn: session/cancel, every pending permission answered
    // "cancelled", unfinished tool calls marked cancelled. The turn ends with the agent's
    // stop reason.
    void cancel();

    // Answers a pending permission. An "always" option keeps a rule: for this session, or,
    // when the user explicitly said so, for this agent profile in this project folder.
    bool answerPermission(quint64 handle, const QString &optionId, bool keepForProject = false);
    bool cancelPermission(quint64 handle);
    // The rule that an "always" answer to the pending permission would keep for the project
    // (what a front end offers to keep); none when no rules are kept or nothing is pending.
    std::optional<PermissionRule> projectRuleFor(quint64 handle) const;
    // Forgets a remembered rule (a tool call's "Forget rule"); the calls it answered say so.
    bool forgetRule(const QString &ruleId);

    // When on, every fs/write_text_file waits for answerWrite() (the UI shows a diff).
    void setReviewWrites(bool review) { m_reviewWrites = review; }
    bool reviewWrites() const { return m_reviewWrites; }
    bool answerWrite(quint64 handle, bool approve);
    QList<PendingWrite> pendingWrites() const;

    // Mode (legacy) and config options; the agent's reply replaces our copy.
    void setMode(const QString &modeId);
    void setConfigOption(const QString &configId, const std::variant<QString, bool> &value);

    // session/close when the agent supports it; the session is closed locally either way.
    void close();

    // How long a command may run before it is shown even if no tool call of the agent's
    // embeds it (see watchTerminal()).
    static constexpr std::chrono::milliseconds HiddenCommandDelay{3000};

Q_SIGNALS:
    void turnStateChanged(Acp::ClientSession::TurnState state);
    void turnEnded(Acp::StopReason reason);
    void promptFailed(const QString &message);
    void queueChanged();
    void permissionRequested(const Acp::PendingPermission &permission);
    void permissionResolved(quint64 handle);
    // A remembered rule answered a permission request at once (the call in `toolCallRow`
    // shows it; a front end may say it too).
    void permissionAnsweredByRule(int toolCallRow, const Acp::PermissionRule &rule);
    void writeReviewRequested(const Acp::PendingWrite &write);
    void writeReviewResolved(quint64 handle);
    void modesChanged();
    void configOptionsChanged();
    void commandsChanged();
    void infoChanged();
    void usageChanged();
    void closed();
    // Every session/update applied to this session, in order (after the replay too): what a
    // recorder journals.
    void updateApplied(const Acp::SessionUpdate &update);

private:
    void watchTerminal(Terminal *terminal);
    friend class AgentClient;
    ClientSession(const SessionServices &services, const QString &sessionId,
                  const SessionSetup &setup, QObject *parent);
    // Whether the agent can still be asked anything.
    bool connected() const { return m_services.connection && !m_closed; }

    void applyUpdate(const SessionUpdate &update);
    // The connection skipped a message over the size limit (SkippedMessageMethod): said in
    // the transcript where it happened, naming the tool call it was about when known.
    void noteSkippedMessage(const QJsonObject &about);
    void applySetupResult(const SessionSetupResult &result);
    void handlePermission(const InboundRequest &request, const RequestPermissionRequest &params);
    void resolvePermission(quint64 handle, const RequestPermissionOutcome &outcome);
    bool answerByRule(const InboundRequest &request, const RequestPermissionRequest &params,
                      int row);
    void handleWrite(const InboundRequest &request, const WriteTextFileRequest &params);
    void performWrite(const InboundRequest &request, const WriteTextFileRequest &params);
    // The agent withdrew an inbound request, or the connection ended.
    void onInboundCancelled(quint64 handle);
    void startNextTurn();
    void finishTurn(const Reply<PromptResponse> &reply);
    void setTurnState(TurnState state);
    std::optional<QString> checkPromptCapabilities(QList<ContentBlock> &blocks) const;
    void markClosed();

    SessionServices m_services;
    QString m_sessionId;
    QString m_cwd;
    QStringList m_additionalDirectories;
    TranscriptModel m_transcript;

    TurnState m_turnState = TurnState::Idle;
    bool m_closed = false;
    QList<QueuedPrompt> m_queue;
    quint64 m_nextQueueId = 0;

    PendingRequests<PendingPermission> m_permissions;

    bool m_reviewWrites = false;
    PendingRequests<std::pair<PendingWrite, WriteTextFileRequest>> m_writes;

    std::optional<SessionModeState> m_modes;
    QList<SessionConfigOption> m_configOptions;
    QList<AvailableCommand> m_commands;
    QString m_title;
    QString m_updatedAt;
    std::optional<UsageUpdate> m_usage;
};

} // namespace Acp

Q_DECLARE_METATYPE(Acp::PendingPermission)
Q_DECLARE_METATYPE(Acp::PendingWrite)
