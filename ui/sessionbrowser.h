#pragma once

#include "agentprofile.h"
#include "sessionmethods.h"
#include "sessionstore.h"

#include <QDialog>

#include <QTimer>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace Ui {

class SessionFilterModel;
class SessionListModel;

// The sessions this app created or loaded (the local history), newest first. The search field
// filters titles at once and, a moment after typing stops, searches every saved transcript
// (in the background): sessions found there show the matching excerpt, and opening one shows
// that entry. Open reopens a session, Forget removes it and its saved transcript.
class SessionBrowser final : public QDialog
{
    Q_OBJECT
public:
    SessionBrowser(Acp::SessionStore *store, QWidget *parent = nullptr);

    std::optional<Acp::StoredSession> chosen() const { return m_chosen; }
    // The transcript entry the search found in the chosen session, or -1.
    int chosenEntry() const { return m_chosenEntry; }
    // Whether a transcript search is still running (automation waits for it).
    bool isSearching() const { return m_searching; }
    QTableView *table() const { return m_table; }
    static constexpr int SearchDelayMs = 250;
    // Transcript entries a search asks for (the newest per session is shown): each costs an
    // excerpt, so a word found everywhere stays fast.
    static constexpr int SearchLimit = 200;
    // 0: the usual way (resume when possible), 2: replay the full history
    // (SessionView::ReopenMode).
    int mode() const { return m_mode; }
    void setFilter(const QString &text);
    // Shows only the sessions of one working directory (empty: all).
    void setDirectory(const QString &cwd);
    // Adds what an agent lists (session/list) to the local index's sessions; a session known
    // to both shows once.
    void addAgentSessions(const QString &agentKey, const QList<Acp::SessionInfo> &sessions);
    // Selects the row of a session (automation); false when it is not listed.
    bool selectSession(const QString &sessionId);

Q_SIGNALS:
    // The user confirmed forgetting a session (the agent may be asked to delete it too).
    void forgetRequested(const Acp::StoredSession &session);
    // A transcript search has been shown (automation, tests).
    void searchFinished();

private:
    void refresh();
    void updateDirectories();
    void searchTranscripts();
    void choose(int mode);
    int currentRow() const; // in the source model, or -1
    std::optional<Acp::StoredSession> current() const;

    Acp::SessionStore *m_store;
    QLineEdit *m_search;
    QComboBox *m_directory;
    QTableView *m_table;
    QLabel *m_status;
    SessionListModel *m_model;
    SessionFilterModel *m_filter;
    QTimer m_searchTimer;
    quint64 m_searchGeneration = 0;
    bool m_searching = false;
    bool m_directoriesPending = false;
    QHash<QString, QList<Acp::SessionInfo>> m_agentLists; // session/list by profile
    std::optional<Acp::StoredSession> m_chosen;
    int m_chosenEntry = -1;
    int m_mode = 0;
};

} // namespace Ui
