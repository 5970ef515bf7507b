#include "sessionview.h"

#include "elicitationdialog.h"
#include "findbar.h"
#include "inspectorwindow.h"
#include "loginbar.h"
#include "promptarea.h"
#include "promptedit.h"
#include "sessionheader.h"
#include "sessionrecorder.h"
#include "sessionstatus.h"
#include "transcriptmarkdown.h"
#include "transcriptview.h"
#include "writereviewdialog.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Ui {

SessionView::SessionView(const Acp::AgentProfile &profile, const QString &cwd, QWidget *parent,
                         Acp::SessionStore *store, Acp::PermissionRules *rules,
                         const std::optional<QString> &sessionId, ReopenMode mode)
    : QWidget(parent)
    , m_profile(profile)
    , m_cwd(cwd)
    , m_store(store)
    , m_reopenId(sessionId)
    , m_layout(new QVBoxLayout(this))
    , m_header(new SessionHeader(this))
    , m_status(new SessionStatus(profile, this))
    , m_authBox(new LoginBar(profile, cwd, this))
    , m_findBar(new FindBar(
          [this](const QString &text, bool backwards) {
              return m_view ? m_view->find(text, backwards) : -1;
          },
          this))
{
    setObjectName(QStringLiteral("sessionView"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(4);
    m_layout->addWidget(m_header);
    m_layout->addWidget(m_status);
    connect(m_status, &SessionStatus::restartRequested, this, [this] {
        const Acp::SessionController::Options next = m_controller->restartOptions();
        Q_EMIT restartRequested(m_profile, m_cwd, next.sessionId.value_or(QString()));
    });
    m_layout->addWidget(m_authBox);
    connect(m_authBox, &LoginBar::authenticate, this,
            [this](const QString &id) { m_controller->authenticate(id); });
    // Before a session: the same tab, a fresh agent ("Restart agent" opens a new tab after one).
    connect(m_authBox, &LoginBar::restartNeeded, this, [this] { m_controller->restart(); });
    connect(m_authBox, &LoginBar::statusChanged, this, &SessionView::showStatus);

    // Reopening: a bar with the live count of replayed updates and Cancel.
    m_loadingBar = new QWidget(this);
    m_loadingBar->setObjectName(QStringLiteral("loadingBar"));
    auto *loadingLayout = new QHBoxLayout(m_loadingBar);
    loadingLayout->setContentsMargins(8, 0, 8, 0);
    m_loadingLabel = new QLabel(m_loadingBar);
    m_loadingLabel->setObjectName(QStringLiteral("loadingLabel"));
    auto *cancelLoad = new QPushButton(tr("Cancel"), m_loadingBar);
    cancelLoad->setObjectName(QStringLiteral("cancelLoadButton"));
    connect(cancelLoad, &QPushButton::clicked, this, [this] {
        if (m_controller->cancelOpening()) {
            setLoading(false);
            showStatus(tr("Loading was cancelled. The last saved transcript is shown."), true);
        }
    });
    loadingLayout->addWidget(m_loadingLabel, 1);
    loadingLayout->addWidget(cancelLoad);
    m_loadingBar->hide();
    m_layout->addWidget(m_loadingBar);
    m_layout->addStretch(1); // replaced by the transcript once the session is open
    m_layout->addWidget(m_findBar);

    // The workflow is the controller's; this view shows it.
    Acp::SessionController::Options options;
    options.profile = profile;
    options.cwd = cwd;
    options.sessionId = sessionId;
    options.reopen = mode;
    options.rememberReopenChoice = true;
    options.store = store; // options.client.agentKey defaults to the profile's name
    options.permissionRules = rules;
    options.client.capabilities.terminalAuth = true; // we can run a login command in a terminal
    // The inspector shows a connection from its start, even when opened later.
    options.client.connection.trafficHistory = TrafficModel::connectionLimits();
    m_controller = new Acp::SessionController(options, this);

    m_promptArea = new PromptArea(m_controller, cwd, this);
    m_layout->addWidget(m_promptArea);
    connect(m_promptArea, &PromptArea::submitted, this, &SessionView::submit);
    connect(m_promptArea, &PromptArea::stopRequested, this, &SessionView::stop);
    connect(m_promptArea, &PromptArea::notice, this,
            [this](const QString &html) { showStatus(html, false); });
    connect(m_findBar, &FindBar::closed, this, [this] { promptEdit()->setFocus(); });
    updateHeader();

    connect(m_controller, &Acp::SessionController::savedCopyRead, this, [this] {
        if (!m_session)
            showSnapshot();
    });
    connect(m_controller, &Acp::SessionController::agentStarting, this, &SessionView::followAgent);
    connect(m_controller, &Acp::SessionController::stageChanged, this, &SessionView::onStage);
    connect(m_controller, &Acp::SessionController::replayProgress, this, [this](int updates) {
        m_replayed = updates;
        if (updates % 100 == 0 || updates < 100)
            m_loadingLabel->setText(
                tr("Loading the session\u2026 %n update(s) replayed", nullptr, updates));
    });
    connect(m_controller, &Acp::SessionController::replayFellShort, this,
            [this](int replayed, int kept) {
                showStatus(tr("The agent replayed only %1 of the %2 prompts of this session: it "
                              "may not remember the others. Shown is the transcript Switchboard "
                              "kept.")
                               .arg(replayed)
                               .arg(kept),
                           false);
            });
    connect(m_controller, &Acp::SessionController::mcpSkipped, m_status,
            &SessionStatus::showSkippedMcpServers);
    connect(m_controller, &Acp::SessionController::authenticationRequired, m_authBox,
            &LoginBar::showMethods);
    connect(m_controller, &Acp::SessionController::loginFailed, this, [this](const QString &e) {
        showStatus(tr("Login failed: %1").arg(e.toHtmlEscaped()), false);
    });
    connect(m_controller, &Acp::SessionController::failed, this,
            [this](const Acp::SessionController::Failure &failure) {
                setLoading(false);
                m_status->showFailure(failure);
            });
    connect(m_controller, &Acp::SessionController::agentStopped, this,
            [this](const Acp::DisconnectCause &cause) {
                m_status->showStopped(cause, m_controller->wasForceStopped());
            });
    connect(m_controller, &Acp::SessionController::sessionReady, this, &SessionView::attachSession);
    m_controller->start();
}

SessionView::~SessionView()
{
    delete m_controller; // saves what is not saved yet and shuts the agent down
}

Acp::AgentClient *SessionView::client() const
{
    return m_controller ? m_controller->client() : nullptr;
}

void SessionView::followAgent(Acp::AgentClient *client)
{
    showStatus(tr("Starting %1\u2026").arg(m_profile.name.toHtmlEscaped()), false);
    m_header->setSandbox(m_controller->sandbox());
    // Once started, with its temporary folder.
    connect(
        m_controller, &Acp::SessionController::agentReady, this,
        [this, client = QPointer(client)] {
            if (client)
                m_header->setSandbox(client->sandbox());
        },
        Qt::SingleShotConnection);
    connect(client, &Acp::AgentClient::elicitationRequested, this,
            [this, client](const Acp::PendingElicitation &pending) {
                const QString agent = client->agent().agentInfo
                    ? client->agent().agentInfo->displayName()
                    : m_profile.name;
                auto *dialog = new ElicitationDialog(client, pending, agent, this);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                dialog->open(); // window-modal, never a nested event loop
                Q_EMIT attentionNeeded(tr("The agent asks you something."));
            });
}

void SessionView::onStage(Acp::SessionController::Stage stage)
{
    using Stage = Acp::SessionController::Stage;
    if (stage != Stage::Starting && stage != Stage::Failed)
        m_authBox->hide(); // logged in
    switch (stage) {
    case Stage::Opening:
        showStatus(tr("Opening a session in %1\u2026").arg(m_cwd.toHtmlEscaped()), false);
        break;
    case Stage::Loading:
        // The replay goes into a session no view shows yet; the view switches when it is done.
        m_replayed = 0;
        showStatus(QString(), false);
        setLoading(true);
        break;
    case Stage::Resuming:
        showStatus(QString(), false);
        setLoading(true);
        m_loadingLabel->setText(tr("Resuming the session\u2026"));
        break;
    default:
        break;
    }
}

void SessionView::setLoading(bool loading)
{
    m_loading = loading;
    m_loadingBar->setVisible(loading);
    if (loading)
        m_loadingLabel->setText(tr("Loading the session\u2026"));
}

void SessionView::showSnapshot()
{
    m_snapshot = new Acp::TranscriptModel(this);
    m_controller->restoreSavedCopy(m_snapshot);
    m_snapshotView = new TranscriptView(m_snapshot, this);
    m_snapshotView->setObjectName(QStringLiteral("snapshotView"));
    const int stretchIndex = m_layout->indexOf(m_loadingBar) + 1;
    delete m_layout->takeAt(stretchIndex);
    m_layout->insertWidget(stretchIndex, m_snapshotView, 1);
    revealEntry(m_revealEntry);
}

void SessionView::revealEntry(int row)
{
    m_revealEntry = row;
    if (row < 0)
        return;
    // After the view has been laid out, or the row would not be where it is scrolled to.
    for (TranscriptView *view : {m_snapshotView, m_view}) {
        if (view)
            QTimer::singleShot(0, view, [view, row] { view->reveal(row); });
    }
}

void SessionView::attachSession(Acp::ClientSession *session)
{
    m_session = session;
    setLoading(false);
    showStatus(QString(), false);
    m_view = new TranscriptView(session, this);
    // The transcript takes the place of the placeholder, or of the saved transcript, in one step.
    const int slot = m_layout->indexOf(m_loadingBar) + 1;
    if (m_snapshotView) {
        m_layout->removeWidget(m_snapshotView);
        m_snapshotView->deleteLater();
        m_snapshotView = nullptr;
        m_snapshot->deleteLater();
        m_snapshot = nullptr;
    } else {
        delete m_layout->takeAt(slot);
    }
    m_layout->insertWidget(slot, m_view, 1);
    if (m_revealEntry >= 0)
        revealEntry(m_revealEntry);

    connect(session, &Acp::ClientSession::infoChanged, this, [this] {
        updateHeader();
        Q_EMIT titleChanged(displayTitle());
    });
    connect(session, &Acp::ClientSession::usageChanged, this, &SessionView::updateHeader);
    connect(session, &Acp::ClientSession::modesChanged, this, &SessionView::updateHeader);
    connect(session, &Acp::ClientSession::configOptionsChanged, this, &SessionView::updateHeader);
    connect(session, &Acp::ClientSession::commandsChanged, this, [this] {
        QList<std::pair<QString, QString>> commands;
        for (const Acp::AvailableCommand &c : m_session->commands())
            commands.append({c.name, c.inputHint.value_or(c.description)});
        promptEdit()->setCommands(commands);
    });
    connect(session, &Acp::ClientSession::promptFailed, this,
            [this](const QString &message) { showStatus(message.toHtmlEscaped(), false); });
    connect(session, &Acp::ClientSession::permissionRequested, this,
            [this] { Q_EMIT attentionNeeded(tr("The agent asks for permission.")); });
    connect(session, &Acp::ClientSession::turnEnded, this,
            [this] { Q_EMIT attentionNeeded(tr("The agent finished its turn.")); });
    session->setReviewWrites(m_header->reviewWrites());
    connect(m_header, &SessionHeader::reviewWritesToggled, session,
            &Acp::ClientSession::setReviewWrites);
    connect(session, &Acp::ClientSession::writeReviewRequested, this, &SessionView::reviewWrite);
    updateHeader();
    Q_EMIT titleChanged(displayTitle());
    Q_EMIT sessionReady(session);
}

void SessionView::reviewWrite(const Acp::PendingWrite &write)
{
    auto *dialog = new WriteReviewDialog(write, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, handle = write.handle](int result) {
        if (m_session)
            m_session->answerWrite(handle, result == QDialog::Accepted);
    });
    connect(m_session, &Acp::ClientSession::writeReviewResolved, dialog,
            [dialog, handle = write.handle](quint64 resolved) {
                if (resolved == handle && dialog->isVisible())
                    dialog->close(); // withdrawn by the agent
            });
    dialog->open(); // window-modal, never a nested event loop
    Q_EMIT attentionNeeded(tr("The agent wants to write a file."));
}

void SessionView::showStatus(const QString &html, bool offerRestart)
{
    m_status->showStatus(html, offerRestart);
}

QString SessionView::displayTitle() const
{
    if (m_session && !m_session->title().isEmpty())
        return m_session->title();
    // Many agents never name a session (codex, gemini): its first prompt does, as in the list.
    if (const Acp::SessionRecorder *recorder = m_controller ? m_controller->recorder() : nullptr;
        recorder && !recorder->firstPrompt().isEmpty())
        return recorder->firstPrompt();
    if (m_reopenId && m_store) {
        if (const auto known = m_store->session(m_profile.name, *m_reopenId);
            known && !known->title.isEmpty())
            return known->title;
    }
    return QStringLiteral("%1 \u2014 %2").arg(m_profile.name, QFileInfo(m_cwd).fileName());
}

void SessionView::updateHeader()
{
    m_status->setRestartLabel(m_controller && m_controller->restartOptions().sessionId
                                  ? tr("Restart agent and resume")
                                  : tr("Restart agent"));
    m_header->setTitle(displayTitle(), m_profile.name, m_cwd);
    if (m_session)
        m_header->showSession(m_session);
}

void SessionView::submit(const QString &text)
{
    m_controller->submit(text, m_promptArea->takeBlocks(text));
    Q_EMIT titleChanged(displayTitle()); // the first prompt may name the session
}

PromptEdit *SessionView::promptEdit() const
{
    return m_promptArea->editor();
}

void SessionView::showFind()
{
    m_findBar->open();
}

void SessionView::stop()
{
    m_controller->stop();
}

QString SessionView::toMarkdown() const
{
    if (!m_session)
        return {};
    return QStringLiteral("# %1\n\n").arg(displayTitle())
        + Acp::TranscriptMarkdown::all(*m_session->transcript());
}

} // namespace Ui
