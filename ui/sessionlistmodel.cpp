#include "sessionlistmodel.h"

#include <QLocale>

#include <algorithm>
#include <limits>

namespace Ui {

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

int SessionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Acp::StoredSession &s = m_sessions.at(index.row());
    if (role == SessionKeyRole)
        return key(s);
    if (role == HasHitRole)
        return m_hits.contains(key(s));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Title:
        return s.title.isEmpty() ? tr("(untitled)") : s.title;
    case Agent:
        return s.agentKey;
    case Directory:
        return s.cwd;
    case Updated:
        return role == Qt::ToolTipRole
            ? QLocale().toString(s.updatedAt.toLocalTime(), QLocale::LongFormat)
            : QLocale().toString(s.updatedAt.toLocalTime(), QLocale::ShortFormat);
    case Found: {
        const auto it = m_hits.constFind(key(s));
        return it == m_hits.constEnd() ? QVariant() : QVariant(it->excerpt);
    }
    default:
        return {};
    }
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Title:
        return tr("Title");
    case Agent:
        return tr("Agent");
    case Directory:
        return tr("Directory");
    case Updated:
        return tr("Updated");
    case Found:
        return tr("Found in the transcript");
    default:
        return {};
    }
}

void SessionListModel::setSessions(QList<Acp::StoredSession> sessions)
{
    // Sorted by a number: comparing 10,000 QDateTimes n log n times shows in the opening.
    QList<std::pair<qint64, qsizetype>> order;
    order.reserve(sessions.size());
    for (qsizetype i = 0; i < sessions.size(); ++i) {
        const QDateTime &t = sessions.at(i).updatedAt;
        order.append({t.isValid() ? t.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min(), i});
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QList<Acp::StoredSession> sorted;
    sorted.reserve(sessions.size());
    for (const auto &[time, i] : order)
        sorted.append(std::move(sessions[i]));
    beginResetModel();
    m_sessions = std::move(sorted);
    endResetModel();
}

void SessionListModel::setHits(const QList<Acp::HistorySearchHit> &hits)
{
    m_hits.clear();
    for (const Acp::HistorySearchHit &hit : hits) {
        // Newest first: the first hit of a session is the one shown.
        const QString k = key(hit.session);
        if (!m_hits.contains(k))
            m_hits.insert(k, hit);
    }
    if (!m_sessions.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int SessionListModel::hitEntry(int row) const
{
    const auto it = m_hits.constFind(key(m_sessions.at(row)));
    return it == m_hits.constEnd() ? -1 : it->entry;
}

int SessionListModel::rowOf(const QString &sessionId) const
{
    for (int row = 0; row < m_sessions.size(); ++row) {
        if (m_sessions.at(row).sessionId == sessionId)
            return row;
    }
    return -1;
}

void SessionFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void SessionFilterModel::setDirectory(const QString &directory)
{
    m_directory = directory;
    invalidateFilter();
}

bool SessionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const auto *model = static_cast<const SessionListModel *>(sourceModel());
    const Acp::StoredSession &s = model->session(sourceRow);
    if (!m_directory.isEmpty() && s.cwd != m_directory)
        return false;
    return m_text.isEmpty() || s.title.contains(m_text, Qt::CaseInsensitive)
        || model->hitEntry(sourceRow) >= 0;
}

} // namespace Ui
