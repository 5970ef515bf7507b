#include "inspectorwindow.h"

#include "atomicfile.h"
#include "plaintext.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Ui {

namespace {

// "session/update · agent_message_chunk", "response #4", ...
QString kindOf(const QByteArray &line, QString *summary)
{
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    const QString method = o.value(QStringLiteral("method")).toString();
    if (method == QLatin1String("session/update")) {
        const QJsonObject update = o.value(QStringLiteral("params"))
                                       .toObject()
                                       .value(QStringLiteral("update"))
                                       .toObject();
        *summary = update.value(QStringLiteral("content"))
                       .toObject()
                       .value(QStringLiteral("text"))
                       .toString()
                       .left(80);
        if (summary->isEmpty())
            *summary = update.value(QStringLiteral("title")).toString();
        return method + QStringLiteral(" \u00b7 ")
            + update.value(QStringLiteral("sessionUpdate")).toString();
    }
    if (!method.isEmpty()) {
        const QJsonValue id = o.value(QStringLiteral("id"));
        *summary = id.isUndefined() ? QString() : QStringLiteral("#") + id.toVariant().toString();
        return method;
    }
    *summary = o.contains(QStringLiteral("error"))
        ? o.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString()
        : QString();
    return (o.contains(QStringLiteral("error")) ? QStringLiteral("error #")
                                                : QStringLiteral("response #"))
        + o.value(QStringLiteral("id")).toVariant().toString();
}

} // namespace

TrafficModel::TrafficModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void TrafficModel::attach(Acp::Connection *connection, const Acp::SecretRedactor &redactor)
{
    if (m_connection)
        QObject::disconnect(m_tap);
    m_connection = connection;
    m_redactor = redactor;
    // What the connection kept from its start comes first: the inspector need not have been
    // open to show how a session began.
    beginResetModel();
    m_ring.clear();
    if (connection) {
        const QList<Acp::TrafficRecord> history = connection->trafficHistory();
        for (const Acp::TrafficRecord &record : history)
            m_ring.append(kept(record));
    }
    endResetModel();
    if (connection)
        m_tap = connect(connection, &Acp::Connection::trafficObserved, this, &TrafficModel::append);
}

Acp::TrafficRecord TrafficModel::kept(const Acp::TrafficRecord &record) const
{
    // Secrets are hidden before the cut, so that none is kept half (the connection keeps a
    // little more than this cut for the same reason: connectionLimits()).
    Acp::TrafficRecord copy = record;
    if (!m_redactor.isEmpty())
        copy.line = m_redactor.redact(copy.line);
    const qsizetype size = record.messageSize();
    copy = copy.cut(historyLimits().lineBytes);
    if (copy.size >= 0 || record.size >= 0)
        copy.size = size;
    return copy;
}

void TrafficModel::append(const Acp::TrafficRecord &record)
{
    const Acp::TrafficRecord copy = kept(record);
    // The oldest rows make room first (several, when a large message comes).
    if (const int drop = m_ring.oldestToDrop(copy.line.size()); drop > 0) {
        beginRemoveRows({}, 0, drop - 1);
        m_ring.dropOldest(drop);
        endRemoveRows();
    }
    const int row = int(m_ring.records().size());
    beginInsertRows({}, row, row);
    m_ring.append(copy);
    endInsertRows();
}

int TrafficModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ring.records().size());
}

int TrafficModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrafficModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (role == Qt::ToolTipRole) // the agent's words: never guessed to be rich text
        return plainAsRichText(data(index, Qt::DisplayRole).toString());
    if (role != Qt::DisplayRole)
        return {};
    const Acp::TrafficRecord &r = m_ring.records().at(index.row());
    QString summary;
    switch (index.column()) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(r.timestampMs)
            .toString(QStringLiteral("HH:mm:ss.zzz"));
    case Direction:
        switch (r.direction) {
        case Acp::TrafficRecord::Direction::Incoming:
            return tr("\u2190 in");
        case Acp::TrafficRecord::Direction::Outgoing:
            return tr("\u2192 out");
        case Acp::TrafficRecord::Direction::Note:
            return tr("\u2022 note");
        }
        return {};
    case Kind:
        if (r.direction == Acp::TrafficRecord::Direction::Note)
            return tr("Switchboard");
        return kindOf(r.line, &summary);
    case Summary:
        if (r.direction == Acp::TrafficRecord::Direction::Note)
            return QString::fromUtf8(r.line);
        kindOf(r.line, &summary);
        return r.size >= 0
            ? tr("%1 (cut: the first %2 bytes are kept)").arg(summary).arg(r.line.size())
            : summary;
    case Size:
        return r.messageSize();
    default:
        return {};
    }
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Direction:
        return tr("Direction");
    case Kind:
        return tr("Message");
    case Summary:
        return tr("Summary");
    case Size:
        return tr("Bytes");
    default:
        return {};
    }
}

