#include "transcriptmodel.h"

#include "enumtable.h"

namespace Acp {

namespace {

// The `kind` of a row in a saved transcript.
constexpr Json::EnumTable<TranscriptEntry::Kind, 7> EntryKinds{
    {{{TranscriptEntry::Kind::UserMessage, QLatin1String("user")},
      {TranscriptEntry::Kind::AgentMessage, QLatin1String("agent")},
      {TranscriptEntry::Kind::Thought, QLatin1String("thought")},
      {TranscriptEntry::Kind::ToolCall, QLatin1String("tool_call")},
      {TranscriptEntry::Kind::Plan, QLatin1String("plan")},
      {TranscriptEntry::Kind::TurnEnded, QLatin1String("turn_ended")},
      {TranscriptEntry::Kind::Error, QLatin1String("error")}}},
    TranscriptEntry::Kind::Error};

TranscriptEntry::Kind entryKind(ContentChunk::Kind kind)
{
    switch (kind) {
    case ContentChunk::Kind::UserMessage:
        return TranscriptEntry::Kind::UserMessage;
    case ContentChunk::Kind::AgentThought:
        return TranscriptEntry::Kind::Thought;
    case ContentChunk::Kind::AgentMessage:
        break;
    }
    return TranscriptEntry::Kind::AgentMessage;
}

bool isUnfinished(const ToolCall &call)
{
    const ToolCallStatus status = call.status.value_or(ToolCallStatus::Pending);
    return status == ToolCallStatus::Pending || status == ToolCallStatus::InProgress;
}

} // namespace

QString TranscriptEntry::kindName() const
{
    return EntryKinds.name(kind);
}

QJsonObject TranscriptEntry::toJson() const
{
    QJsonObject o{{QStringLiteral("kind"), EntryKinds.name(kind)}};
    switch (kind) {
    case Kind::UserMessage:
    case Kind::AgentMessage:
    case Kind::Thought:
        o.insert(QStringLiteral("text"), text);
        if (!attachments.isEmpty())
            o.insert(QStringLiteral("attachments"), Json::write(attachments));
        break;
    case Kind::ToolCall:
        o.insert(QStringLiteral("toolCall"), toolCallObject(toolCall));
        if (cancelledByClient)
            o.insert(QStringLiteral("cancelledByClient"), true);
        if (!commands.isEmpty()) {
            QJsonObject shown;
            for (auto it = commands.cbegin(); it != commands.cend(); ++it)
                shown.insert(it.key(), it->toJson());
            o.insert(QStringLiteral("commands"), shown);
        }
        if (ruleAnswer)
            o.insert(QStringLiteral("ruleAnswer"),
                     QJsonObject{{QStringLiteral("ruleId"), ruleAnswer->ruleId},
                                 {QStringLiteral("rule"), ruleAnswer->rule},
                                 {QStringLiteral("allowed"), ruleAnswer->allowed},
                                 {QStringLiteral("forgotten"), ruleAnswer->forgotten}});
        break;
    case Kind::Plan:
        o.insert(QStringLiteral("entries"), Json::write(plan.entries));
        break;
    case Kind::TurnEnded:
        if (stopReason)
            o.insert(QStringLiteral("stopReason"), toString(*stopReason));
        break;
    case Kind::Error:
        o.insert(QStringLiteral("detail"), detail);
        break;
    }
    return o;
}

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TranscriptEntry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return e.kind == TranscriptEntry::Kind::ToolCall ? e.toolCall.title : e.text;
    case KindRole:
        return int(e.kind);
    case EntryIdRole:
        return e.id;
    case RevisionRole:
        return e.revision;
    case MessageIdRole:
        return e.messageId;
    case ToolCallIdRole:
        return e.toolCall.toolCallId;
    case ToolStatusRole:
        return e.kind == TranscriptEntry::Kind::ToolCall
            ? QVariant(toString(e.toolCall.status.value_or(ToolCallStatus::Pending)))
            : QVariant();
    default:
        return {};
    }
}

QHash<int, QByteArray> TranscriptModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(EntryIdRole, "entryId");
    names.insert(RevisionRole, "revision");
    names.insert(TextRole, "text");
    names.insert(MessageIdRole, "messageId");
    names.insert(ToolCallIdRole, "toolCallId");
    names.insert(ToolStatusRole, "toolStatus");
    return names;
}

