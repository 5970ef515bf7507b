#include "loginbar.h"

#include "agentclient.h"
#include "plaintext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>

namespace Ui {

LoginBar::LoginBar(const Acp::AgentProfile &profile, const QString &cwd, QWidget *parent)
    : QWidget(parent)
    , m_profile(profile)
    , m_cwd(cwd)
{
    setObjectName(QStringLiteral("authenticationBox"));
    setLayout(new QHBoxLayout);
    hide();
}

void LoginBar::showMethods(const QList<Acp::AuthMethod> &methods)
{
    QLayout *row = layout();
    while (QLayoutItem *item = row->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    row->addWidget(new QLabel(tr("The agent asks you to log in:"), this));
    for (const Acp::AuthMethod &method : methods) {
        auto *button = new QPushButton(withoutMnemonics(method.name), this);
        button->setObjectName(QStringLiteral("authMethod_") + method.id);
        button->setToolTip(plainAsRichText(method.description.value_or(QString())));
        if (method.type == Acp::AuthMethod::Type::Terminal) {
            button->setToolTip(tr("Opens a terminal to log in, then restarts the agent."));
            connect(button, &QPushButton::clicked, this,
                    [this, method] { runTerminalLogin(method); });
        } else {
            connect(button, &QPushButton::clicked, this,
                    [this, id = method.id] { Q_EMIT authenticate(id); });
        }
        row->addWidget(button);
    }
    show();
}

void LoginBar::runTerminalLogin(const Acp::AuthMethod &method)
{
    const Acp::ProcessOptions login
        = Acp::AgentClient::terminalLoginCommand(m_profile.processOptions(), method);
    const QString commandLine
        = (QStringList{login.program} + login.arguments).join(QLatin1Char(' '));
    const QString terminal = QStandardPaths::findExecutable(QStringLiteral("x-terminal-emulator"));
    if (terminal.isEmpty()) {
        Q_EMIT statusChanged(tr("No terminal emulator was found. Run <code>%1</code> in a "
                                "terminal, then restart the agent.")
                                 .arg(commandLine.toHtmlEscaped()),
                             true);
        return;
    }
    auto *process = new QProcess(this);
    process->setProcessEnvironment(login.environment);
    process->setWorkingDirectory(m_cwd);
    connect(process, &QProcess::finished, this, [this, process] {
        process->deleteLater();
        Q_EMIT restartNeeded(); // a fresh connection, initialized again
    });
    connect(process, &QProcess::errorOccurred, this,
            [this, process, commandLine](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart)
                    return;
                process->deleteLater();
                Q_EMIT statusChanged(tr("The terminal could not be opened. Run <code>%1</code> "
                                        "yourself, then restart the agent.")
                                         .arg(commandLine.toHtmlEscaped()),
                                     true);
            });
    Q_EMIT statusChanged(tr("Log in in the terminal window; the agent restarts when it closes."),
                         false);
    hide();
    process->start(terminal, QStringList{QStringLiteral("-e"), login.program} + login.arguments);
}

} // namespace Ui