InspectorWindow::InspectorWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_model(new TrafficModel(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_detail(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("inspectorWindow"));
    setWindowTitle(tr("Protocol Inspector"));
    resize(1000, 640);
    m_filter->setSourceModel(m_model);
    m_filter->setFilterKeyColumn(-1);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_search->setObjectName(QStringLiteral("inspectorFilter"));
    m_search->setAccessibleName(tr("Filter messages"));
    m_search->setPlaceholderText(
        tr("Filter by method, update type or text (e.g. tool_call, session/prompt)"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_filter,
            &QSortFilterProxyModel::setFilterFixedString);
    m_table->setObjectName(QStringLiteral("inspectorTable"));
    m_table->setAccessibleName(tr("Protocol messages"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(TrafficModel::Summary, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setColumnWidth(TrafficModel::Kind, 300);
    m_table->setColumnWidth(TrafficModel::Size, 70);
    m_table->setColumnWidth(TrafficModel::Time, 100);
    m_detail->setObjectName(QStringLiteral("inspectorDetail"));
    m_detail->setAccessibleName(tr("Selected message"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InspectorWindow::showSelected);

    auto *copy = new QPushButton(tr("&Copy"), this);
    copy->setObjectName(QStringLiteral("inspectorCopy"));
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_detail->toPlainText()); });
    auto *save = new QPushButton(tr("&Save\u2026"), this);
    save->setObjectName(QStringLiteral("inspectorSave"));
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save traffic"),
                                                          QStringLiteral("acp-traffic.jsonl"));
        if (path.isEmpty())
            return;
        if (const QString error = saveTo(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Save traffic"),
                                 tr("Could not save: %1").arg(error.toHtmlEscaped()));
    });
    auto *top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(copy);
    top->addWidget(save);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    const Acp::TrafficHistoryLimits limits = TrafficModel::historyLimits();
    auto *bound = new QLabel(tr("Each agent's traffic from its start: the last %1 messages, "
                                "%2 MiB at most, each message cut to its first %3 MiB.")
                                 .arg(QLocale().toString(limits.messages))
                                 .arg(limits.bytes >> 20)
                                 .arg(limits.lineBytes >> 20),
                             this);
    bound->setObjectName(QStringLiteral("inspectorBound"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addWidget(bound);
    connect(m_model, &QAbstractItemModel::rowsInserted, m_table, [this] {
        if (!m_table->currentIndex().isValid())
            m_table->scrollToBottom();
    });
}

void InspectorWindow::attach(Acp::Connection *connection, const Acp::SecretRedactor &redactor)
{
    m_model->attach(connection, redactor);
}

void InspectorWindow::showSelected()
{
    const QModelIndex index = m_filter->mapToSource(m_table->currentIndex());
    if (!index.isValid())
        return;
    const QByteArray line = m_model->record(index.row()).line;
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    m_detail->setPlainText(doc.isNull() ? QString::fromUtf8(line)
                                        : QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
}

bool InspectorWindow::select(const QByteArray &text)
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->record(row).line.contains(text)) {
            m_table->setCurrentIndex(m_filter->mapFromSource(m_model->index(row, 0)));
            return true;
        }
    }
    return false;
}

QString InspectorWindow::saveTo(const QString &path) const
{
    // Traffic holds tokens and file contents: the user's alone, written whole or not at all.
    QByteArray bytes;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Acp::TrafficRecord &record = m_model->record(row);
        if (record.direction != Acp::TrafficRecord::Direction::Note) // messages only
            bytes += record.line + '\n';
    }
    return Acp::writeFileAtomically(path, bytes, 0600);
}

} // namespace Ui