int TranscriptModel::rowOfToolCall(const QString &toolCallId) const
{
    return m_toolCallRows.value(toolCallId, -1);
}

bool TranscriptModel::apply(const SessionUpdate &update)
{
    if (const auto *chunk = std::get_if<ContentChunk>(&update)) {
        appendChunk(*chunk);
        return true;
    }
    if (const auto *call = std::get_if<ToolCall>(&update)) {
        int row = rowOfToolCall(call->toolCallId);
        const bool known = row >= 0;
        if (known) {
            // Announced twice: the later announcement wins, in place.
            m_entries[row].toolCall = *call;
        } else {
            TranscriptEntry entry;
            entry.kind = TranscriptEntry::Kind::ToolCall;
            entry.toolCall = *call;
            row = appendEntry(std::move(entry));
            m_toolCallRows.insert(call->toolCallId, row);
        }
        adoptCommands(row);
        const bool reported = absorbTerminalMeta(row, call->meta);
        // A new row is announced before its commands are attached: say it changed once more.
        if (known || reported || !m_entries.at(row).commands.isEmpty())
            touch(row, {TextRole, ToolStatusRole});
        return true;
    }
    if (const auto *patch = std::get_if<ToolCallUpdate>(&update)) {
        mergeToolCall(*patch);
        return true;
    }
    if (const auto *plan = std::get_if<Plan>(&update)) {
        if (m_planRow >= 0) {
            m_entries[m_planRow].plan = *plan;
            touch(m_planRow, {TextRole});
        } else {
            TranscriptEntry entry;
            entry.kind = TranscriptEntry::Kind::Plan;
            entry.plan = *plan;
            m_planRow = appendEntry(std::move(entry));
        }
        return true;
    }
    return false;
}

bool TranscriptModel::showsTerminal(const QString &terminalId) const
{
    for (auto it = m_toolCallRows.cbegin(); it != m_toolCallRows.cend(); ++it) {
        for (const ToolCallContent &c : m_entries.at(it.value()).toolCall.content) {
            if (c.type == ToolCallContent::Type::Terminal && c.terminalId == terminalId)
                return true;
        }
    }
    return false;
}

int TranscriptModel::mergeToolCall(const ToolCallUpdate &update)
{
    int row = rowOfToolCall(update.toolCallId);
    const bool known = row >= 0;
    if (!known) {
        // An update for a call never announced: create it from what we have (PROTOCOL.md 7).
        TranscriptEntry entry;
        entry.kind = TranscriptEntry::Kind::ToolCall;
        entry.toolCall.toolCallId = update.toolCallId;
        update.applyTo(entry.toolCall);
        if (entry.toolCall.title.isEmpty())
            entry.toolCall.title = update.toolCallId;
        row = appendEntry(std::move(entry));
        m_toolCallRows.insert(update.toolCallId, row);
    } else {
        update.applyTo(m_entries[row].toolCall);
    }
    adoptCommands(row);
    const bool reported = absorbTerminalMeta(row, update.meta);
    if (known || reported || !m_entries.at(row).commands.isEmpty())
        touch(row, {TextRole, ToolStatusRole});
    return row;
}

void TranscriptModel::adoptCommands(int row)
{
    TranscriptEntry &entry = m_entries[row];
    for (const ToolCallContent &c : entry.toolCall.content) {
        if (c.type != ToolCallContent::Type::Terminal || c.terminalId.isEmpty())
            continue;
        QList<int> &viewers = m_commandViewers[c.terminalId];
        if (!viewers.contains(row))
            viewers.append(row);
        // The first row to show a terminal keeps its command (and saves it); later ones show
        // the same through command().
        if (m_commandRows.contains(c.terminalId))
            continue;
        m_commandRows.insert(c.terminalId, row);
        if (const auto pending = m_pendingCommands.constFind(c.terminalId);
            pending != m_pendingCommands.constEnd()) {
            entry.commands.insert(c.terminalId, *pending);
            m_pendingCommands.erase(pending);
        }
    }
}

