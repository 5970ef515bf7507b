#include "promptarea.h"

#include "clientsession.h"
#include "promptedit.h"
#include "sessioncontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QUrl>
#include <QVBoxLayout>

namespace Ui {

using Acp::ClientSession;
using Acp::ContentBlock;
using Acp::SessionController;

PromptArea::PromptArea(SessionController *controller, const QString &cwd, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_cwd(cwd)
    , m_queue(new QListWidget(this))
    , m_attachmentsLabel(new QLabel(this))
    , m_prompt(new PromptEdit(this))
    , m_send(new QPushButton(tr("Send"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_queue->setObjectName(QStringLiteral("promptQueue"));
    m_queue->setAccessibleName(tr("Queued prompts"));
    m_queue->setMaximumHeight(70);
    m_queue->setToolTip(
        tr("Prompts waiting for the running turn. Delete removes one; double-click edits it."));
    m_queue->hide();
    layout->addWidget(m_queue);
    connect(m_queue, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        // Editing a queued prompt: it comes back into the editor and leaves the queue.
        if (m_controller
            && m_controller->removeQueuedPrompt(item->data(Qt::UserRole).toULongLong()))
            m_prompt->setPlainText(item->text());
    });
    auto *remove
        = new QShortcut(QKeySequence::Delete, m_queue, nullptr, nullptr, Qt::WidgetShortcut);
    connect(remove, &QShortcut::activated, this, [this] {
        if (const QListWidgetItem *item = m_queue->currentItem(); item && m_controller)
            m_controller->removeQueuedPrompt(item->data(Qt::UserRole).toULongLong());
    });

    m_attachmentsLabel->setObjectName(QStringLiteral("attachmentsLabel"));
    m_attachmentsLabel->setContentsMargins(8, 0, 8, 0);
    m_attachmentsLabel->setTextFormat(Qt::RichText);
    m_attachmentsLabel->hide();
    connect(m_attachmentsLabel, &QLabel::linkActivated, this, [this] {
        m_attachments.clear(); // "remove all"
        updateAttachments();
    });
    layout->addWidget(m_attachmentsLabel);
    connect(m_prompt, &PromptEdit::imageAttached, this,
            [this](const QByteArray &png, const QString &name) {
                ContentBlock image;
                image.type = ContentBlock::Type::Image;
                image.mimeType = QStringLiteral("image/png");
                image.data = QString::fromLatin1(png.toBase64());
                addAttachment(image, name);
            });
    connect(m_prompt, &PromptEdit::fileDropped, this, [this](const QString &path) {
        const QFileInfo file(path);
        addAttachment(ContentBlock::fromResourceLink(
                          QUrl::fromLocalFile(file.absoluteFilePath()).toString(), file.fileName()),
                      file.fileName());
    });

    auto *inputRow = new QHBoxLayout;
    inputRow->setContentsMargins(8, 0, 8, 8);
    m_send->setObjectName(QStringLiteral("sendButton"));
    inputRow->addWidget(m_prompt, 1);
    inputRow->addWidget(m_send, 0, Qt::AlignBottom);
    layout->addLayout(inputRow);

    connect(m_prompt, &PromptEdit::submitted, this, &PromptArea::submitted);
    connect(m_send, &QPushButton::clicked, this, [this] {
        const ClientSession *session = m_controller ? m_controller->session() : nullptr;
        const QString text = m_prompt->toPlainText().trimmed();
        if (session && session->turnState() != ClientSession::TurnState::Idle && text.isEmpty()) {
            Q_EMIT stopRequested();
            return;
        }
        if (!text.isEmpty()) {
            m_prompt->clear();
            Q_EMIT submitted(text);
        }
    });
    connect(controller, &SessionController::queueChanged, this, &PromptArea::updateQueue);
    connect(controller, &SessionController::stageChanged, this, &PromptArea::updateState);
    connect(controller, &SessionController::agentStopped, this, &PromptArea::updateState);
    connect(controller, &SessionController::sessionReady, this, [this](ClientSession *session) {
        connect(session, &ClientSession::turnStateChanged, this, &PromptArea::updateState);
        m_prompt->setFocus();
    });
    m_prompt->listFilesUnder(cwd); // for @ completion
    updateState();
}

void PromptArea::updateState()
{
    const Acp::AgentClient *client = m_controller ? m_controller->client() : nullptr;
    const ClientSession *session = m_controller ? m_controller->session() : nullptr;
    // Typing is possible while the agent starts (the prompt waits), not once it has failed.
    const bool usable = m_controller && m_controller->stage() != SessionController::Stage::Failed
        && (!session || (client && client->connection()->isRunning()));
    const auto turn = session ? session->turnState() : ClientSession::TurnState::Idle;
    m_send->setEnabled(usable);
    m_prompt->setEnabled(usable);
    if (turn == ClientSession::TurnState::Cancelling) {
        // Asked to stop and still going: the next press stops the agent itself.
        m_send->setText(tr("Force Stop"));
        m_send->setToolTip(tr("The agent has not stopped its turn yet. Stop the agent's process "
                              "now; the transcript is kept and Restart resumes the session."));
    } else {
        const bool running = turn == ClientSession::TurnState::Running;
        m_send->setText(running ? tr("Stop") : tr("Send"));
        m_send->setToolTip(running ? tr("Stop the turn (Esc). Text typed now is queued.")
                               : session
                               ? tr("Send (Enter)")
                               : tr("Send (Enter). The prompt goes once the session is open."));
    }
}

void PromptArea::updateQueue()
{
    m_queue->clear();
    if (!m_controller)
        return;
    for (const Acp::QueuedPrompt &queued : m_controller->queuedPrompts()) {
        QString text;
        for (const ContentBlock &b : queued.blocks)
            text += b.text;
        auto *item = new QListWidgetItem(text, m_queue);
        item->setData(Qt::UserRole, queued.id);
    }
    m_queue->setVisible(m_queue->count() > 0);
}

void PromptArea::addAttachment(const ContentBlock &block, const QString &name)
{
    const Acp::AgentClient *client = m_controller ? m_controller->client() : nullptr;
    if (block.type == ContentBlock::Type::Image && client
        && client->state() == Acp::AgentClient::State::Ready
        && !client->capabilities().promptImage) {
        Q_EMIT notice(tr("This agent does not accept images."));
        return;
    }
    ContentBlock named = block;
    if (named.type == ContentBlock::Type::Image)
        named.uri = name; // shown on the chip; agents take the data
    m_attachments.append(named);
    updateAttachments();
}

void PromptArea::updateAttachments()
{
    QStringList names;
    for (const ContentBlock &b : std::as_const(m_attachments))
        names << (b.type == ContentBlock::Type::Image ? b.uri.value_or(tr("image")) : b.name)
                     .toHtmlEscaped();
    m_attachmentsLabel->setText(tr("Attached: %1 &nbsp; <a href='#remove'>remove</a>")
                                    .arg(names.join(QStringLiteral(", "))));
    m_attachmentsLabel->setVisible(!m_attachments.isEmpty());
}

QList<ContentBlock> PromptArea::takeBlocks(const QString &text)
{
    QList<ContentBlock> blocks{ContentBlock::fromText(text)};
    for (ContentBlock block : std::exchange(m_attachments, {})) {
        if (block.type == ContentBlock::Type::Image)
            block.uri.reset(); // the name was only for the chip
        blocks.append(block);
    }
    updateAttachments();
    for (const QString &mention : m_prompt->mentionedFiles()) {
        const QFileInfo file(QDir(m_cwd).filePath(mention));
        if (file.isFile())
            blocks.append(ContentBlock::fromResourceLink(
                QUrl::fromLocalFile(file.absoluteFilePath()).toString(), file.fileName()));
    }
    return blocks;
}

} // namespace Ui
