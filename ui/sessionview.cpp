#include "sessionview.h"

#include "elicitationdialog.h"
#include "findbar.h"
#include "loginbar.h"
#include "mcpservers.h"
#include "promptedit.h"
#include "secretredactor.h"
#include "sessionheader.h"
#include "sessionrecorder.h"
#include "transcriptmarkdown.h"
#include "transcriptview.h"
#include "writereviewdialog.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace Ui {

namespace {

// The end of what the agent wrote on stderr, for the status banner; the profile's secrets
// are hidden (an agent may print its own API key in an error).
QString stderrHtml(const QByteArray &tail, const Acp::AgentProfile &profile)
{
    if (tail.isEmpty())
        return {};
    const QByteArray shown = Acp::SecretRedactor::forProfile(profile).redact(tail.right(1500));
    return QStringLiteral("<pre>%1</pre>").arg(QString::fromUtf8(shown).toHtmlEscaped());
}

QString describeStart(const Acp::DisconnectCause &cause, const QString &program)
{
    if (cause.reason == Acp::DisconnectCause::Reason::FailedToStart)
        return SessionView::tr(
                   "The agent could not be started. Is <code>%1</code> installed and on your PATH?")
            .arg(program.toHtmlEscaped());
    return SessionView::tr("The agent stopped before it was ready: %1.")
        .arg(cause.description().toHtmlEscaped());
}

} // namespace