bool TranscriptModel::absorbTerminalMeta(int row, const QJsonObject &meta)
{
    const auto reported = AgentTerminalMeta::read(meta);
    if (!reported)
        return false;
    QList<int> &viewers = m_commandViewers[reported->terminalId];
    if (!viewers.contains(row))
        viewers.append(row);
    const int owner = m_commandRows.value(reported->terminalId, row);
    m_commandRows.insert(reported->terminalId, owner);
    TranscriptEntry &entry = m_entries[owner];
    CommandOutput &command = entry.commands[reported->terminalId];
    if (command.command.isEmpty()) {
        const QString line = commandLineOf(entry.toolCall);
        command.command = line.isEmpty() ? entry.toolCall.title : line;
    }
    if (reported->cwd)
        command.cwd = *reported->cwd;
    if (reported->output)
        command.append(*reported->output);
    if (reported->exit)
        command.exit = reported->exit;
    return true;
}

CommandOutput *TranscriptModel::editCommand(const QString &terminalId, int *row)
{
    *row = m_commandRows.value(terminalId, -1);
    if (*row >= 0)
        return &m_entries[*row].commands[terminalId];
    return &m_pendingCommands[terminalId];
}

void TranscriptModel::touchViewers(const QString &terminalId, const QList<int> &roles)
{
    for (const int row : m_commandViewers.value(terminalId))
        touch(row, roles);
}

void TranscriptModel::startCommand(const QString &terminalId, const QString &command,
                                   const QString &cwd)
{
    int row = -1;
    CommandOutput *c = editCommand(terminalId, &row);
    c->command = command;
    c->cwd = cwd;
    touchViewers(terminalId, {TextRole});
}

void TranscriptModel::appendCommandOutput(const QString &terminalId, const QByteArray &bytes)
{
    int row = -1;
    editCommand(terminalId, &row)->append(bytes);
    touchViewers(terminalId, {TextRole});
}

void TranscriptModel::endCommand(const QString &terminalId, const TerminalExitStatus &status)
{
    int row = -1;
    editCommand(terminalId, &row)->exit = status;
    touchViewers(terminalId, {TextRole, ToolStatusRole});
}

void TranscriptModel::keepCommandsFrom(const TranscriptModel &saved)
{
    for (const TranscriptEntry &old : saved.entries()) {
        if (old.commands.isEmpty())
            continue;
        const int row = rowOfToolCall(old.toolCall.toolCallId);
        if (row < 0)
            continue;
        bool changed = false;
        for (auto it = old.commands.cbegin(); it != old.commands.cend(); ++it) {
            if (!command(it.key())) {
                m_entries[row].commands.insert(it.key(), *it);
                m_commandRows.insert(it.key(), row);
                if (!m_commandViewers[it.key()].contains(row))
                    m_commandViewers[it.key()].append(row);
                changed = true;
            }
        }
        if (changed)
            touch(row, {TextRole});
    }
}

const CommandOutput *TranscriptModel::command(const QString &terminalId) const
{
    if (const int row = m_commandRows.value(terminalId, -1); row >= 0) {
        const auto it = m_entries.at(row).commands.constFind(terminalId);
        if (it != m_entries.at(row).commands.constEnd())
            return &*it;
    }
    const auto pending = m_pendingCommands.constFind(terminalId);
    return pending == m_pendingCommands.constEnd() ? nullptr : &*pending;
}

