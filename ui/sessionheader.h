#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;

namespace Acp {
class ClientSession;
struct Sandbox;
} // namespace Acp

namespace Ui {

// The row above a session's transcript: its title (profile and folder), the agent's modes or
// config options as combo boxes, "Review writes", the token usage and the sandbox in force.
class SessionHeader final : public QWidget
{
    Q_OBJECT
public:
    explicit SessionHeader(QWidget *parent = nullptr);

    void setTitle(const QString &title, const QString &profileName, const QString &cwd);
    // The kernel sandbox the agent runs in, in a few words (the whole of it in the tooltip).
    void setSandbox(const Acp::Sandbox &sandbox);
    // Rebuilds the modes, config options and usage from `session` (call when they change).
    void showSession(Acp::ClientSession *session);
    bool reviewWrites() const;

Q_SIGNALS:
    void reviewWritesToggled(bool on);

private:
    QPointer<Acp::ClientSession> m_session;
    QLabel *m_title;
    QHBoxLayout *m_optionsLayout;
    QList<QComboBox *> m_optionBoxes;
    QComboBox *m_mode;
    QCheckBox *m_reviewWrites;
    QLabel *m_usage;
    QLabel *m_sandbox;
};

} // namespace Ui
