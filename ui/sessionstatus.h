#pragma once

#include "agentprofile.h"
#include "mcpservers.h"
#include "sessioncontroller.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace Ui {

// The lines above a session's transcript that say how its agent is doing: starting, what went
// wrong (with the end of what the agent printed on stderr, the profile's secrets hidden), the
// Restart button, and the MCP servers the agent was not given.
class SessionStatus final : public QWidget
{
    Q_OBJECT
public:
    SessionStatus(const Acp::AgentProfile &profile, QWidget *parent = nullptr);

    // Empty `html` hides the line.
    void showStatus(const QString &html, bool offerRestart);
    void setRestartLabel(const QString &label);
    void showFailure(const Acp::SessionController::Failure &failure);
    void showStopped(const Acp::DisconnectCause &cause, bool forceStopped);
    void showSkippedMcpServers(const QList<Acp::SkippedMcpServer> &skipped);

Q_SIGNALS:
    void restartRequested();

private:
    QString stderrHtml(const QByteArray &tail) const;

    Acp::AgentProfile m_profile;
    QLabel *m_status;
    QPushButton *m_restart;
    QLabel *m_mcpNotice;
};

} // namespace Ui
