#include "transcriptview.h"

#include "permissioncard.h"
#include "permissionrules.h"
#include "transcriptmarkdown.h"
#include "writereviewdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QScrollBar>
#include <QUrl>

#include <limits>

namespace Ui {

namespace {
constexpr int FrameMs = 16;

// Code blocks of a message, without the fences: what one pastes into an editor.
QStringList codeBlocks(const QString &markdown)
{
    static const QRegularExpression fence(QStringLiteral("```[^\\n]*\\n(.*?)```"),
                                          QRegularExpression::DotMatchesEverythingOption);
    QStringList code;
    for (auto it = fence.globalMatch(markdown); it.hasNext();)
        code << it.next().captured(1);
    return code;
}
} // namespace

TranscriptView::TranscriptView(Acp::ClientSession *session, QWidget *parent)
    : QListView(parent)
    , m_session(session)
    , m_model(session->transcript())
    , m_delegate(new TranscriptDelegate(session->transcript(), this))
{
    setUp();
    connect(session, &Acp::ClientSession::permissionRequested, this,
            &TranscriptView::addPermissionCard);
    connect(session, &Acp::ClientSession::permissionResolved, this,
            &TranscriptView::removePermissionCard);
    for (const Acp::PendingPermission &p : session->pendingPermissions())
        addPermissionCard(p);
}

TranscriptView::TranscriptView(Acp::TranscriptModel *model, QWidget *parent)
    : QListView(parent)
    , m_model(model)
    , m_delegate(new TranscriptDelegate(model, this))
{
    setUp();
}

void TranscriptView::setUp()
{
    setObjectName(QStringLiteral("transcriptView"));
    setAccessibleName(tr("Transcript"));
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setUniformItemSizes(false);
    setResizeMode(QListView::Adjust);
    // Long histories are laid out in slices, so opening one never freezes the window.
    setLayoutMode(QListView::Batched);
    setBatchSize(50); // well under a frame of layout work per slice (see the bench)
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(true);
    setFrameShape(QFrame::NoFrame);
    setItemDelegate(m_delegate);
    m_delegate->setDark(palette().color(QPalette::Base).lightness() < 128);
    m_delegate->setContext({
        // Commands are kept in the transcript (ours and the agent's own alike), so they show
        // the same live, in a saved copy and after a reload.
        [this](const QString &id) {
            const Acp::CommandOutput *c = m_model->command(id);
            return c ? c->tail.right(TranscriptDelegate::TerminalTailBytes) : QByteArray();
        },
        [this](const Acp::TranscriptEntry &e) { return externalRevision(e); },
        [this](quint64 id) { return m_expanded.contains(id); },
        [this](int row) { return extraHeight(row); },
        [this](const QString &id) {
            const Acp::CommandOutput *c = m_model->command(id);
            return c ? QStringLiteral("$ %1 \u2014 %2")
                           .arg(c->command, Acp::TranscriptMarkdown::commandStatus(c->exit))
                     : QString();
        },
        [this](quint64 id) { return m_showAll.contains(id); },
        // A long message is laid out a few pieces per frame: the next frame goes on.
        [this](int row) { markDirty(row, row); },
    });
    setModel(m_model);

    m_frame.setSingleShot(true);
    m_frame.setInterval(FrameMs);
    connect(&m_frame, &QTimer::timeout, this, &TranscriptView::flushPending);
}

quint64 TranscriptView::externalRevision(const Acp::TranscriptEntry &entry) const
{
    quint64 revision
        = (m_expanded.contains(entry.id) ? 1 : 0) + (m_showAll.contains(entry.id) ? 1ULL << 62 : 0);
    return revision;
}

int TranscriptView::extraHeight(int row) const
{
    // A pending permission's card sits inside its tool call's row.
    if (!m_session)
        return 0;
    for (const Acp::PendingPermission &p : m_session->pendingPermissions()) {
        if (p.toolCallRow == row) {
            const auto card = m_cards.value(p.handle);
            return card ? card->sizeHint().height() + 4 : 0;
        }
    }
    return 0;
}

void TranscriptView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                 const QList<int> &roles)
{
    Q_UNUSED(roles);
    markDirty(topLeft.row(), bottomRight.row());
}