SessionView::SessionView(const Acp::AgentProfile &profile, const QString &cwd, QWidget *parent,
                         Acp::SessionStore *store, const std::optional<QString> &sessionId,
                         ReopenMode mode)
    : QWidget(parent)
    , m_profile(profile)
    , m_cwd(cwd)
    , m_store(store)
    , m_reopenId(sessionId)
    , m_layout(new QVBoxLayout(this))
    , m_header(new SessionHeader(this))
    , m_status(new QLabel(this))
    , m_restart(new QPushButton(tr("Restart agent"), this))
    , m_mcpNotice(new QLabel(this))
    , m_authBox(new LoginBar(profile, cwd, this))
    , m_queue(new QListWidget(this))
    , m_attachmentsLabel(new QLabel(this))
    , m_findBar(new FindBar(
          [this](const QString &text, bool backwards) {
              return m_view ? m_view->find(text, backwards) : -1;
          },
          this))
    , m_prompt(new PromptEdit(this))
    , m_send(new QPushButton(tr("Send"), this))
{
    setObjectName(QStringLiteral("sessionView"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(4);

    m_layout->addWidget(m_header);

    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(8, 0, 8, 0);
    m_status->setObjectName(QStringLiteral("agentStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_restart->setObjectName(QStringLiteral("restartAgentButton"));
    m_restart->hide();
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_restart);
    m_layout->addLayout(statusRow);
    m_mcpNotice->setObjectName(QStringLiteral("mcpNotice"));
    m_mcpNotice->setWordWrap(true);
    m_mcpNotice->setContentsMargins(8, 0, 8, 0);
    m_mcpNotice->setTextFormat(Qt::RichText);
    m_mcpNotice->hide();
    m_layout->addWidget(m_mcpNotice);
    m_layout->addWidget(m_authBox);
    connect(m_authBox, &LoginBar::authenticate, this,
            [this](const QString &id) { m_controller->authenticate(id); });
    connect(m_authBox, &LoginBar::restartNeeded, this, &SessionView::restartAgent);
    connect(m_authBox, &LoginBar::statusChanged, this, &SessionView::showStatus);

    m_layout->addStretch(1); // replaced by the transcript once the session is open

    m_layout->addWidget(m_findBar);
    connect(m_findBar, &FindBar::closed, this, [this] { m_prompt->setFocus(); });

    m_queue->setObjectName(QStringLiteral("promptQueue"));
    m_queue->setAccessibleName(tr("Queued prompts"));
    m_queue->setMaximumHeight(70);
    m_queue->setToolTip(
        tr("Prompts waiting for the running turn. Delete removes one; double-click edits it."));
    m_queue->hide();
    m_layout->addWidget(m_queue);

    m_attachmentsLabel->setObjectName(QStringLiteral("attachmentsLabel"));
    m_attachmentsLabel->setContentsMargins(8, 0, 8, 0);
    m_attachmentsLabel->setTextFormat(Qt::RichText);
    m_attachmentsLabel->hide();
    connect(m_attachmentsLabel, &QLabel::linkActivated, this, [this] {
        m_attachments.clear(); // "remove all"
        updateAttachments();
    });
    m_layout->addWidget(m_attachmentsLabel);
    connect(m_prompt, &PromptEdit::imageAttached, this,
            [this](const QByteArray &png, const QString &name) {
                Acp::ContentBlock image;
                image.type = Acp::ContentBlock::Type::Image;
                image.mimeType = QStringLiteral("image/png");
                image.data = QString::fromLatin1(png.toBase64());
                addAttachment(image, name);
            });
    connect(m_prompt, &PromptEdit::fileDropped, this, [this](const QString &path) {
        const QFileInfo file(path);
        addAttachment(Acp::ContentBlock::fromResourceLink(
                          QUrl::fromLocalFile(file.absoluteFilePath()).toString(), file.fileName()),
                      file.fileName());
    });

    auto *inputRow = new QHBoxLayout;
    inputRow->setContentsMargins(8, 0, 8, 8);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setEnabled(false);
    inputRow->addWidget(m_prompt, 1);
    inputRow->addWidget(m_send, 0, Qt::AlignBottom);
    m_layout->addLayout(inputRow);
    m_prompt->setEnabled(false);

    connect(m_prompt, &PromptEdit::submitted, this, &SessionView::submit);
    connect(m_send, &QPushButton::clicked, this, [this] {
        if (m_session && m_session->turnState() != Acp::ClientSession::TurnState::Idle
            && m_prompt->toPlainText().trimmed().isEmpty()) {
            stop();
            return;
        }
        const QString text = m_prompt->toPlainText().trimmed();
        if (!text.isEmpty()) {
            m_prompt->clear();
            submit(text);
        }
    });
    connect(m_restart, &QPushButton::clicked, this,
            [this] { Q_EMIT restartRequested(m_profile, m_cwd); });
    connect(m_queue, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        // Editing a queued prompt: it comes back into the editor and leaves the queue.
        const quint64 id = item->data(Qt::UserRole).toULongLong();
        if (m_session && m_session->removeQueuedPrompt(id))
            m_prompt->setPlainText(item->text());
    });
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
    m_layout->insertWidget(m_layout->indexOf(m_authBox) + 1, m_loadingBar);
    updateHeader();

    // The workflow is the controller's; this view shows it.
    Acp::SessionController::Options options;
    options.profile = profile;
    options.cwd = cwd;
    options.sessionId = sessionId;
    options.reopen = mode;
    options.rememberReopenChoice = true;
    options.store = store; // options.client.agentKey defaults to the profile's name
    options.client.capabilities.terminalAuth = true; // we can run a login command in a terminal
    m_controller = new Acp::SessionController(options, this);
    connect(m_controller, &Acp::SessionController::savedCopyRead, this, [this] {
        if (!m_session)
            showSnapshot(m_controller->savedRows(), m_controller->savedJournal());
    });
    connect(m_controller, &Acp::SessionController::agentStarting, this, &SessionView::followAgent);
    connect(m_controller, &Acp::SessionController::stageChanged, this, &SessionView::onStage);
    connect(m_controller, &Acp::SessionController::replayProgress, this, [this](int updates) {
        m_replayed = updates;
        if (updates % 100 == 0 || updates < 100)
            m_loadingLabel->setText(
                tr("Loading the session\u2026 %n update(s) replayed", nullptr, updates));
    });
    connect(m_controller, &Acp::SessionController::mcpSkipped, this,
            &SessionView::showSkippedMcpServers);
    connect(m_controller, &Acp::SessionController::authenticationRequired, m_authBox,
            &LoginBar::showMethods);
    connect(m_controller, &Acp::SessionController::loginFailed, this, [this](const QString &e) {
        showStatus(tr("Login failed: %1").arg(e.toHtmlEscaped()), false);
    });
    connect(m_controller, &Acp::SessionController::failed, this, &SessionView::onFailure);
    connect(
        m_controller, &Acp::SessionController::agentStopped, this,
        [this](const Acp::DisconnectCause &cause) {
            QString html = m_controller->wasForceStopped()
                ? tr("<b>You stopped the agent</b> (it did not stop its turn when asked).")
                : tr("<b>The agent has stopped:</b> %1.").arg(cause.description().toHtmlEscaped());
            html += stderrHtml(cause.stderrTail, m_profile);
            html += tr("The transcript is kept.");
            showStatus(html,
                       m_controller->wasForceStopped()
                           || cause.reason != Acp::DisconnectCause::Reason::ClosedByClient);
            updateSendButton();
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

void SessionView::onFailure(const Acp::SessionController::Failure &failure)
{
    using Stage = Acp::SessionController::Stage;
    setLoading(false);
    const QString message = failure.message.toHtmlEscaped();
    // What the agent printed on its way out usually says why (a missing API key, ...).
    const QString gone = failure.agentGone ? stderrHtml(failure.stderrTail, m_profile) : QString();
    switch (failure.stage) {
    case Stage::Starting:
        if (failure.disconnect)
            showStatus(describeStart(*failure.disconnect, m_profile.program) + gone, true);
        else
            showStatus(tr("<b>The agent could not be used.</b> %1").arg(message) + gone, true);
        break;
    case Stage::Opening:
        if (failure.authenticationRequired)
            showStatus(QString(), false); // the login buttons say it
        else
            showStatus(tr("<b>No session:</b> %1").arg(message) + gone, true);
        break;
    case Stage::Loading:
    case Stage::Resuming:
        // The previous view stays exactly as it was.
        showStatus(tr("<b>The session could not be opened:</b> %1").arg(message), true);
        break;
    default:
        showStatus(tr("This agent cannot reopen sessions. Its last saved transcript is shown, "
                      "read-only."),
                   true);
        break;
    }
}

void SessionView::showSkippedMcpServers(const QList<Acp::SkippedMcpServer> &skipped)
{
    // Named above the transcript, so that a missing tool is not a mystery later on.
    QStringList lines;
    for (const Acp::SkippedMcpServer &server : skipped)
        lines << tr("MCP server <b>%1</b> (%2) was not passed to the agent: %3")
                     .arg(server.server.name.toHtmlEscaped(),
                          Acp::McpServers::transportName(server.server.transport),
                          server.reason.toHtmlEscaped());
    m_mcpNotice->setText(lines.join(QStringLiteral("<br>")));
    m_mcpNotice->setVisible(!lines.isEmpty());
}

void SessionView::setLoading(bool loading)
{
    m_loading = loading;
    m_loadingBar->setVisible(loading);
    if (loading)
        m_loadingLabel->setText(tr("Loading the session\u2026"));
}

void SessionView::showSnapshot(const QJsonArray &rows, const QJsonArray &journal)
{
    m_snapshot = new Acp::TranscriptModel(this);
    Acp::SessionRecorder::restoreSaved(m_snapshot, rows, journal);
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
    m_view = new TranscriptView(session, client()->terminals(), this);
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

    connect(session, &Acp::ClientSession::turnStateChanged, this, &SessionView::updateSendButton);
    connect(session, &Acp::ClientSession::queueChanged, this, &SessionView::updateQueue);
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
        m_prompt->setCommands(commands);
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
    connect(session, &Acp::ClientSession::writeReviewRequested, this,
            [this](const Acp::PendingWrite &write) {
                auto *dialog = new WriteReviewDialog(write, this);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                connect(dialog, &QDialog::finished, this,
                        [this, handle = write.handle](int result) {
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
            });
    m_prompt->setEnabled(true);
    m_prompt->setFocus();
    updateHeader();
    updateSendButton();
    m_prompt->listFilesUnder(m_cwd); // for @ completion
    Q_EMIT titleChanged(displayTitle());
    Q_EMIT sessionReady(session);
}

void SessionView::showStatus(const QString &html, bool offerRestart)
{
    m_restart->setText(m_session && m_store ? tr("Restart agent and resume") : tr("Restart agent"));
    m_status->setText(html);
    m_status->setVisible(!html.isEmpty());
    m_restart->setVisible(offerRestart);
}

QString SessionView::displayTitle() const
{
    if (m_session && !m_session->title().isEmpty())
        return m_session->title();
    if (m_reopenId && m_store) {
        if (const auto known = m_store->session(m_profile.name, *m_reopenId);
            known && !known->title.isEmpty())
            return known->title;
    }
    return QStringLiteral("%1 \u2014 %2").arg(m_profile.name, QFileInfo(m_cwd).fileName());
}

void SessionView::updateHeader()
{
    m_header->setTitle(displayTitle(), m_profile.name, m_cwd);
    if (m_session)
        m_header->showSession(m_session);
}

void SessionView::updateQueue()
{
    m_queue->clear();
    if (!m_session)
        return;
    for (const Acp::QueuedPrompt &queued : m_session->queuedPrompts()) {
        QString text;
        for (const Acp::ContentBlock &b : queued.blocks)
            text += b.text;
        auto *item = new QListWidgetItem(text, m_queue);
        item->setData(Qt::UserRole, queued.id);
    }
    m_queue->setVisible(m_queue->count() > 0);
}

void SessionView::updateSendButton()
{
    const bool alive = client() && client()->connection()->isRunning();
    const auto turn = m_session ? m_session->turnState() : Acp::ClientSession::TurnState::Idle;
    m_send->setEnabled(alive && m_session);
    if (turn == Acp::ClientSession::TurnState::Cancelling) {
        // Asked to stop and still going: the next press stops the agent itself.
        m_send->setText(tr("Force Stop"));
        m_send->setToolTip(tr("The agent has not stopped its turn yet. Stop the agent's process "
                              "now; the transcript is kept and Restart resumes the session."));
    } else {
        const bool running = turn == Acp::ClientSession::TurnState::Running;
        m_send->setText(running ? tr("Stop") : tr("Send"));
        m_send->setToolTip(running ? tr("Stop the turn (Esc). Text typed now is queued.")
                                   : tr("Send (Enter)"));
    }
    m_prompt->setEnabled(alive && m_session);
}

void SessionView::submit(const QString &text)
{
    if (!m_session)
        return;
    m_controller->submit(text, blocksFor(text));
    m_attachments.clear();
    updateAttachments();
    updateQueue();
}

void SessionView::restartAgent()
{
    m_controller->restart(); // before a session: "Restart agent" opens a new tab after one
}

void SessionView::showFind()
{
    m_findBar->open();
}

void SessionView::stop()
{
    m_controller->stop();
}

void SessionView::addAttachment(const Acp::ContentBlock &block, const QString &name)
{
    if (block.type == Acp::ContentBlock::Type::Image && client()
        && client()->state() == Acp::AgentClient::State::Ready
        && !client()->capabilities().promptImage) {
        showStatus(tr("This agent does not accept images."), false);
        return;
    }
    Acp::ContentBlock named = block;
    if (named.type == Acp::ContentBlock::Type::Image)
        named.uri = name; // shown on the chip; agents take the data
    m_attachments.append(named);
    updateAttachments();
}

void SessionView::updateAttachments()
{
    QStringList names;
    for (const Acp::ContentBlock &b : std::as_const(m_attachments))
        names << (b.type == Acp::ContentBlock::Type::Image ? b.uri.value_or(tr("image")) : b.name)
                     .toHtmlEscaped();
    m_attachmentsLabel->setText(tr("Attached: %1 &nbsp; <a href='#remove'>remove</a>")
                                    .arg(names.join(QStringLiteral(", "))));
    m_attachmentsLabel->setVisible(!m_attachments.isEmpty());
}

QList<Acp::ContentBlock> SessionView::blocksFor(const QString &text) const
{
    QList<Acp::ContentBlock> blocks{Acp::ContentBlock::fromText(text)};
    for (Acp::ContentBlock block : m_attachments) {
        if (block.type == Acp::ContentBlock::Type::Image)
            block.uri.reset(); // the name was only for the chip
        blocks.append(block);
    }
    for (const QString &mention : m_prompt->mentionedFiles()) {
        const QFileInfo file(QDir(m_cwd).filePath(mention));
        if (file.isFile())
            blocks.append(Acp::ContentBlock::fromResourceLink(
                QUrl::fromLocalFile(file.absoluteFilePath()).toString(), file.fileName()));
    }
    return blocks;
}

QString SessionView::toMarkdown() const
{
    if (!m_session)
        return {};
    return QStringLiteral("# %1\n\n").arg(displayTitle())
        + Acp::TranscriptMarkdown::all(*m_session->transcript());
}

} // namespace Ui
