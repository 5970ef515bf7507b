#include "terminalservice.h"

#include "filesystemservice.h"

namespace Acp {

TerminalService::TerminalService(QObject *parent)
    : QObject(parent)
{ }

TerminalService::~TerminalService()
{
    for (const auto &terminal : std::as_const(m_all))
        delete terminal.data(); // kills what still runs
}

QString TerminalService::outputText(const QByteArray &bytes)
{
    // Drop an incomplete UTF-8 sequence at the end; the rest of it has not arrived yet.
    qsizetype end = bytes.size();
    for (qsizetype back = 1; back <= 3 && back <= bytes.size(); ++back) {
        const uchar c = uchar(bytes.at(bytes.size() - back));
        if ((c & 0xC0) == 0x80)
            continue; // continuation byte: look further back for the lead byte
        const int length = (c & 0x80) == 0 ? 1
            : (c & 0xE0) == 0xC0           ? 2
            : (c & 0xF0) == 0xE0           ? 3
                                           : 4;
        if (length > back)
            end = bytes.size() - back;
        break;
    }
    return QString::fromUtf8(bytes.constData(), end);
}

void TerminalService::create(const InboundRequest &request, const CreateTerminalRequest &params,
                             const Scope &scope)
{
    QString directory = scope.cwd;
    if (params.cwd) {
        // Commands run inside the session's directories, like file access.
        const auto resolved = FileSystemService::resolve(*params.cwd, scope.roots);
        if (const auto *error = std::get_if<RpcError>(&resolved)) {
            request.fail(*error);
            return;
        }
        directory = std::get<QString>(resolved);
    }
    const QString id = QStringLiteral("term-%1").arg(++m_next);
    auto *terminal = new Terminal(id, scope.sessionId, params, directory, this);
    terminal->setSandbox(m_sandbox);
    if (!terminal->start()) {
        request.fail({ErrorCode::InternalError, terminal->refusal(), {}});
        delete terminal;
        return;
    }
    m_live.insert(id, terminal);
    m_all.append(terminal);
    connect(terminal, &Terminal::exited, this, [this, id](const TerminalExitStatus &status) {
        const QList<InboundRequest> waiting = m_waiting.take(id);
        for (const InboundRequest &reply : waiting)
            reply.respond(write(status));
    });
    Q_EMIT terminalCreated(terminal);
    request.respond(write(CreateTerminalResponse{id, {}}));
}

Terminal *TerminalService::live(const InboundRequest &request, const TerminalRequest &params)
{
    Terminal *terminal = m_live.value(params.terminalId).data();
    if (!terminal || terminal->sessionId() != params.sessionId) {
        request.fail(
            {ErrorCode::InvalidParams, tr("unknown terminal: %1").arg(params.terminalId), {}});
        return nullptr;
    }
    return terminal;
}

void TerminalService::output(const InboundRequest &request, const TerminalRequest &params)
{
    if (Terminal *t = live(request, params))
        request.respond(write(TerminalOutputResponse{
            outputText(t->output()), t->isTruncated(), t->exitStatus(), {}}));
}

void TerminalService::waitForExit(const InboundRequest &request, const TerminalRequest &params)
{
    Terminal *t = live(request, params);
    if (!t)
        return;
    if (t->hasExited())
        request.respond(write(*t->exitStatus()));
    else
        m_waiting[t->id()].append(request); // answered when it exits (never blocks)
}

void TerminalService::kill(const InboundRequest &request, const TerminalRequest &params)
{
    if (Terminal *t = live(request, params)) {
        t->kill(); // the id stays valid for output and wait_for_exit
        request.respond(QJsonObject());
    }
}

void TerminalService::release(const InboundRequest &request, const TerminalRequest &params)
{
    if (Terminal *t = live(request, params)) {
        t->release();
        m_live.remove(t->id());
        request.respond(QJsonObject());
    }
}

QList<Terminal *> TerminalService::terminals(const QString &sessionId) const
{
    QList<Terminal *> result;
    for (const auto &terminal : m_all) {
        if (terminal && terminal->sessionId() == sessionId)
            result.append(terminal.data());
    }
    return result;
}

Terminal *TerminalService::terminal(const QString &terminalId) const
{
    for (const auto &terminal : m_all) {
        if (terminal && terminal->id() == terminalId)
            return terminal.data();
    }
    return nullptr;
}

void TerminalService::releaseSession(const QString &sessionId)
{
    for (const auto &terminal : std::as_const(m_all)) {
        if (terminal && terminal->sessionId() == sessionId) {
            terminal->release();
            m_live.remove(terminal->id());
        }
    }
}

} // namespace Acp
