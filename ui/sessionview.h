#pragma once

#include "agentclient.h"
#include "agentprofile.h"
#include "sessioncontroller.h"
#include "sessionstore.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace Ui {

class FindBar;
class LoginBar;
class PromptArea;
class PromptEdit;
class SessionHeader;
class SessionStatus;
class TranscriptView;

// One session with its agent, as Acp::SessionController runs it (starting the agent, opening
// or reopening the session, recording it): shows the transcript, the prompt editor (Send becomes
// Stop during a turn), the queue of prompts typed meanwhile, the mode and model choices, usage, and
// what went wrong when the agent fails or crashes (the transcript stays).
class SessionView final : public QWidget
{
    Q_OBJECT
public:
    // Opens a new session in `cwd`, or, with `sessionId`, reopens that one: its last saved
    // transcript shows at once (read-only) while the agent loads it, and the loaded transcript
    // replaces it in one step only when the load is complete.
    // How to reopen: Automatic resumes when the agent can and a saved copy exists (fast), and
    // otherwise loads the full history; the user's last choice per agent is remembered.
    using ReopenMode = Acp::SessionController::Reopen;
    SessionView(const Acp::AgentProfile &profile, const QString &cwd, QWidget *parent = nullptr,
                Acp::SessionStore *store = nullptr, Acp::PermissionRules *rules = nullptr,
                const std::optional<QString> &sessionId = {},
                ReopenMode mode = ReopenMode::Automatic);
    ~SessionView() override;

    Acp::AgentClient *client() const;
    Acp::SessionController *controller() const { return m_controller; }
    Acp::ClientSession *session() const { return m_session; }
    TranscriptView *transcriptView() const { return m_view; }
    // The saved transcript shown while a session is being reopened (null otherwise).
    TranscriptView *snapshotView() const { return m_snapshotView; }
    bool isLoading() const { return m_loading; }
    int replayedUpdates() const { return m_replayed; }
    PromptEdit *promptEdit() const;
    const Acp::AgentProfile &profile() const { return m_profile; }
    const QString &cwd() const { return m_cwd; }
    QString displayTitle() const;
    // The transcript as Markdown, for export.
    QString toMarkdown() const;

    // Shows one entry of the transcript (a search result): in the saved copy while the session
    // reopens, and in the session's transcript once it is there. -1: none.
    void revealEntry(int row);
    int revealedEntry() const { return m_revealEntry; }

    // Sends (or queues) a prompt as if typed; before the session is open, it waits for it.
    void submit(const QString &text);
    void stop();
    // Shows the find bar (Ctrl+F) over the transcript.
    void showFind();

Q_SIGNALS:
    void titleChanged(const QString &title);
    void sessionReady(Acp::ClientSession *session);
    // The user asked for a fresh agent after a crash: in `cwd` and, when `sessionId` is not
    // empty, reopening that session.
    void restartRequested(const Acp::AgentProfile &profile, const QString &cwd,
                          const QString &sessionId);
    void attentionNeeded(const QString &reason);

private:
    void followAgent(Acp::AgentClient *client);
    void onStage(Acp::SessionController::Stage stage);
    void showSnapshot(); // the saved copy, read-only, until the session is open
    void setLoading(bool loading);
    void attachSession(Acp::ClientSession *session);
    void reviewWrite(const Acp::PendingWrite &write);
    void showStatus(const QString &html, bool offerRestart);
    void updateHeader();

    Acp::AgentProfile m_profile;
    QString m_cwd;
    QPointer<Acp::SessionStore> m_store;
    std::optional<QString> m_reopenId;
    Acp::TranscriptModel *m_snapshot = nullptr;
    TranscriptView *m_snapshotView = nullptr;
    int m_revealEntry = -1;
    bool m_loading = false;
    int m_replayed = 0;
    QWidget *m_loadingBar = nullptr;
    QLabel *m_loadingLabel = nullptr;
    Acp::SessionController *m_controller = nullptr; // child; deleted first
    QPointer<Acp::ClientSession> m_session;
    TranscriptView *m_view = nullptr;

    QVBoxLayout *m_layout;
    SessionHeader *m_header;
    SessionStatus *m_status;
    LoginBar *m_authBox;
    FindBar *m_findBar;
    PromptArea *m_promptArea = nullptr;
};

} // namespace Ui