void TranscriptModel::appendChunk(const ContentChunk &chunk)
{
    const TranscriptEntry::Kind kind = entryKind(chunk.kind);
    const bool isText = chunk.content.type == ContentBlock::Type::Text;

    // The agent echoing the prompt we already show: absorb it while it matches.
    if (kind == TranscriptEntry::Kind::UserMessage && m_echoRow >= 0 && isText) {
        TranscriptEntry &echo = m_entries[m_echoRow];
        const QString matched = m_echoMatched + chunk.content.text;
        if (echo.text.startsWith(matched)) {
            m_echoMatched = matched;
            if (chunk.messageId && echo.messageId.isEmpty()) {
                echo.messageId = *chunk.messageId;
                m_messageRows.insert(echo.messageId, m_echoRow);
            }
            if (matched == echo.text) {
                echo.localEcho = false;
                m_echoRow = -1;
            }
            return;
        }
        m_echoRow = -1; // not an echo after all
    }

    int row = -1;
    if (chunk.messageId) {
        row = m_messageRows.value(*chunk.messageId, -1);
        if (row >= 0 && m_entries.at(row).kind != kind)
            row = -1;
    } else if (m_openMessageRow >= 0 && m_entries.at(m_openMessageRow).kind == kind
               && m_entries.at(m_openMessageRow).messageId.isEmpty()) {
        row = m_openMessageRow;
    }

    if (row < 0) {
        // Some agents open with an empty text chunk: it starts nothing.
        if (isText && chunk.content.text.isEmpty())
            return;
        TranscriptEntry entry;
        entry.kind = kind;
        entry.messageId = chunk.messageId.value_or(QString());
        if (isText)
            entry.text = chunk.content.text;
        else
            entry.attachments.append(chunk.content);
        row = appendEntry(std::move(entry));
        if (chunk.messageId)
            m_messageRows.insert(*chunk.messageId, row);
        m_openMessageRow = row;
        return;
    }
    TranscriptEntry &entry = m_entries[row];
    if (isText)
        entry.text += chunk.content.text;
    else
        entry.attachments.append(chunk.content);
    m_openMessageRow = row;
    touch(row, {TextRole});
}

void TranscriptModel::appendUserPrompt(const QList<ContentBlock> &prompt)
{
    TranscriptEntry entry;
    entry.kind = TranscriptEntry::Kind::UserMessage;
    entry.localEcho = true;
    for (const ContentBlock &block : prompt) {
        if (block.type == ContentBlock::Type::Text)
            entry.text += block.text;
        else
            entry.attachments.append(block);
    }
    m_echoRow = appendEntry(std::move(entry));
    m_echoMatched.clear();
    breakAdjacency();
}

void TranscriptModel::appendTurnEnded(StopReason reason, const QString &note)
{
    TranscriptEntry entry;
    entry.kind = TranscriptEntry::Kind::TurnEnded;
    entry.stopReason = reason;
    entry.detail = note;
    appendEntry(std::move(entry));
    m_echoRow = -1;
}

void TranscriptModel::appendError(const QString &message)
{
    TranscriptEntry entry;
    entry.kind = TranscriptEntry::Kind::Error;
    entry.detail = message;
    entry.text = message;
    appendEntry(std::move(entry));
    m_echoRow = -1;
}

void TranscriptModel::setRuleAnswer(int row, const RuleAnswer &answer)
{
    if (row < 0 || row >= m_entries.size()
        || m_entries.at(row).kind != TranscriptEntry::Kind::ToolCall)
        return;
    m_entries[row].ruleAnswer = answer;
    touch(row, {ToolStatusRole});
}

void TranscriptModel::markRulesForgotten(const std::function<bool(const QString &)> &isGone)
{
    for (auto it = m_toolCallRows.cbegin(); it != m_toolCallRows.cend(); ++it) {
        std::optional<RuleAnswer> &answer = m_entries[it.value()].ruleAnswer;
        if (answer && !answer->forgotten && isGone(answer->ruleId)) {
            answer->forgotten = true;
            touch(it.value(), {ToolStatusRole});
        }
    }
}

void TranscriptModel::markUnfinishedToolCallsCancelled()
{
    for (auto it = m_toolCallRows.cbegin(); it != m_toolCallRows.cend(); ++it) {
        TranscriptEntry &entry = m_entries[it.value()];
        if (!entry.cancelledByClient && isUnfinished(entry.toolCall)) {
            entry.cancelledByClient = true;
            touch(it.value(), {ToolStatusRole});
        }
    }
}

void TranscriptModel::clear()
{
    beginResetModel();
    forgetEntries();
    endResetModel();
}

void TranscriptModel::forgetEntries()
{
    m_entries.clear();
    m_toolCallRows.clear();
    m_commandRows.clear();
    m_commandViewers.clear();
    m_pendingCommands.clear();
    m_messageRows.clear();
    m_planRow = -1;
    m_openMessageRow = -1;
    m_echoRow = -1;
    m_echoMatched.clear();
}

