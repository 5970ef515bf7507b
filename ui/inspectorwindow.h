#pragma once

#include "connection.h"
#include "secretredactor.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;

namespace Ui {

// The last messages of one connection, both ways, from its start (what the connection kept
// before, then what it observes: bounded by historyLimits()), with a display text per column
// computed on demand from the stored line.
class TrafficModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Direction, Kind, Summary, Size, ColumnCount };
    explicit TrafficModel(QObject *parent = nullptr);

    // Shows `connection`'s traffic (what it kept, then what comes), with `redactor`'s secrets
    // hidden in what is stored (so in what is shown, copied and saved too).
    void attach(Acp::Connection *connection, const Acp::SecretRedactor &redactor = {});
    void append(const Acp::TrafficRecord &record);
    const Acp::TrafficRecord &record(int row) const { return m_ring.records().at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // What each connection of the window keeps from its start, and what the inspector shows:
    // the last 5,000 messages within 16 MiB, each message cut to its first 1 MiB.
    static Acp::TrafficHistoryLimits historyLimits() { return {5000, 16 << 20, 1 << 20}; }
    // What a connection keeps for it: a little more of each message than is shown, so that a
    // secret across the cut is hidden before the cut (a token is far shorter than the margin).
    static Acp::TrafficHistoryLimits connectionLimits()
    {
        Acp::TrafficHistoryLimits limits = historyLimits();
        limits.bytes += 64 * 1024;
        limits.lineBytes += 64 * 1024;
        return limits;
    }

private:
    // The copy stored: cut to the line limit, secrets hidden.
    Acp::TrafficRecord kept(const Acp::TrafficRecord &record) const;
    Acp::TrafficRing m_ring{historyLimits()};
    QPointer<Acp::Connection> m_connection;
    QMetaObject::Connection m_tap;
    Acp::SecretRedactor m_redactor;
};

// The protocol inspector: every message in and out, filterable by method or update type,
// searchable, shown as pretty JSON, copyable and savable.
class InspectorWindow final : public QWidget
{
    Q_OBJECT
public:
    explicit InspectorWindow(QWidget *parent = nullptr);

    void attach(Acp::Connection *connection, const Acp::SecretRedactor &redactor = {});
    TrafficModel *traffic() const { return m_model; }
    // Selects the first message whose line contains `text` and shows it (for tests).
    bool select(const QByteArray &text);
    // Writes every message (as JSON lines) to `path`; returns an error or an empty string.
    QString saveTo(const QString &path) const;

private:
    void showSelected();

    TrafficModel *m_model;
    QSortFilterProxyModel *m_filter;
    QLineEdit *m_search;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
};

} // namespace Ui
