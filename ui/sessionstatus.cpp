#include "sessionstatus.h"

#include "secretredactor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Ui {

using Stage = Acp::SessionController::Stage;

SessionStatus::SessionStatus(const Acp::AgentProfile &profile, QWidget *parent)
    : QWidget(parent)
    , m_profile(profile)
    , m_status(new QLabel(this))
    , m_restart(new QPushButton(tr("Restart agent"), this))
    , m_mcpNotice(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(8, 0, 8, 0);
    m_status->setObjectName(QStringLiteral("agentStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    m_restart->setObjectName(QStringLiteral("restartAgentButton"));
    m_restart->hide();
    connect(m_restart, &QPushButton::clicked, this, &SessionStatus::restartRequested);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_restart);
    layout->addLayout(statusRow);
    m_mcpNotice->setObjectName(QStringLiteral("mcpNotice"));
    m_mcpNotice->setWordWrap(true);
    m_mcpNotice->setContentsMargins(8, 0, 8, 0);
    m_mcpNotice->setTextFormat(Qt::RichText);
    m_mcpNotice->hide();
    layout->addWidget(m_mcpNotice);
}

void SessionStatus::showStatus(const QString &html, bool offerRestart)
{
    m_status->setText(html);
    m_status->setVisible(!html.isEmpty());
    m_restart->setVisible(offerRestart);
}

void SessionStatus::setRestartLabel(const QString &label)
{
    m_restart->setText(label);
}

// The end of what the agent wrote on stderr; the profile's secrets are hidden (an agent may
// print its own API key in an error).
QString SessionStatus::stderrHtml(const QByteArray &tail) const
{
    if (tail.isEmpty())
        return {};
    const QByteArray shown = Acp::SecretRedactor::forProfile(m_profile).redact(tail.right(1500));
    return QStringLiteral("<pre>%1</pre>").arg(QString::fromUtf8(shown).toHtmlEscaped());
}

void SessionStatus::showFailure(const Acp::SessionController::Failure &failure)
{
    const QString message = failure.message.toHtmlEscaped();
    // What the agent printed on its way out usually says why (a missing API key, ...).
    const QString gone = failure.agentGone ? stderrHtml(failure.stderrTail) : QString();
    // The agent's own details of its error (often the reason in its words, or a login URL).
    const QString data = failure.agentError ? failure.agentError->dataText() : QString();
    const QString details = data.isEmpty() ? QString() : stderrHtml(data.left(1500).toUtf8());
    switch (failure.stage) {
    case Stage::Starting:
        if (!failure.disconnect)
            showStatus(tr("<b>The agent could not be used.</b> %1").arg(message) + gone, true);
        else if (failure.disconnect->reason == Acp::DisconnectCause::Reason::FailedToStart)
            showStatus(tr("The agent could not be started. Is <code>%1</code> installed and on "
                          "your PATH?")
                               .arg(m_profile.program.toHtmlEscaped())
                           + gone,
                       true);
        else
            showStatus(tr("The agent stopped before it was ready: %1.")
                               .arg(failure.disconnect->description().toHtmlEscaped())
                           + gone,
                       true);
        break;
    case Stage::Opening:
        if (failure.authenticationRequired)
            showStatus(QString(), false); // the login buttons say it
        else
            showStatus(tr("<b>No session:</b> %1").arg(message) + details + gone, true);
        break;
    case Stage::Loading:
    case Stage::Resuming:
        // The previous view stays exactly as it was.
        showStatus(tr("<b>The session could not be opened:</b> %1").arg(message) + details, true);
        break;
    default:
        showStatus(tr("This agent cannot reopen sessions. Its last saved transcript is shown, "
                      "read-only."),
                   true);
        break;
    }
}

void SessionStatus::showStopped(const Acp::DisconnectCause &cause, bool forceStopped)
{
    QString html = forceStopped
        ? tr("<b>You stopped the agent</b> (it did not stop its turn when asked).")
        : tr("<b>The agent has stopped:</b> %1.").arg(cause.description().toHtmlEscaped());
    html += stderrHtml(cause.stderrTail);
    html += tr("The transcript is kept.");
    showStatus(html, forceStopped || cause.reason != Acp::DisconnectCause::Reason::ClosedByClient);
}

void SessionStatus::showSkippedMcpServers(const QList<Acp::SkippedMcpServer> &skipped)
{
    // Named above the transcript, so that a missing tool is not a mystery later on.
    QStringList lines;
    for (const Acp::SkippedMcpServer &server : skipped)
        lines << tr("MCP server <b>%1</b> (%2) was not passed to the agent: %3")
                     .arg(server.server.name.toHtmlEscaped(),
                          Acp::toString(server.server.transport), server.reason.toHtmlEscaped());
    m_mcpNotice->setText(lines.join(QStringLiteral("<br>")));
    m_mcpNotice->setVisible(!lines.isEmpty());
}

} // namespace Ui
