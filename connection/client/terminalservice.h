#pragma once

#include "connection.h"
#include "terminal.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace Acp {

// Serves terminal/create, output, wait_for_exit, kill and release for an agent's sessions.
// Terminals of a session are killed and released when it closes, and all of them when the
// service goes away (the application quits).
class TerminalService final : public QObject
{
    Q_OBJECT
public:
    explicit TerminalService(QObject *parent = nullptr);
    ~TerminalService() override;

    // Where a session's commands may run: its folder by default, and a `cwd` the agent names
    // only inside one of its roots (as file access).
    struct Scope
    {
        QString sessionId;
        QString cwd;
        QStringList roots;
    };
    // The sandbox every command runs in: the agent's.
    void setSandbox(const Sandbox &sandbox) { m_sandbox = sandbox; }
    void create(const InboundRequest &request, const CreateTerminalRequest &params,
                const Scope &scope);
    void output(const InboundRequest &request, const TerminalRequest &params);
    void waitForExit(const InboundRequest &request, const TerminalRequest &params);
    void kill(const InboundRequest &request, const TerminalRequest &params);
    void release(const InboundRequest &request, const TerminalRequest &params);

    // Every terminal of the session, released ones included (the transcript still shows them).
    QList<Terminal *> terminals(const QString &sessionId) const;
    Terminal *terminal(const QString &terminalId) const;
    void releaseSession(const QString &sessionId);

    // The output as text, without a character cut in half at the end of a running command.
    static QString outputText(const QByteArray &bytes);

Q_SIGNALS:
    void terminalCreated(Acp::Terminal *terminal);

private:
    Terminal *live(const InboundRequest &request, const TerminalRequest &params);

    QHash<QString, QPointer<Terminal>> m_live; // answerable by id
    QList<QPointer<Terminal>> m_all;
    QHash<QString, QList<InboundRequest>> m_waiting; // wait_for_exit replies by terminal id
    quint64 m_next = 0;
    Sandbox m_sandbox;
};

} // namespace Acp
