#pragma once

#include "agentprofile.h"
#include "sessionmethods.h"
#include "sessionstore.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QTableWidget;

namespace Ui {

// The sessions this app created or loaded (the local index), newest first, searchable by
// title; Open reopens one, Forget removes it from the index and its saved transcript.
class SessionBrowser final : public QDialog
{
    Q_OBJECT
public:
    SessionBrowser(Acp::SessionStore *store, QWidget *parent = nullptr);

    std::optional<Acp::StoredSession> chosen() const { return m_chosen; }
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

private:
    void refresh();
    std::optional<Acp::StoredSession> current() const;

    Acp::SessionStore *m_store;
    QLineEdit *m_search;
    QComboBox *m_directory;
    QTableWidget *m_table;
    QList<Acp::StoredSession> m_rows;
    QHash<QString, QList<Acp::SessionInfo>> m_agentLists; // session/list by profile
    std::optional<Acp::StoredSession> m_chosen;
    int m_mode = 0;
};

} // namespace Ui