void TranscriptView::markDirty(int first, int last)
{
    // Coalesced: thousands of chunks per second become one relayout per frame.
    m_dirtyFirst = m_dirtyFirst < 0 ? first : qMin(m_dirtyFirst, first);
    m_dirtyLast = qMax(m_dirtyLast, last);
    scheduleFlush();
}

void TranscriptView::scheduleFlush()
{
    if (!m_frame.isActive())
        m_frame.start();
}

void TranscriptView::flushPending()
{
    if (m_dirtyFirst < 0)
        return;
    const int first = m_dirtyFirst;
    const int last = qMin(m_dirtyLast, m_model->rowCount() - 1);
    m_dirtyFirst = m_dirtyLast = -1;
    if (last < first)
        return;
    QListView::dataChanged(m_model->index(first), m_model->index(last), {});
    // Heights changed: relayout (QListView only repaints on dataChanged).
    scheduleDelayedItemsLayout();
    keepAtEnd();
}

void TranscriptView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QListView::rowsInserted(parent, start, end);
    keepAtEnd();
}

void TranscriptView::keepAtEnd()
{
    if (m_follow)
        QTimer::singleShot(0, this, [this] {
            if (m_follow)
                scrollToBottom();
        });
}

void TranscriptView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    // Follow the end only while the user is there (Qt Creator's output pane does the same).
    const QScrollBar *bar = verticalScrollBar();
    m_follow = bar->value() >= bar->maximum() - 4;
}

void TranscriptView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    scheduleDelayedItemsLayout();
}

void TranscriptView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    if (index.isValid()
        && m_model->entry(index.row()).kind == Acp::TranscriptEntry::Kind::Thought) {
        toggleExpanded(index.row());
        return;
    }
    QListView::mouseDoubleClickEvent(event);
}

void TranscriptView::toggleExpanded(int row)
{
    const quint64 id = m_model->entry(row).id;
    if (!m_expanded.remove(id))
        m_expanded.insert(id);
    dataChanged(m_model->index(row), m_model->index(row), {});
}

void TranscriptView::setShowAll(int row, bool all)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const quint64 id = m_model->entry(row).id;
    if (all)
        m_showAll.insert(id);
    else
        m_showAll.remove(id);
    dataChanged(m_model->index(row), m_model->index(row), {});
}

QRect TranscriptView::visualRect(const QModelIndex &index) const
{
    QRect rect = QListView::visualRect(index);
    if (rect.height() < std::numeric_limits<short>::max() || !index.isValid())
        return rect;
    // The height from QListView's own layout (its flow positions are ints), so that painting,
    // indexAt() and clicks agree with it even while a relayout is pending.
    const QModelIndex next = index.siblingAtRow(index.row() + 1);
    if (next.isValid())
        rect.setBottom(QListView::visualRect(next).top() - spacing() - 1);
    else
        rect.setHeight(contentsSize().height() - (rect.top() + verticalOffset()) - spacing());
    return rect;
}

bool TranscriptView::isLaidOut(int row) const
{
    const QModelIndex index = m_model->index(row);
    return index.isValid()
        && m_delegate->isRenderingComplete(
            row, TranscriptDelegate::textWidth(visualRect(index).width()));
}

bool TranscriptView::isCollapsible(int row) const
{
    const Acp::TranscriptEntry &entry = m_model->entry(row);
    return entry.holdsText() && entry.text.size() > TranscriptDelegate::CollapsedChars;
}

