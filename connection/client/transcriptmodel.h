#pragma once

#include "commandoutput.h"
#include "sessionmethods.h"

#include <QAbstractListModel>
#include <QHash>

#include <functional>

namespace Acp {

// A permission request answered by one of the user's remembered rules, not by the user.
struct RuleAnswer
{
    QString ruleId;
    QString rule; // what the rule covers, as it was described when it answered
    bool allowed = true;
    bool forgotten = false; // the user has since forgotten the rule
};

// One row of a session's transcript.
struct TranscriptEntry
{
    enum class Kind { UserMessage, AgentMessage, Thought, ToolCall, Plan, TurnEnded, Error };
    Kind kind = Kind::AgentMessage;
    quint64 id = 0; // stable for the life of the model
    quint64 revision = 0; // bumps on every change (layout caches key on it)
    QString messageId; // the agent's, when it gave one
    QString text; // messages and thoughts: all text chunks joined
    QList<ContentBlock> attachments; // messages: non-text blocks, in order
    ToolCall toolCall; // ToolCall
    bool cancelledByClient = false; // ToolCall: left unfinished by a cancelled turn
    std::optional<RuleAnswer> ruleAnswer; // ToolCall: its permission, answered by a rule
    // ToolCall: the commands its terminal content shows, by terminal id (saved with the row).
    QHash<QString, CommandOutput> commands;
    Plan plan; // Plan
    std::optional<StopReason> stopReason; // TurnEnded
    QString detail; // Error text; TurnEnded note
    bool localEcho = false; // UserMessage typed here, not (yet) echoed by the agent

    // A comparable JSON form (ids and revisions left out): equal transcripts give equal JSON.
    QJsonObject toJson() const;
    // Its "kind" in that form ("user", "agent", "tool_call", ...), without building the rest.
    QString kindName() const;
    // A message or a thought: a row that is its text.
    bool holdsText() const
    {
        return kind == Kind::UserMessage || kind == Kind::AgentMessage || kind == Kind::Thought;
    }
};

// The transcript of one session: the single source of truth the UI renders. Applies
// session/update notifications as PROTOCOL.md section 7 says: chunks join by messageId, or by
// adjacency without ids; tool calls are created once and patched in place (arrays replace);
// the plan is one row replaced in place. A streamed chunk changes one row (one dataChanged),
// never the whole model.
class TranscriptModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        KindRole = Qt::UserRole + 1,
        EntryIdRole,
        RevisionRole,
        TextRole,
        MessageIdRole,
        ToolCallIdRole,
        ToolStatusRole,
    };
    Q_ENUM(Role)

    explicit TranscriptModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    const TranscriptEntry &entry(int row) const { return m_entries.at(row); }
    const QList<TranscriptEntry> &entries() const { return m_entries; }
    int rowOfToolCall(const QString &toolCallId) const;
    // Whether a tool call shows the terminal `terminalId` (embeds it in its content).
    bool showsTerminal(const QString &terminalId) const;
    int rowOfPlan() const { return m_planRow; }

    // Applies one session update; kinds that are not transcript rows (commands, modes, usage,
    // ...) are ignored here. Returns whether the model changed.
    bool apply(const SessionUpdate &update);
    // Merges the `toolCall` of a permission request (creating the call if it was never
    // announced) and returns its row.
    int mergeToolCall(const ToolCallUpdate &update);
    // The prompt the user sent, shown at once; a matching user_message_chunk echo from the
    // agent is absorbed into it instead of duplicating it.
    void appendUserPrompt(const QList<ContentBlock> &prompt);
    void appendTurnEnded(StopReason reason, const QString &note = {});
    void appendError(const QString &message);
    // A command run for the agent by one of our terminals: what it runs, what it prints and how
    // it ends, shown by the tool call that embeds the terminal (now or once it does).
    void startCommand(const QString &terminalId, const QString &command, const QString &cwd);
    void appendCommandOutput(const QString &terminalId, const QByteArray &bytes);
    void endCommand(const QString &terminalId, const TerminalExitStatus &status);
    // Commands `saved` shows on tool calls of this transcript that do not show them (a replay
    // does not bring back what our terminals printed).
    void keepCommandsFrom(const TranscriptModel &saved);
    // The command a terminal id stands for, wherever it is kept; null if unknown.
    const CommandOutput *command(const QString &terminalId) const;

    // The tool call in `row` had its permission answered by a remembered rule.
    void setRuleAnswer(int row, const RuleAnswer &answer);
    // The calls answered by the rules that `isGone` says are gone show that they are.
    void markRulesForgotten(const std::function<bool(const QString &ruleId)> &isGone);
    // Marks every pending or running tool call as cancelled (a cancelled turn).
    void markUnfinishedToolCallsCancelled();
    void clear();

    // The whole transcript as comparable JSON (also the snapshot format).
    QJsonArray toJson() const;
    // Replaces the transcript with one saved by toJson() (a snapshot); returns false, leaving
    // the model empty, when the data is not a transcript.
    bool restore(const QJsonArray &rows);

Q_SIGNALS:
    // A row changed because of an update (after dataChanged); for views that follow the tail.
    void entryChanged(int row);

private:
    void appendChunk(const ContentChunk &chunk);
    int appendEntry(TranscriptEntry entry);
    void touch(int row, const QList<int> &roles);
    void breakAdjacency() { m_openMessageRow = -1; }
    // The row now embeds the terminals in its content: their commands move into it.
    void adoptCommands(int row);
    // A terminal the agent runs itself, reported in the tool call's `_meta` (codex-acp).
    bool absorbTerminalMeta(int row, const QJsonObject &meta);
    CommandOutput *editCommand(const QString &terminalId, int *row);
    void touchViewers(const QString &terminalId, const QList<int> &roles);
    // Empties the entries and every index into them (inside a model reset).
    void forgetEntries();

    QList<TranscriptEntry> m_entries;
    quint64 m_nextId = 0;
    QHash<QString, int> m_toolCallRows;
    QHash<QString, int> m_commandRows; // terminal id -> the row that keeps its command
    QHash<QString, QList<int>> m_commandViewers; // terminal id -> every row that shows it
    QHash<QString, CommandOutput> m_pendingCommands; // not embedded by any row yet
    int m_planRow = -1;
    // The message row that an id-less chunk of the same kind continues; -1 after anything
    // else was appended (PROTOCOL.md 7: a change of kind or a tool call starts a new message).
    int m_openMessageRow = -1;
    // Rows by the agent's message id.
    QHash<QString, int> m_messageRows;
    // The local echo being matched against the agent's user_message_chunk echo.
    int m_echoRow = -1;
    QString m_echoMatched;
};

} // namespace Acp
