#include "sessionbrowser.h"

#include "plaintext.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Ui {

SessionBrowser::SessionBrowser(Acp::SessionStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_search(new QLineEdit(this))
    , m_directory(new QComboBox(this))
    , m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("sessionBrowser"));
    setWindowTitle(tr("Open Session"));
    resize(860, 480);
    m_search->setObjectName(QStringLiteral("sessionSearch"));
    m_search->setAccessibleName(tr("Search sessions"));
    m_search->setPlaceholderText(tr("Search by title"));
    m_search->setClearButtonEnabled(true);
    m_table->setObjectName(QStringLiteral("sessionTable"));
    m_table->setAccessibleName(tr("Sessions"));
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("Title"), tr("Agent"), tr("Directory"), tr("Updated")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(2, 220);
    auto *buttons = new QDialogButtonBox(this);
    auto *open = buttons->addButton(tr("&Open"), QDialogButtonBox::AcceptRole);
    open->setObjectName(QStringLiteral("openSessionButton"));
    auto *history = buttons->addButton(tr("Load full &history"), QDialogButtonBox::ActionRole);
    history->setObjectName(QStringLiteral("loadHistoryButton"));
    history->setToolTip(tr("Replay the whole conversation from the agent instead of resuming"));
    connect(history, &QPushButton::clicked, this, [this] {
        m_chosen = current();
        m_mode = 2;
        if (m_chosen)
            accept();
    });
    auto *forget = buttons->addButton(tr("&Forget"), QDialogButtonBox::ActionRole);
    forget->setObjectName(QStringLiteral("forgetSessionButton"));
    forget->setToolTip(tr("Remove it from this list and delete its saved transcript"));
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(open, &QPushButton::clicked, this, [this] {
        m_chosen = current();
        if (m_chosen)
            accept();
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, open, &QPushButton::click);
    connect(forget, &QPushButton::clicked, this, [this] {
        const auto session = current();
        if (!session)
            return;
        if (QMessageBox::question(this, windowTitle(),
                                  tr("Forget \"%1\" and delete its saved transcript?")
                                      .arg(session->title.toHtmlEscaped()))
            == QMessageBox::Yes) {
            m_store->remove(session->agentKey, session->sessionId);
            m_agentLists[session->agentKey].removeIf(
                [&](const Acp::SessionInfo &s) { return s.sessionId == session->sessionId; });
            Q_EMIT forgetRequested(*session);
            refresh();
        }
    });
    connect(m_search, &QLineEdit::textChanged, this, &SessionBrowser::refresh);
    m_directory->setObjectName(QStringLiteral("sessionDirectoryFilter"));
    m_directory->setAccessibleName(tr("Directory"));
    connect(m_directory, &QComboBox::currentIndexChanged, this, &SessionBrowser::refresh);
    connect(store, &Acp::SessionStore::changed, this, &SessionBrowser::refresh);
    auto *layout = new QVBoxLayout(this);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 2);
    filters->addWidget(m_directory, 1);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    refresh();
}

void SessionBrowser::setFilter(const QString &text)
{
    m_search->setText(text);
}

void SessionBrowser::addAgentSessions(const QString &agentKey,
                                      const QList<Acp::SessionInfo> &sessions)
{
    m_agentLists[agentKey] += sessions;
    refresh();
}

void SessionBrowser::setDirectory(const QString &cwd)
{
    m_directory->setCurrentIndex(qMax(0, m_directory->findData(cwd)));
}

void SessionBrowser::refresh()
{
    m_rows.clear();
    const QString filter = m_search->text().trimmed();
    QList<Acp::StoredSession> all = m_store->sessions();
    for (auto it = m_agentLists.cbegin(); it != m_agentLists.cend(); ++it)
        all = Acp::mergeSessionLists(std::move(all), it.key(), it.value());
    // The directory choices follow the sessions (the current choice stays).
    QStringList directories;
    for (const Acp::StoredSession &s : all) {
        if (!directories.contains(s.cwd))
            directories.append(s.cwd);
    }
    directories.sort();
    const QString chosenDirectory = m_directory->currentData().toString();
    {
        const QSignalBlocker blocker(m_directory);
        m_directory->clear();
        m_directory->addItem(tr("All directories"), QString());
        for (const QString &d : std::as_const(directories))
            m_directory->addItem(d, d);
        m_directory->setCurrentIndex(qMax(0, m_directory->findData(chosenDirectory)));
    }
    const QString directory = m_directory->currentData().toString();
    for (const Acp::StoredSession &s : all) {
        if ((filter.isEmpty() || s.title.contains(filter, Qt::CaseInsensitive))
            && (directory.isEmpty() || s.cwd == directory))
            m_rows.append(s);
    }
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [](const auto &a, const auto &b) { return a.updatedAt > b.updatedAt; });
    m_table->setRowCount(int(m_rows.size()));
    for (int row = 0; row < m_rows.size(); ++row) {
        const Acp::StoredSession &s = m_rows.at(row);
        m_table->setItem(row, 0,
                         new QTableWidgetItem(s.title.isEmpty() ? tr("(untitled)") : s.title));
        m_table->setItem(row, 1, new QTableWidgetItem(s.agentKey));
        m_table->setItem(row, 2, new QTableWidgetItem(s.cwd));
        m_table->setItem(row, 3,
                         new QTableWidgetItem(
                             QLocale().toString(s.updatedAt.toLocalTime(), QLocale::ShortFormat)));
    }
    if (!m_rows.isEmpty())
        m_table->selectRow(0);
}

bool SessionBrowser::selectSession(const QString &sessionId)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).sessionId == sessionId) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

std::optional<Acp::StoredSession> SessionBrowser::current() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < m_rows.size() ? std::optional(m_rows.at(row)) : std::nullopt;
}

} // namespace Ui