void TranscriptView::mouseReleaseEvent(QMouseEvent *event)
{
    // Links in a row (a tool call's file locations) open with the desktop's handler.
    const QModelIndex index = indexAt(event->pos());
    if (index.isValid() && event->button() == Qt::LeftButton) {
        const QString anchor = m_delegate->anchorAt(index.row(), visualRect(index), event->pos());
        if (anchor == QLatin1String("show-all:") || anchor == QLatin1String("show-less:")) {
            setShowAll(index.row(), anchor == QLatin1String("show-all:"));
            return;
        }
        if (anchor == QLatin1String("copy-all:")) {
            QApplication::clipboard()->setText(m_model->entry(index.row()).text);
            return;
        }
        if (anchor.startsWith(QLatin1String("copy:"))) {
            const QStringList code = codeBlocks(m_model->entry(index.row()).text);
            const int n = anchor.mid(5).toInt();
            if (n >= 0 && n < code.size())
                QApplication::clipboard()->setText(code.at(n));
            return;
        }
        if (anchor.startsWith(QLatin1String("forget-rule:"))) {
            // Only the tool call's own note forgets its rule (an agent's message could hold
            // such a link too).
            const auto &answer = m_model->entry(index.row()).ruleAnswer;
            if (m_session && answer && anchor.mid(12) == answer->ruleId)
                m_session->forgetRule(answer->ruleId);
            return;
        }
        if (!anchor.isEmpty()) {
            openLink(anchor);
            return;
        }
    }
    QListView::mouseReleaseEvent(event);
}

void TranscriptView::openLink(const QString &anchor)
{
    // Web and mail links open as any browser would. Anything else an agent wrote (a local
    // path, file:, a custom scheme that may start a program) is opened only when the user
    // agrees; tool call locations inside the session's folders open at once.
    QUrl url(anchor);
    if (anchor.startsWith(QLatin1String("location:"))) {
        const QString path = QUrl::fromPercentEncoding(anchor.mid(9).toUtf8());
        url = QUrl::fromLocalFile(path);
        const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        const QStringList roots = m_session ? m_session->roots() : QStringList();
        for (const QString &root : roots) {
            const QString base = QDir::cleanPath(root);
            if (clean == base || clean.startsWith(base + QLatin1Char('/'))) {
                QDesktopServices::openUrl(url);
                return;
            }
        }
    }
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https")
        || scheme == QLatin1String("mailto")) {
        QDesktopServices::openUrl(url);
        return;
    }
    if (url.isRelative() || scheme.isEmpty())
        url = QUrl::fromLocalFile(url.path());
    auto *ask = new QMessageBox(QMessageBox::Question, tr("Open Link"),
                                tr("The agent's text links to:"), QMessageBox::NoButton, this);
    ask->setObjectName(QStringLiteral("openLinkQuestion"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setTextFormat(Qt::PlainText);
    ask->setInformativeText(url.toDisplayString()
                            + tr("\n\nOpen it with the desktop's default application?"));
    ask->addButton(tr("Open"), QMessageBox::AcceptRole);
    ask->addButton(QMessageBox::Cancel);
    ask->setDefaultButton(QMessageBox::Cancel);
    connect(ask, &QMessageBox::accepted, this, [url] { QDesktopServices::openUrl(url); });
    ask->open();
}

void TranscriptView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        QApplication::clipboard()->setText(selectedText());
        return;
    }
    // Keyboard parity with double-click and "Show details": Enter or Space opens a thought's or
    // a tool call's full text.
    const bool open = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter
        || event->key() == Qt::Key_Space;
    if (open && event->modifiers() == Qt::NoModifier && currentIndex().isValid()) {
        const auto kind = m_model->entry(currentIndex().row()).kind;
        if (kind == Acp::TranscriptEntry::Kind::Thought
            || kind == Acp::TranscriptEntry::Kind::ToolCall) {
            toggleExpanded(currentIndex().row());
            return;
        }
    }
    QListView::keyPressEvent(event);
}

void TranscriptView::contextMenuEvent(QContextMenuEvent *event)
{
    // From the keyboard (Menu key, Shift+F10) the menu is about the current row.
    const QModelIndex index
        = event->reason() == QContextMenuEvent::Keyboard ? currentIndex() : indexAt(event->pos());
    if (!index.isValid())
        return;
    setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(tr("&Copy"), this,
                   [this] { QApplication::clipboard()->setText(selectedText()); });
    const auto kind = m_model->entry(index.row()).kind;
    if (kind == Acp::TranscriptEntry::Kind::Thought || kind == Acp::TranscriptEntry::Kind::ToolCall)
        menu.addAction(tr("Show &details"), this,
                       [this, row = index.row()] { toggleExpanded(row); });
    if (isCollapsible(index.row())) {
        const bool all = m_showAll.contains(m_model->entry(index.row()).id);
        menu.addAction(all ? tr("Show &less") : tr("Show &all"), this,
                       [this, row = index.row(), all] { setShowAll(row, !all); });
    }
    menu.exec(event->reason() == QContextMenuEvent::Keyboard
                  ? viewport()->mapToGlobal(visualRect(index).topLeft())
                  : event->globalPos());
}

