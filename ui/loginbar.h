#pragma once

#include "agentprofile.h"
#include "initialize.h"

#include <QWidget>

namespace Ui {

// "The agent asks you to log in:" and a button per method the agent offers. Agent-run
// methods are handed to the caller (authenticate()); a terminal method (PROTOCOL.md 4) runs
// the agent's own login command in a terminal window, and the agent is restarted after it.
class LoginBar final : public QWidget
{
    Q_OBJECT
public:
    LoginBar(const Acp::AgentProfile &profile, const QString &cwd, QWidget *parent = nullptr);

    void showMethods(const QList<Acp::AuthMethod> &methods);

Q_SIGNALS:
    void authenticate(const QString &methodId);
    // The terminal login ended: a fresh agent will say whether it worked.
    void restartNeeded();
    // What to tell the user about a terminal login (HTML), and whether to offer a restart.
    void statusChanged(const QString &html, bool offerRestart);

private:
    void runTerminalLogin(const Acp::AuthMethod &method);

    Acp::AgentProfile m_profile;
    QString m_cwd;
};

} // namespace Ui
