#pragma once

#include "agentprofile.h"
#include "clientsession.h"
#include "sessioncontroller.h"
#include "sessionstore.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QSettings;

namespace Ui {
class MainWindow;
class SessionView;

namespace Testing {

// Drives the real main window the way a user does, for QtTest suites of your own: it opens
// sessions, types and sends prompts, clicks permission buttons and the session browser, and
// waits (on the event loop, never sleeping) for what the window shows. Everything it touches
// is reachable by the objectNames documented in ui/README.md; this class only saves the
// boilerplate. Profiles and the session index live under `dataDirectory`, never in the
// user's own settings.
class SessionDriver final : public QObject
{
    Q_OBJECT
public:
    explicit SessionDriver(const QString &dataDirectory, QObject *parent = nullptr);
    ~SessionDriver() override;

    // The bundled demo agent: `program`, or switchboard-demo-agent beside the test executable.
    static Acp::AgentProfile demoAgent(const QString &program = {});

    MainWindow *window() const;
    Acp::SessionStore *sessionStore() const { return m_store.get(); }
    // Opens a session and waits until it is ready for a prompt; null on timeout. The profile
    // is saved (by name) in the driver's profiles, where the window looks it up again.
    SessionView *openSession(const Acp::AgentProfile &profile, const QString &cwd,
                             int timeoutMs = 20000);
    SessionView *currentView() const;
    // The workflow behind the current view (its stage, its queue, what a restart reopens).
    Acp::SessionController *controller() const;
    Acp::ClientSession *session() const;
    Acp::TranscriptModel *transcript() const;

    // Types `text` into the prompt editor and clicks Send; false when the editor is disabled.
    bool sendPrompt(const QString &text);
    // Waits for the current turn to end; the stop reason, or nothing on timeout.
    std::optional<Acp::StopReason> waitForTurnEnd(int timeoutMs = 30000);
    // Waits for a permission card and clicks its first option of `kind`.
    bool answerPermission(Acp::PermissionOption::Kind kind, int timeoutMs = 20000);
    // File > Close Session.
    bool closeCurrentSession();
    // File > Open Session, picks `sessionId`, Open (or Load full history), and waits until
    // the transcript is loaded and shown; null on timeout.
    SessionView *reopenFromBrowser(const QString &sessionId, bool fullHistory = false,
                                   int timeoutMs = 30000);

private:
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<Acp::ProfileStore> m_profiles;
    std::unique_ptr<Acp::SessionStore> m_store;
    std::unique_ptr<MainWindow> m_window;
    std::optional<Acp::StopReason> m_lastStop;
    int m_turnsEnded = 0;
    QPointer<Acp::ClientSession> m_watched;
};

} // namespace Testing
} // namespace Ui