bool TranscriptModel::restore(const QJsonArray &rows)
{
    beginResetModel();
    forgetEntries();
    bool ok = true;
    for (const QJsonValue &value : rows) {
        const QJsonObject o = value.toObject();
        bool known = false;
        const TranscriptEntry::Kind kind
            = EntryKinds.value(o.value(QStringLiteral("kind")).toString(), &known);
        if (!known) {
            ok = false;
            continue;
        }
        TranscriptEntry entry;
        entry.id = ++m_nextId;
        entry.kind = kind;
        Json::Context ctx;
        switch (kind) {
        case TranscriptEntry::Kind::UserMessage:
        case TranscriptEntry::Kind::AgentMessage:
        case TranscriptEntry::Kind::Thought:
            entry.text = o.value(QStringLiteral("text")).toString();
            if (o.contains(QStringLiteral("attachments")))
                ok = Json::read(o.value(QStringLiteral("attachments")), entry.attachments, ctx)
                    && ok;
            break;
        case TranscriptEntry::Kind::ToolCall:
            ok = read(o.value(QStringLiteral("toolCall")), entry.toolCall, ctx) && ok;
            entry.cancelledByClient = o.value(QStringLiteral("cancelledByClient")).toBool();
            if (const QJsonObject rule = o.value(QStringLiteral("ruleAnswer")).toObject();
                !rule.isEmpty())
                entry.ruleAnswer = RuleAnswer{rule.value(QStringLiteral("ruleId")).toString(),
                                              rule.value(QStringLiteral("rule")).toString(),
                                              rule.value(QStringLiteral("allowed")).toBool(),
                                              rule.value(QStringLiteral("forgotten")).toBool()};
            m_toolCallRows.insert(entry.toolCall.toolCallId, int(m_entries.size()));
            {
                const QJsonObject shown = o.value(QStringLiteral("commands")).toObject();
                for (auto it = shown.constBegin(); it != shown.constEnd(); ++it) {
                    entry.commands.insert(it.key(), CommandOutput::fromJson(it->toObject()));
                    m_commandRows.insert(it.key(), int(m_entries.size()));
                    m_commandViewers[it.key()].append(int(m_entries.size()));
                }
            }
            break;
        case TranscriptEntry::Kind::Plan:
            ok = Json::read(o.value(QStringLiteral("entries")), entry.plan.entries, ctx) && ok;
            m_planRow = int(m_entries.size());
            break;
        case TranscriptEntry::Kind::TurnEnded: {
            StopReason reason = StopReason::EndTurn;
            if (o.contains(QStringLiteral("stopReason"))
                && read(o.value(QStringLiteral("stopReason")), reason, ctx))
                entry.stopReason = reason;
            break;
        }
        case TranscriptEntry::Kind::Error:
            entry.detail = o.value(QStringLiteral("detail")).toString();
            entry.text = entry.detail;
            break;
        }
        m_entries.append(std::move(entry));
    }
    if (!ok)
        forgetEntries(); // all or nothing: not half a transcript
    endResetModel();
    return ok;
}

QJsonArray TranscriptModel::toJson() const
{
    QJsonArray array;
    for (const TranscriptEntry &entry : m_entries)
        array.append(entry.toJson());
    return array;
}

int TranscriptModel::appendEntry(TranscriptEntry entry)
{
    const int row = int(m_entries.size());
    entry.id = ++m_nextId;
    beginInsertRows({}, row, row);
    m_entries.append(std::move(entry));
    endInsertRows();
    if (m_entries.at(row).kind != TranscriptEntry::Kind::UserMessage
        && m_entries.at(row).kind != TranscriptEntry::Kind::AgentMessage
        && m_entries.at(row).kind != TranscriptEntry::Kind::Thought)
        breakAdjacency();
    Q_EMIT entryChanged(row);
    return row;
}

void TranscriptModel::touch(int row, const QList<int> &roles)
{
    ++m_entries[row].revision;
    const QModelIndex index = this->index(row);
    QList<int> changed = roles;
    changed << RevisionRole;
    Q_EMIT dataChanged(index, index, changed);
    Q_EMIT entryChanged(row);
}

} // namespace Acp
