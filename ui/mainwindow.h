#pragma once

#include "agentprofile.h"

#include <QMainWindow>

class QListWidget;
class QPlainTextEdit;
class QStackedWidget;

namespace Acp {
class PermissionPolicy;
}

namespace Ui {

class InspectorWindow;
class SessionView;

// The application window: the open sessions on the left, the current one on the right, an
// agent console (stderr) and the protocol inspector on demand.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ProfileStore *profiles, QWidget *parent = nullptr);

    // Opens a session with `profile` in `cwd` and shows it.
    SessionView *openSession(const AgentProfile &profile, const QString &cwd);
    SessionView *currentSession() const;
    QList<SessionView *> sessions() const;
    InspectorWindow *inspector();
    ProfileStore *profiles() const { return m_profiles; }

private:
    void createActions();
    void newSessionDialog();
    void closeCurrentSession();
    void exportMarkdown();
    void showCurrent(int row);
    void showSettings();

    ProfileStore *m_profiles;
    QListWidget *m_list;
    QStackedWidget *m_stack;
    QPlainTextEdit *m_console;
    InspectorWindow *m_inspector = nullptr;
    Acp::PermissionPolicy *m_policy;
};

} // namespace Ui
