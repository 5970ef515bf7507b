#include "sessionbrowser.h"

#include "sessionlistmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QTableView>
#include <QVBoxLayout>

namespace Ui {

SessionBrowser::SessionBrowser(Acp::SessionStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_search(new QLineEdit(this))
    , m_directory(new QComboBox(this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
    , m_model(new SessionListModel(this))
    , m_filter(new SessionFilterModel(this))
{
    setObjectName(QStringLiteral("sessionBrowser"));
    setWindowTitle(tr("Open Session"));
    resize(960, 520);
    m_search->setObjectName(QStringLiteral("sessionSearch"));
    m_search->setAccessibleName(tr("Search sessions"));
    m_search->setPlaceholderText(tr("Search titles and transcripts"));
    m_search->setClearButtonEnabled(true);
    m_filter->setSourceModel(m_model);
    m_table->setModel(m_filter);
    m_table->setObjectName(QStringLiteral("sessionTable"));
    m_table->setAccessibleName(tr("Sessions"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    // Fixed sizes: measuring 10,000 rows' contents would stall the dialog's opening.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(SessionListModel::Title,
                                                      QHeaderView::Stretch);
    m_table->setColumnWidth(SessionListModel::Agent, 120);
    m_table->setColumnWidth(SessionListModel::Directory, 200);
    // As wide as the longest time this locale writes (measured once, not per row).
    const QString longestTime = QLocale().toString(
        QDateTime(QDate(2026, 12, 28), QTime(23, 58, 58)), QLocale::ShortFormat);
    m_table->setColumnWidth(SessionListModel::Updated,
                            m_table->fontMetrics().horizontalAdvance(longestTime) + 24);
    m_table->setColumnWidth(SessionListModel::Found, 300);
    m_table->setColumnHidden(SessionListModel::Found, true);
    m_status->setObjectName(QStringLiteral("sessionSearchStatus"));
    m_status->setTextFormat(Qt::PlainText);
    auto *buttons = new QDialogButtonBox(this);
    auto *open = buttons->addButton(tr("&Open"), QDialogButtonBox::AcceptRole);
    open->setObjectName(QStringLiteral("openSessionButton"));
    auto *history = buttons->addButton(tr("Load full &history"), QDialogButtonBox::ActionRole);
    history->setObjectName(QStringLiteral("loadHistoryButton"));
    history->setToolTip(tr("Replay the whole conversation from the agent instead of resuming"));
    connect(history, &QPushButton::clicked, this, [this] { choose(2); });
    auto *forget = buttons->addButton(tr("&Forget"), QDialogButtonBox::ActionRole);
    forget->setObjectName(QStringLiteral("forgetSessionButton"));
    forget->setToolTip(tr("Remove it from this list and delete its saved transcript"));
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(open, &QPushButton::clicked, this, [this] { choose(0); });
    connect(m_table, &QTableView::doubleClicked, open, &QPushButton::click);
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
    // Titles filter with every key; the transcripts are searched once typing pauses.
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(SearchDelayMs);
    connect(&m_searchTimer, &QTimer::timeout, this, &SessionBrowser::searchTranscripts);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text);
        m_searching = !text.trimmed().isEmpty();
        m_searchTimer.start();
        if (m_table->currentIndex().row() < 0 && m_filter->rowCount() > 0)
            m_table->selectRow(0);
    });
    m_directory->setObjectName(QStringLiteral("sessionDirectoryFilter"));
    m_directory->addItem(tr("All directories"), QString()); // the folders follow (refresh)
    m_directory->setAccessibleName(tr("Directory"));
    connect(m_directory, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setDirectory(m_directory->currentData().toString());
        if (m_filter->rowCount() > 0)
            m_table->selectRow(0);
    });
    connect(store, &Acp::SessionStore::changed, this, &SessionBrowser::refresh);
    auto *layout = new QVBoxLayout(this);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 2);
    filters->addWidget(m_directory, 1);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);
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
    updateDirectories();
    m_directory->setCurrentIndex(qMax(0, m_directory->findData(cwd)));
}