void TranscriptView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_delegate->setDark(palette().color(QPalette::Base).lightness() < 128);
        m_delegate->clearCaches();
        scheduleDelayedItemsLayout();
    }
    QListView::changeEvent(event);
}

QString TranscriptView::selectedText() const
{
    const QModelIndex index = currentIndex();
    if (!index.isValid())
        return {};
    const Acp::TranscriptEntry &entry = m_model->entry(index.row());
    if (entry.kind == Acp::TranscriptEntry::Kind::AgentMessage
        || entry.kind == Acp::TranscriptEntry::Kind::UserMessage
        || entry.kind == Acp::TranscriptEntry::Kind::Thought)
        return entry.text; // the Markdown, code blocks and all
    return m_delegate->renderedText(index.row());
}

int TranscriptView::find(const QString &text, bool backwards)
{
    const int count = m_model->rowCount();
    if (text.isEmpty() || count == 0)
        return -1;
    const int start = currentIndex().isValid() ? currentIndex().row() : (backwards ? count : -1);
    for (int step = 1; step <= count; ++step) {
        const int row = ((backwards ? start - step : start + step) % count + count) % count;
        const Acp::TranscriptEntry &entry = m_model->entry(row);
        // Messages are searched in their text as it is (building the document of a megabyte
        // of Markdown to search it would freeze the window); other rows as rendered.
        if (entry.text.contains(text, Qt::CaseInsensitive)
            || (!entry.holdsText()
                && (entry.toolCall.title.contains(text, Qt::CaseInsensitive)
                    || m_delegate->renderedText(row).contains(text, Qt::CaseInsensitive)))) {
            setCurrentIndex(m_model->index(row));
            scrollTo(m_model->index(row), QAbstractItemView::PositionAtCenter);
            m_follow = false; // the user is reading back
            return row;
        }
    }
    return -1;
}

void TranscriptView::reveal(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_follow = false;
    setCurrentIndex(m_model->index(row));
    scrollTo(m_model->index(row), QAbstractItemView::PositionAtCenter);
}

PermissionCard *TranscriptView::permissionCard(quint64 handle) const
{
    return m_cards.value(handle).data();
}

void TranscriptView::addPermissionCard(const Acp::PendingPermission &permission)
{
    if (permission.toolCallRow < 0 || m_cards.contains(permission.handle))
        return;
    const QString title = m_model->entry(permission.toolCallRow).toolCall.title;
    QString projectRule;
    if (m_session) {
        if (const auto rule = m_session->projectRuleFor(permission.handle))
            projectRule = rule->description();
    }
    auto *card = new PermissionCard(permission, title, projectRule, viewport());
    connect(card, &PermissionCard::optionChosen, this,
            [this](quint64 handle, const QString &option, bool keepForProject) {
                if (m_session)
                    m_session->answerPermission(handle, option, keepForProject);
            });
    m_cards.insert(permission.handle, card);
    // The card sits at the bottom of its tool call's row, which grows to make room for it.
    setIndexWidget(m_model->index(permission.toolCallRow), card);
    card->setFocus();
    m_delegate->clearCaches();
    scheduleDelayedItemsLayout();
    keepAtEnd();
}

void TranscriptView::removePermissionCard(quint64 handle)
{
    const auto card = m_cards.take(handle);
    if (!card)
        return;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (indexWidget(m_model->index(row)) == card) {
            setIndexWidget(m_model->index(row), nullptr); // deletes the card
            break;
        }
    }
    m_delegate->clearCaches();
    scheduleDelayedItemsLayout();
}

} // namespace Ui
