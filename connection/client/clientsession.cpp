#include "clientsession.h"

#include "clientlogging.h"
#include "filesystemservice.h"
#include "methods.h"
#include "permissionoptions.h"
#include "permissionrules.h"
#include "terminalservice.h"
#include "typedcall.h"

#include <QFileInfo>
#include <QLocale>
#include <QScopeGuard>
#include <QTimer>
#include <QUrl>

namespace Acp {

ClientSession::ClientSession(const SessionServices &services, const QString &sessionId,
                             const SessionSetup &setup, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_sessionId(sessionId)
    , m_cwd(setup.cwd)
    , m_additionalDirectories(setup.additionalDirectories)
    , m_transcript(this)
{
    if (m_services.terminals)
        connect(m_services.terminals, &TerminalService::terminalCreated, this,
                &ClientSession::watchTerminal);
    // A tool call answered by a rule the user has since forgotten says so.
    if (PermissionRules *rules = m_services.permissions)
        connect(rules, &PermissionRules::changed, this, [this] {
            if (PermissionRules *rules = m_services.permissions)
                m_transcript.markRulesForgotten(
                    [rules](const QString &id) { return !rules->rule(id).has_value(); });
        });
}

void ClientSession::watchTerminal(Terminal *terminal)
{
    if (terminal->sessionId() != m_sessionId)
        return;
    // ACP agents show a command by embedding its terminal in a tool call. One the agent keeps
    // to itself is shown anyway, as a tool call of ours, a moment after it starts (time for
    // the agent's own tool call to arrive): the user sees every command run on their machine.
    // What it runs and prints is kept in the transcript (saved with it), so the tool call that
    // shows it still does after a reload, and every front end reads it from one place.
    m_transcript.startCommand(terminal->id(), terminal->commandLine(),
                              terminal->workingDirectory());
    if (const QByteArray early = terminal->output(); !early.isEmpty())
        m_transcript.appendCommandOutput(terminal->id(), early);
    if (const auto exit = terminal->exitStatus())
        m_transcript.endCommand(terminal->id(), *exit);
    connect(terminal, &Terminal::outputAppended, this,
            [this, id = terminal->id()](const QByteArray &bytes) {
                m_transcript.appendCommandOutput(id, bytes);
            });
    connect(terminal, &Terminal::exited, this,
            [this, id = terminal->id()](const TerminalExitStatus &status) {
                m_transcript.endCommand(id, status);
            });
    const QPointer<Terminal> watched(terminal);
    const QString callId = QStringLiteral("switchboard-terminal-") + terminal->id();
    const auto show = [this, watched, callId] {
        if (!watched)
            return;
        ToolCallUpdate call;
        call.toolCallId = callId;
        call.title = tr("Command: %1").arg(watched->commandLine());
        call.kind = ToolKind::Execute;
        const auto exit = watched->exitStatus();
        call.status = !exit                                      ? ToolCallStatus::InProgress
            : (!exit->signal && exit->exitCode.value_or(1) == 0) ? ToolCallStatus::Completed
                                                                 : ToolCallStatus::Failed;
        ToolCallContent content;
        content.type = ToolCallContent::Type::Terminal;
        content.terminalId = watched->id();
        call.content = QList<ToolCallContent>{content};
        m_transcript.mergeToolCall(call);
    };
    QTimer::singleShot(HiddenCommandDelay, this, [this, watched, show] {
        if (watched && !m_transcript.showsTerminal(watched->id()))
            show();
    });
    connect(terminal, &Terminal::exited, this, [this, callId, show] {
        if (m_transcript.rowOfToolCall(callId) >= 0)
            show(); // ours is shown already: now with how it ended
    });
}

QStringList ClientSession::roots() const
{
    return QStringList{m_cwd} + m_additionalDirectories;
}

std::optional<QString> ClientSession::checkPromptCapabilities(QList<ContentBlock> &blocks) const
{
    const AgentCapabilities &caps = m_services.capabilities;
    for (ContentBlock &block : blocks) {
        switch (block.type) {
        case ContentBlock::Type::Image:
            if (!caps.promptImage)
                return tr("This agent does not accept images.");
            break;
        case ContentBlock::Type::Audio:
            if (!caps.promptAudio)
                return tr("This agent does not accept audio.");
            break;
        case ContentBlock::Type::Resource:
            if (!caps.promptEmbeddedContext) {
                // Fall back to a link the agent can follow itself (PROTOCOL.md 8.1).
                const QString uri = block.resource.uri;
                const QString name = QFileInfo(QUrl(uri).path()).fileName();
                ContentBlock link
                    = ContentBlock::fromResourceLink(uri, name.isEmpty() ? uri : name);
                if (block.resource.mimeType)
                    link.mimeType = *block.resource.mimeType;
                block = link;
            }
            break;
        case ContentBlock::Type::Unknown:
            return tr("The prompt contains content of an unknown type.");
        case ContentBlock::Type::Text:
        case ContentBlock::Type::ResourceLink:
            break;
        }
    }
    return std::nullopt;
}

quint64 ClientSession::prompt(const QList<ContentBlock> &blocks)
{
    QList<ContentBlock> checked = blocks;
    if (!connected()) {
        Q_EMIT promptFailed(tr("The session is closed."));
        return 0;
    }
    if (const auto problem = checkPromptCapabilities(checked)) {
        Q_EMIT promptFailed(*problem);
        return 0;
    }
    if (m_turnState != TurnState::Idle || !m_queue.isEmpty()) {
        const quint64 id = ++m_nextQueueId;
        m_queue.append({id, checked});
        Q_EMIT queueChanged();
        if (m_turnState == TurnState::Idle)
            startNextTurn();
        return id;
    }
    m_queue.append({0, checked});
    startNextTurn();
    return 0;
}

bool ClientSession::editQueuedPrompt(quint64 id, const QList<ContentBlock> &blocks)
{
    for (QueuedPrompt &queued : m_queue) {
        if (queued.id == id && id != 0) {
            queued.blocks = blocks;
            Q_EMIT queueChanged();
            return true;
        }
    }
    return false;
}

bool ClientSession::removeQueuedPrompt(quint64 id)
{
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        if (m_queue.at(i).id == id && id != 0) {
            m_queue.removeAt(i);
            Q_EMIT queueChanged();
            return true;
        }
    }
    return false;
}

void ClientSession::startNextTurn()
{
    if (m_turnState != TurnState::Idle || m_queue.isEmpty() || !connected())
        return;
    const QueuedPrompt next = m_queue.takeFirst();
    if (next.id != 0)
        Q_EMIT queueChanged();
    m_transcript.appendUserPrompt(next.blocks);
    setTurnState(TurnState::Running);
    call(*m_services.connection, Calls::SessionPrompt, PromptRequest{m_sessionId, next.blocks, {}},
         this, [this](const Reply<PromptResponse> &reply) { finishTurn(reply); });
}

void ClientSession::finishTurn(const Reply<PromptResponse> &reply)
{
    const Response &response = reply.response;
    const bool wasCancelling = m_turnState == TurnState::Cancelling;
    StopReason reason = StopReason::EndTurn;
    if (reply.ok()) {
        reason = reply.result->stopReason;
        m_transcript.appendTurnEnded(reason);
    } else if (response.isSuccess()) {
        reason = StopReason::Unknown;
        m_transcript.appendError(
            tr("The agent ended the turn with an invalid answer: %1").arg(reply.invalid));
    } else if (wasCancelling && response.error.code == ErrorCode::RequestCancelled) {
        // Agents must answer a cancelled turn with stopReason "cancelled", but some send -32800.
        reason = StopReason::Cancelled;
        m_transcript.appendTurnEnded(reason);
    } else if (response.status == Response::Status::ConnectionLost) {
        reason = StopReason::Unknown;
        m_transcript.appendError(tr("The turn ended because the agent stopped: %1")
                                     .arg(response.error.message.section(QStringLiteral(": "), 1)));
    } else {
        reason = StopReason::Unknown;
        m_transcript.appendError(response.error.message);
    }
    if (reason != StopReason::EndTurn)
        m_transcript.markUnfinishedToolCallsCancelled();
    setTurnState(TurnState::Idle);
    Q_EMIT turnEnded(reason);
    // After a cancel, queued prompts wait until the user sends again (they may no longer fit).
    if (!wasCancelling && response.status != Response::Status::ConnectionLost)
        startNextTurn();
}

void ClientSession::cancel()
{
    if (m_turnState != TurnState::Running || !m_services.connection)
        return;
    setTurnState(TurnState::Cancelling);
    m_services.connection->sendNotification(Method::SessionCancel,
                                            write(SessionIdParams{m_sessionId, {}}));
    // Every pending permission of this session is answered "cancelled" (PROTOCOL.md 11).
    const QList<quint64> handles = m_permissions.handles();
    for (const quint64 handle : handles)
        resolvePermission(handle, RequestPermissionOutcome::cancel());
    m_transcript.markUnfinishedToolCallsCancelled();
}

void ClientSession::handlePermission(const InboundRequest &request,
                                     const RequestPermissionRequest &params)
{
    const int row = m_transcript.mergeToolCall(params.toolCall);
    if (m_turnState == TurnState::Cancelling || m_closed) {
        request.respond(write(RequestPermissionResponse{RequestPermissionOutcome::cancel(), {}}));
        return;
    }
    if (answerByRule(request, params, row))
        return;
    PendingPermission pending{request.handle(), params, row};
    m_permissions.add(request, pending);
    Q_EMIT permissionRequested(pending);
}

bool ClientSession::answerByRule(const InboundRequest &request,
                                 const RequestPermissionRequest &params, int row)
{
    PermissionRules *rules = m_services.permissions;
    if (!rules)
        return false;
    const auto rule = rules->match(PermissionQuery::of(m_transcript.entry(row).toolCall,
                                                       m_services.agentKey, m_sessionId, roots()));
    if (!rule)
        return false;
    const bool allow = rule->decision == PermissionRule::Decision::Allow;
    const auto optionId = PermissionOptions::carryingOut(params.options, allow);
    if (!optionId)
        return false; // the agent offers no option that carries it out: the user decides
    qCInfo(lcAcpSession) << "permission answered by the rule" << rule->description();
    request.respond(
        write(RequestPermissionResponse{RequestPermissionOutcome::selected(*optionId), {}}));
    m_transcript.setRuleAnswer(row, {rule->id, rule->description(), allow, false});
    if (m_services.connection)
        m_services.connection->addTrafficNote(
            (allow ? tr("Allowed by your rule, nobody was asked: %1")
                   : tr("Rejected by your rule, nobody was asked: %1"))
                .arg(rule->description()));
    Q_EMIT permissionAnsweredByRule(row, *rule);
    return true;
}

bool ClientSession::answerPermission(quint64 handle, const QString &optionId, bool keepForProject)
{
    const PendingPermission *found = m_permissions.find(handle);
    if (!found)
        return false;
    const PendingPermission &pending = *found;
    const PermissionOption *chosen = nullptr;
    for (const PermissionOption &option : pending.request.options) {
        if (option.optionId == optionId)
            chosen = &option;
    }
    if (!chosen)
        return false;
    if (PermissionOptions::isAlways(chosen->kind) && m_services.permissions) {
        const PermissionQuery query
            = PermissionQuery::of(m_transcript.entry(pending.toolCallRow).toolCall,
                                  m_services.agentKey, m_sessionId, roots());
        m_services.permissions->remember(PermissionRules::proposal(
            query,
            PermissionOptions::allows(chosen->kind) ? PermissionRule::Decision::Allow
                                                    : PermissionRule::Decision::Reject,
            keepForProject ? PermissionRule::Scope::Project : PermissionRule::Scope::Session,
            PermissionOptions::commandPrefixNamed(*chosen)));
    }
    resolvePermission(handle, RequestPermissionOutcome::selected(optionId));
    return true;
}

bool ClientSession::forgetRule(const QString &ruleId)
{
    return m_services.permissions && m_services.permissions->forget(ruleId);
}

std::optional<PermissionRule> ClientSession::projectRuleFor(quint64 handle) const
{
    const PendingPermission *pending = m_permissions.find(handle);
    if (!pending || !m_services.permissions)
        return std::nullopt;
    QString prefix;
    for (const PermissionOption &option : pending->request.options) {
        if (prefix.isEmpty())
            prefix = PermissionOptions::commandPrefixNamed(option);
    }
    const PermissionQuery query
        = PermissionQuery::of(m_transcript.entry(pending->toolCallRow).toolCall,
                              m_services.agentKey, m_sessionId, roots());
    const PermissionRule rule = PermissionRules::proposal(query, PermissionRule::Decision::Allow,
                                                          PermissionRule::Scope::Project, prefix);
    if (rule.kind == ToolKind::Execute && rule.commandPrefix.isEmpty())
        return std::nullopt; // which command? nothing to keep for later sessions
    return rule;
}

bool ClientSession::cancelPermission(quint64 handle)
{
    if (!m_permissions.contains(handle))
        return false;
    resolvePermission(handle, RequestPermissionOutcome::cancel());
    return true;
}

void ClientSession::resolvePermission(quint64 handle, const RequestPermissionOutcome &outcome)
{
    const auto entry = m_permissions.take(handle);
    if (!entry)
        return;
    entry->first.respond(write(RequestPermissionResponse{outcome, {}}));
    Q_EMIT permissionResolved(handle);
}

void ClientSession::onInboundCancelled(quint64 handle)
{
    if (m_writes.take(handle))
        Q_EMIT writeReviewResolved(handle);
    else if (m_permissions.take(handle))
        Q_EMIT permissionResolved(handle);
}

QList<PendingWrite> ClientSession::pendingWrites() const
{
    QList<PendingWrite> writes;
    for (const auto &[pending, params] : m_writes.items())
        writes.append(pending);
    return writes;
}

void ClientSession::handleWrite(const InboundRequest &request, const WriteTextFileRequest &params)
{
    if (!m_reviewWrites) {
        performWrite(request, params);
        return;
    }
    // Show the change as a diff first: read what is there now (off this thread).
    ReadTextFileRequest current{params.sessionId, params.path, std::nullopt, std::nullopt, {}};
    if (!m_services.files) {
        request.fail({ErrorCode::InternalError, tr("The session is closing."), {}});
        return;
    }
    m_services.files->read(
        current, roots(), this,
        [this, request, params](const FileSystemService::ReadResult &result) {
            if (!request.isOpen())
                return;
            PendingWrite pending{request.handle(), params.path, std::nullopt, params.content};
            if (const auto *text = std::get_if<QString>(&result))
                pending.oldText = *text;
            m_writes.add(request, {pending, params});
            Q_EMIT writeReviewRequested(pending);
        });
}

bool ClientSession::answerWrite(quint64 handle, bool approve)
{
    const auto entry = m_writes.take(handle);
    if (!entry)
        return false;
    const InboundRequest &request = entry->first;
    const WriteTextFileRequest &params = entry->second.second;
    Q_EMIT writeReviewResolved(handle);
    if (approve)
        performWrite(request, params);
    else
        request.fail({ErrorCode::InternalError,
                      tr("The user declined to write %1.").arg(params.path),
                      QJsonObject{{QStringLiteral("path"), params.path}}});
    return true;
}

void ClientSession::performWrite(const InboundRequest &request, const WriteTextFileRequest &params)
{
    if (!m_services.files) {
        request.fail({ErrorCode::InternalError, tr("The session is closing."), {}});
        return;
    }
    m_services.files->write(params, roots(), this,
                            [request](const FileSystemService::WriteResult &error) {
                                if (error)
                                    request.fail(*error);
                                else
                                    request.respond(QJsonObject());
                            });
}

void ClientSession::setMode(const QString &modeId)
{
    if (!connected())
        return;
    // Config options supersede modes (PROTOCOL.md 5.9): a "mode" option is the way to switch.
    for (const SessionConfigOption &option : std::as_const(m_configOptions)) {
        if (option.category == QLatin1String("mode")
            && option.type == SessionConfigOption::Type::Select) {
            setConfigOption(option.id, modeId);
            return;
        }
    }
    if (!m_modes)
        return;
    call(*m_services.connection, Calls::SessionSetMode,
         SetSessionModeRequest{m_sessionId, modeId, {}}, this,
         [this, modeId](const Reply<EmptyMessage> &reply) {
             if (!reply.ok() || !m_modes)
                 return;
             m_modes->currentModeId = modeId;
             Q_EMIT modesChanged();
         });
}

void ClientSession::setConfigOption(const QString &configId,
                                    const std::variant<QString, bool> &value)
{
    if (!connected())
        return;
    const auto known = std::find_if(m_configOptions.cbegin(), m_configOptions.cend(),
                                    [&](const SessionConfigOption &o) { return o.id == configId; });
    if (known == m_configOptions.cend())
        return;
    call(*m_services.connection, Calls::SessionSetConfigOption,
         SetSessionConfigOptionRequest{m_sessionId, configId, value, {}}, this,
         [this](const Reply<SetSessionConfigOptionResponse> &reply) {
             if (!reply.ok())
                 return;
             m_configOptions = reply.result->configOptions;
             Q_EMIT configOptionsChanged();
         });
}

void ClientSession::close()
{
    if (m_closed)
        return;
    if (m_services.connection && m_services.capabilities.sessionClose
        && m_services.connection->isRunning()) {
        call(*m_services.connection, Calls::SessionClose, SessionIdParams{m_sessionId, {}}, this,
             [](const Reply<EmptyMessage> &) {});
    } else if (m_turnState == TurnState::Running) {
        cancel();
    }
    markClosed();
}

void ClientSession::markClosed()
{
    if (m_closed)
        return;
    m_closed = true;
    const QList<quint64> handles = m_permissions.handles();
    for (const quint64 handle : handles)
        resolvePermission(handle, RequestPermissionOutcome::cancel());
    const QList<quint64> writes = m_writes.handles();
    for (const quint64 handle : writes)
        answerWrite(handle, false);
    if (m_services.terminals)
        m_services.terminals->releaseSession(m_sessionId);
    if (!m_queue.isEmpty()) {
        m_queue.clear();
        Q_EMIT queueChanged();
    }
    Q_EMIT closed();
}

void ClientSession::noteSkippedMessage(const QJsonObject &about)
{
    const QString size
        = QLocale().formattedDataSize(qint64(about.value(QStringLiteral("limit")).toDouble()), 0);
    const QString method = about.value(QStringLiteral("method")).toString();
    const QString toolCallId = about.value(QStringLiteral("toolCallId")).toString();
    const int row = toolCallId.isEmpty() ? -1 : m_transcript.rowOfToolCall(toolCallId);
    QString text;
    if (row >= 0)
        text = tr("The agent sent an update of the tool call \u201c%1\u201d larger than %2; it "
                  "was skipped, so the tool call may not show everything it did.")
                   .arg(m_transcript.entry(row).toolCall.title, size);
    else if (about.value(QStringLiteral("response")).toBool())
        text = tr("The agent's answer was larger than %1; it was skipped and the request "
                  "failed.")
                   .arg(size);
    else if (about.value(QStringLiteral("request")).toBool())
        text
            = tr("The agent sent a request (%1) larger than %2; it was refused.").arg(method, size);
    else if (!method.isEmpty())
        text
            = tr("The agent sent a message (%1) larger than %2; it was skipped.").arg(method, size);
    else
        text = tr("The agent sent a message larger than %1; it was skipped.").arg(size);
    m_transcript.appendError(text);
}

void ClientSession::applyUpdate(const SessionUpdate &update)
{
    const auto announce = qScopeGuard([&] { Q_EMIT updateApplied(update); });
    if (m_transcript.apply(update))
        return;
    if (const auto *commands = std::get_if<AvailableCommandsUpdate>(&update)) {
        m_commands = commands->commands;
        Q_EMIT commandsChanged();
    } else if (const auto *mode = std::get_if<CurrentModeUpdate>(&update)) {
        if (m_modes) {
            m_modes->currentModeId = mode->currentModeId;
            Q_EMIT modesChanged();
        }
    } else if (const auto *config = std::get_if<ConfigOptionUpdate>(&update)) {
        m_configOptions = config->configOptions;
        Q_EMIT configOptionsChanged();
    } else if (const auto *info = std::get_if<SessionInfoUpdate>(&update)) {
        const auto applyPatch = [](QString &field, const FieldPatch<QString> &patch) {
            if (patch.action == FieldPatch<QString>::Action::Clear)
                field.clear();
            else if (patch.action == FieldPatch<QString>::Action::Set)
                field = patch.value;
        };
        applyPatch(m_title, info->title);
        applyPatch(m_updatedAt, info->updatedAt);
        Q_EMIT infoChanged();
    } else if (const auto *usage = std::get_if<UsageUpdate>(&update)) {
        m_usage = *usage;
        Q_EMIT usageChanged();
    }
}

void ClientSession::applySetupResult(const SessionSetupResult &result)
{
    if (result.modes) {
        m_modes = result.modes;
        Q_EMIT modesChanged();
    }
    if (result.configOptions) {
        m_configOptions = *result.configOptions;
        Q_EMIT configOptionsChanged();
    }
}

void ClientSession::setTurnState(TurnState state)
{
    if (m_turnState == state)
        return;
    m_turnState = state;
    Q_EMIT turnStateChanged(state);
}

} // namespace Acp
