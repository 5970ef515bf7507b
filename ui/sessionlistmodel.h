#pragma once

#include "sessionstore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSortFilterProxyModel>

namespace Ui {

// The sessions of the session browser, newest first, as a model: 10,000 sessions are one list
// and no widget per cell. A session may carry the transcript search's hit (its newest
// matching entry, with the excerpt) shown in the Found column.
class SessionListModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Title, Agent, Directory, Updated, Found, ColumnCount };
    enum Role { SessionKeyRole = Qt::UserRole + 1, HasHitRole };

    explicit SessionListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Replaces the sessions (sorted here, newest first).
    void setSessions(QList<Acp::StoredSession> sessions);
    // The transcript search's hits (the newest per session is kept); empty: none.
    void setHits(const QList<Acp::HistorySearchHit> &hits);
    const Acp::StoredSession &session(int row) const { return m_sessions.at(row); }
    // The entry of the session's hit, or -1.
    int hitEntry(int row) const;
    int rowOf(const QString &sessionId) const;
    static QString key(const Acp::StoredSession &s) { return s.agentKey + u'\n' + s.sessionId; }

private:
    QList<Acp::StoredSession> m_sessions;
    QHash<QString, Acp::HistorySearchHit> m_hits; // by key()
};

// What the browser's filters let through: a directory (or all), and a text that the title
// contains or that the transcript search found.
class SessionFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setText(const QString &text);
    void setDirectory(const QString &directory);
    void refilter() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QString m_directory;
};

} // namespace Ui