void SessionBrowser::updateDirectories()
{
    if (!m_directoriesPending)
        return;
    m_directoriesPending = false;
    QSet<QString> seen;
    QStringList directories;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QString &cwd = m_model->session(row).cwd;
        if (!seen.contains(cwd)) {
            seen.insert(cwd);
            directories.append(cwd);
        }
    }
    directories.sort();
    const QString chosen = m_directory->currentData().toString();
    const QSignalBlocker blocker(m_directory);
    m_directory->clear();
    m_directory->addItem(tr("All directories"), QString());
    for (const QString &d : std::as_const(directories))
        m_directory->addItem(d, d);
    // The current choice stays (or goes back to all when its last session is gone).
    m_directory->setCurrentIndex(qMax(0, m_directory->findData(chosen)));
    m_filter->setDirectory(m_directory->currentData().toString());
}

void SessionBrowser::refresh()
{
    const auto selected = current();
    QList<Acp::StoredSession> all = m_store->sessions();
    for (auto it = m_agentLists.cbegin(); it != m_agentLists.cend(); ++it)
        all = Acp::mergeSessionLists(std::move(all), it.key(), it.value());
    // The directory choices follow the sessions, one event-loop turn later: nobody sees them
    // before the list is up, and 10,000 sessions' folders cost the opening a few ms.
    if (!m_directoriesPending) {
        m_directoriesPending = true;
        QTimer::singleShot(0, this, &SessionBrowser::updateDirectories);
    }
    m_model->setSessions(std::move(all));
    // The selection survives a refresh (another session saved meanwhile).
    if (!selected || !selectSession(selected->sessionId)) {
        if (m_filter->rowCount() > 0)
            m_table->selectRow(0);
    }
}

void SessionBrowser::searchTranscripts()
{
    const QString text = m_search->text().trimmed();
    const quint64 generation = ++m_searchGeneration;
    if (text.isEmpty()) {
        m_model->setHits({});
        m_table->setColumnHidden(SessionListModel::Found, true);
        m_status->clear();
        m_searching = false;
        Q_EMIT searchFinished();
        return;
    }
    m_status->setText(tr("Searching the transcripts…"));
    m_store->search(
        text, SearchLimit, this,
        [this, generation](const QList<Acp::HistorySearchHit> &hits, const QString &error) {
            if (generation != m_searchGeneration)
                return; // typed on since: a newer search is coming
            m_searching = false;
            m_model->setHits(hits);
            m_filter->refilter();
            QSet<QString> sessions;
            for (const Acp::HistorySearchHit &hit : hits)
                sessions.insert(SessionListModel::key(hit.session));
            m_table->setColumnHidden(SessionListModel::Found, hits.isEmpty());
            if (!error.isEmpty())
                m_status->setText(tr("The transcripts cannot be searched: %1").arg(error));
            else if (hits.isEmpty())
                m_status->setText(tr("Not found in any transcript"));
            else
                m_status->setText(tr("Found in %n session(s)", nullptr, int(sessions.size())));
            if (m_table->currentIndex().row() < 0 && m_filter->rowCount() > 0)
                m_table->selectRow(0);
            Q_EMIT searchFinished();
        });
}

void SessionBrowser::choose(int mode)
{
    const int row = currentRow();
    if (row < 0)
        return;
    m_chosen = m_model->session(row);
    m_chosenEntry = m_model->hitEntry(row);
    m_mode = mode;
    accept();
}

bool SessionBrowser::selectSession(const QString &sessionId)
{
    const int source = m_model->rowOf(sessionId);
    if (source < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_model->index(source, 0));
    if (!index.isValid())
        return false;
    m_table->selectRow(index.row());
    m_table->scrollTo(index);
    return true;
}

int SessionBrowser::currentRow() const
{
    const QModelIndex index = m_filter->mapToSource(m_table->currentIndex());
    return index.isValid() ? index.row() : -1;
}

std::optional<Acp::StoredSession> SessionBrowser::current() const
{
    const int row = currentRow();
    return row >= 0 ? std::optional(m_model->session(row)) : std::nullopt;
}

} // namespace Ui
