#pragma once

#include "agentprofile.h"

#include <QMainWindow>

class QFrame;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QStackedWidget;

namespace Acp {
class AgentRegistry;
class PermissionRules;
class SessionStore;
} // namespace Acp

namespace Ui {

class InspectorWindow;
class SessionView;

// The application window: the open sessions on the left, the current one on the right, an
// agent console (stderr) and the protocol inspector on demand.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    // `store` keeps the sessions' index and transcripts; null keeps nothing (tests).
    explicit MainWindow(Acp::ProfileStore *profiles, QWidget *parent = nullptr,
                        Acp::SessionStore *store = nullptr);

    // Opens a session with `profile` in `cwd` and shows it.
    SessionView *openSession(const Acp::AgentProfile &profile, const QString &cwd);
    // Reopens a session the app knows (loaded or resumed from the agent, see SessionView).
    SessionView *reopenSession(const Acp::AgentProfile &profile, const QString &cwd,
                               const QString &sessionId,
                               int mode = 0 /* SessionView::ReopenMode::Automatic */);
    // The sessions open when the window closes are reopened next time (a setting, on by
    // default). Returns how many were reopened.
    int reopenLastSessions();
    Acp::SessionStore *sessionStore() const { return m_store; }
    SessionView *currentSession() const;
    QList<SessionView *> sessions() const;
    InspectorWindow *inspector();
    Acp::ProfileStore *profiles() const { return m_profiles; }
    // File > Agent Registry (created on first use, with the registry's worker thread).
    void showRegistry();
    Acp::AgentRegistry *registry();

    // File > Export as Markdown without the file dialog (automation): writes the current
    // session's transcript to `path`, asking first whether to hide the secrets its agent was
    // given when the transcript contains any (hidden by default). exportFinished() follows.
    void exportMarkdownTo(const QString &path);

Q_SIGNALS:
    // An export was written (error empty) or failed; nothing when the user cancelled.
    void exportFinished(const QString &path, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    Acp::AgentProfile withMcpServers(Acp::AgentProfile profile) const;
    void createActions();
    void createSaveFailedBanner(QWidget *parent);
    void showSaveFailure(const QString &message);
    void newSessionDialog();
    void closeCurrentSession();
    void exportMarkdown();
    void writeExport(const QString &path, const QByteArray &bytes);
    void showCurrent(int row);
    void showSettings();
    void showSessionBrowser();
    void showShortcuts();
    void showAbout();
    SessionView *addSessionView(SessionView *view);

    Acp::ProfileStore *m_profiles;
    QListWidget *m_list;
    QStackedWidget *m_stack;
    QPlainTextEdit *m_console;
    InspectorWindow *m_inspector = nullptr;
    Acp::AgentRegistry *m_registry = nullptr;
    Acp::PermissionRules *m_rules; // one set for every tab and Settings
    Acp::SessionStore *m_store;
    QFrame *m_saveFailed = nullptr;
    QLabel *m_saveFailedText = nullptr;
    int m_saveFailures = 0;
};

} // namespace Ui
