#include "transcriptdelegate.h"

#include "agenttextdocument.h"
#include "entryrenderer.h"
#include "messagesegmenter.h"

#include <QAbstractScrollArea>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QTextBlock>
#include <QTextCursor>

namespace Ui {

TranscriptDelegate::TranscriptDelegate(const Acp::TranscriptModel *model, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_model(model)
{ }

void TranscriptDelegate::clearCaches()
{
    m_documents.clear();
    m_sizes.clear();
}

TranscriptDelegate::Key TranscriptDelegate::keyFor(const Acp::TranscriptEntry &entry,
                                                   int width) const
{
    return {entry.revision, m_context.externalRevision ? m_context.externalRevision(entry) : 0,
            width};
}

namespace {

// Code blocks that `part` finishes (its closing fences), starting inside one or not.
int closedFences(QStringView part, bool startsInFence)
{
    int closed = 0;
    bool inFence = startsInFence;
    for (const QStringView line : part.split(QLatin1Char('\n'))) {
        if (MessageSegmenter::isFence(line.trimmed())) {
            if (inFence)
                ++closed;
            inFence = !inFence;
        }
    }
    return closed;
}

QString sizeText(qsizetype chars)
{
    return QLocale().formattedDataSize(chars, 1, QLocale::DataSizeTraditionalFormat);
}

MessageSegmenter::Syntax syntaxOf(const Acp::TranscriptEntry &entry)
{
    return entry.kind == Acp::TranscriptEntry::Kind::UserMessage
        ? MessageSegmenter::Syntax::PlainText
        : MessageSegmenter::Syntax::Markdown;
}

void setUpDocument(QTextDocument &doc)
{
    doc.setDocumentMargin(0);
    doc.setDefaultFont(QApplication::font());
}

} // namespace

bool TranscriptDelegate::isSegmented(const Acp::TranscriptEntry &entry) const
{
    return entry.holdsText()
        && (entry.kind != Acp::TranscriptEntry::Kind::Thought
            || (m_context.isExpanded && m_context.isExpanded(entry.id)));
}

bool TranscriptDelegate::budgetLeft() const
{
    if (m_unbudgeted)
        return true;
    if (!m_layoutFrame.isValid() || m_layoutFrame.elapsed() >= LayoutFrameMs) {
        m_layoutFrame.start();
        m_layoutSpentNs = 0;
    }
    return m_layoutSpentNs < LayoutBudgetMs * qint64(1000000);
}

void TranscriptDelegate::spend(const QElapsedTimer &work) const
{
    m_layoutSpentNs += work.nsecsElapsed();
}

bool TranscriptDelegate::extendSegments(CachedDocument &cached, const Acp::TranscriptEntry &entry,
                                        int width) const
{
    const QString &text = entry.text;
    if (cached.stableChars > text.size()) // another text: start again
        cached.clearSegments();
    const bool all = m_context.showsAll && m_context.showsAll(entry.id);
    const qsizetype limit = all ? text.size() : qMin(text.size(), CollapsedChars);
    // "Show less": the pieces past the limit go.
    while (!cached.segments.empty() && cached.segments.back().start >= limit) {
        cached.stableChars = cached.segments.back().start;
        cached.carry = cached.segments.back().carry;
        cached.codeBlocks = cached.segments.back().codeBlocks;
        cached.segments.pop_back();
    }
    // A new width (the window was resized): the pieces are laid out again, a few per frame like
    // new ones; until then they keep the height they had, so the view does not jump.
    for (auto &segment : cached.segments) {
        if (int(segment.document->textWidth()) == width)
            continue;
        if (!budgetLeft())
            return false;
        QElapsedTimer work;
        work.start();
        segment.document->setTextWidth(width);
        segment.document->size();
        spend(work);
    }
    const MessageSegmenter::Syntax syntax = syntaxOf(entry);
    while (cached.stableChars < limit) {
        if (!budgetLeft())
            return false;
        QElapsedTimer work;
        work.start();
        const auto piece = MessageSegmenter::next(text, cached.stableChars, cached.carry, syntax);
        if (!piece)
            return true; // the rest is the tail
        auto doc = std::make_unique<AgentTextDocument>();
        setUpDocument(*doc);
        if (syntax == MessageSegmenter::Syntax::Markdown) {
            doc->setAgentMarkdown(piece->source);
            EntryRenderer::addCopyLinks(*doc, cached.codeBlocks);
        } else {
            doc->setAgentHtml(EntryRenderer::escape(piece->source));
        }
        doc->setTextWidth(width);
        doc->size(); // laid out now, inside the budget
        CachedDocument::Segment segment{std::move(doc), cached.stableChars, cached.carry,
                                        cached.codeBlocks};
        if (syntax == MessageSegmenter::Syntax::Markdown)
            cached.codeBlocks += closedFences(
                QStringView(text).mid(cached.stableChars, piece->end - cached.stableChars),
                MessageSegmenter::isFence(cached.carry));
        cached.segments.push_back(std::move(segment));
        cached.stableChars = piece->end;
        cached.carry = piece->carry;
        spend(work);
    }
    return true;
}

void TranscriptDelegate::buildTail(CachedDocument &cached, const Acp::TranscriptEntry &entry,
                                   bool caughtUp) const
{
    auto tail = std::make_unique<AgentTextDocument>();
    setUpDocument(*tail);
    const QString &text = entry.text;
    const bool all = m_context.showsAll && m_context.showsAll(entry.id);
    const bool cutShort
        = !all && cached.stableChars >= CollapsedChars && cached.stableChars < text.size();
    const bool markdown = syntaxOf(entry) == MessageSegmenter::Syntax::Markdown;
    if (!caughtUp) {
        tail->setAgentHtml(QStringLiteral("<p style='color:#6e7781'><i>%1</i></p>")
                               .arg(tr("Laying out\u2026 %1 of %2")
                                        .arg(sizeText(cached.stableChars), sizeText(text.size()))));
    } else if (!cutShort) {
        const QString rest = MessageSegmenter::tail(text, cached.stableChars, cached.carry);
        if (markdown) {
            tail->setAgentMarkdown(rest);
            EntryRenderer::addCopyLinks(*tail, cached.codeBlocks);
        } else {
            QString html = EntryRenderer::escape(rest);
            for (const Acp::ContentBlock &block : entry.attachments)
                html += QStringLiteral("<br>%1 <i>%2</i>")
                            .arg(tr("Attached:"),
                                 block.uri.value_or(block.resource.uri).toHtmlEscaped());
            tail->setAgentHtml(html);
        }
    }
    QString footer;
    if (cutShort)
        footer = tr("Showing the first %1 of %2.")
                     .arg(sizeText(cached.stableChars), sizeText(text.size()))
            + QStringLiteral(" <a href='show-all:'>%1</a> &nbsp; <a href='copy-all:'>%2</a>")
                  .arg(tr("Show all"), tr("Copy all"));
    else if (all && caughtUp && text.size() > CollapsedChars)
        footer = QStringLiteral("<a href='show-less:'>%1</a> &nbsp; <a href='copy-all:'>%2</a>")
                     .arg(tr("Show less"), tr("Copy all"));
    if (!footer.isEmpty()) {
        QTextCursor cursor(tail.get());
        cursor.movePosition(QTextCursor::End);
        if (!tail->isEmpty())
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
        cursor.insertHtml(QStringLiteral("<span style='color:#6e7781'>%1</span>").arg(footer));
    }
    cached.tail = std::move(tail);
}

const TranscriptDelegate::CachedDocument &TranscriptDelegate::rendered(int row, int width) const
{
    const Acp::TranscriptEntry &entry = m_model->entry(row);
    const Key key = keyFor(entry, width);
    CachedDocument &cached = m_documents[entry.id];
    cached.lastUse = ++m_useCounter;
    if (!cached.tail || !(cached.key == key) || !cached.complete) {
        if (isSegmented(entry)) {
            cached.complete = extendSegments(cached, entry, width);
            buildTail(cached, entry, cached.complete);
            if (!cached.complete && m_context.needsAnotherPass)
                m_context.needsAnotherPass(row);
        } else {
            cached.clearSegments();
            cached.complete = true;
            auto tail = std::make_unique<AgentTextDocument>();
            EntryRenderer::build(*tail, entry, m_context, m_dark);
            cached.tail = std::move(tail);
        }
        cached.tail->setTextWidth(width);
        cached.key = key;
        if (m_documents.size() > MaxCachedDocuments)
            evict(); // never the current entry: it was used last
    }
    return cached;
}

bool TranscriptDelegate::isRenderingComplete(int row, int width) const
{
    return rendered(row, width).complete;
}

template<typename Visit>
void TranscriptDelegate::forEachPart(const CachedDocument &cached, Visit visit) const
{
    qreal y = 0;
    const qreal gap = QFontMetricsF(QApplication::font()).lineSpacing() / 2;
    for (const auto &segment : cached.segments) {
        if (visit(segment.document.get(), y))
            return;
        y += segment.document->size().height() + gap;
    }
    visit(cached.tail.get(), y);
}

qreal TranscriptDelegate::heightOf(const CachedDocument &cached) const
{
    qreal height = 0;
    forEachPart(cached, [&height](QTextDocument *doc, qreal y) {
        height = y + doc->size().height();
        return false;
    });
    return height;
}

void TranscriptDelegate::evict() const
{
    // Drop the least recently used half; they are rebuilt when scrolled back into view.
    QList<std::pair<quint64, quint64>> uses;
    for (const auto &[id, cached] : m_documents)
        uses.append({cached.lastUse, id});
    std::sort(uses.begin(), uses.end());
    for (qsizetype i = 0; i < uses.size() / 2; ++i)
        m_documents.erase(uses.at(i).second);
}

QSize TranscriptDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    int rowWidth = option.rect.width();
    // QListView::updateGeometries() asks for the first row's size with an empty rectangle (for
    // the scroll step): answer for the view's width, or that row would be laid out again at
    // another width on every layout, and once more when painted.
    if (rowWidth <= 0)
        if (const auto *area = qobject_cast<const QAbstractScrollArea *>(option.widget))
            rowWidth = area->viewport()->width();
    const int width = textWidth(rowWidth);
    const Acp::TranscriptEntry &entry = m_model->entry(index.row());
    const Key key = keyFor(entry, width);
    int height;
    const auto it = m_sizes.constFind(entry.id);
    if (it != m_sizes.constEnd() && it->key == key) {
        height = it->height;
    } else {
        const CachedDocument &cached = rendered(index.row(), width);
        height = int(std::ceil(heightOf(cached)));
        if (cached.complete) // a row still being laid out is asked again
            m_sizes.insert(entry.id, {key, height});
        else
            m_sizes.remove(entry.id);
    }
    const int extra = m_context.extraHeight ? m_context.extraHeight(index.row()) : 0;
    return {rowWidth, height + 2 * (Margin / 2 + Padding) + extra};
}

void TranscriptDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                              const QModelIndex &) const
{
    const int height = editor->sizeHint().height();
    const QRect card = option.rect.adjusted(Margin + Padding, 0, -(Margin + Padding),
                                            -(Margin / 2 + Padding / 2));
    editor->setGeometry(card.left(), card.bottom() - height, card.width(), height);
}

void TranscriptDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    using Kind = Acp::TranscriptEntry::Kind;
    const Acp::TranscriptEntry &entry = m_model->entry(index.row());
    const QRect card = option.rect.adjusted(Margin, Margin / 2, -Margin, -Margin / 2);
    const QPalette &palette = option.palette;
    QColor background = palette.color(QPalette::Base);
    QColor border = palette.color(QPalette::Mid);
    switch (entry.kind) {
    case Kind::UserMessage:
        background = palette.color(QPalette::AlternateBase);
        border = palette.color(QPalette::Highlight);
        break;
    case Kind::ToolCall:
        background = palette.color(QPalette::Window);
        break;
    case Kind::Plan:
        background = palette.color(QPalette::Window);
        break;
    case Kind::Error:
        border = QColor(0xcf, 0x22, 0x2e);
        break;
    case Kind::TurnEnded:
        border = Qt::transparent;
        background = Qt::transparent;
        break;
    default:
        break;
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (option.state & QStyle::State_Selected)
        border = palette.color(QPalette::Highlight);
    QPainterPath path;
    path.addRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    painter->fillPath(path, background);
    painter->setPen(QPen(border, entry.kind == Kind::UserMessage ? 1.5 : 1.0));
    painter->drawPath(path);

    const int width = textWidth(option.rect.width());
    // Only what is on screen is drawn: a long message is taller than the viewport.
    QRectF visible = QRectF(option.rect);
    if (option.widget)
        visible = visible.intersected(QRectF(option.widget->rect()));
    const QPointF origin(card.left() + Padding, card.top() + Padding);
    visible.translate(-origin);
    painter->translate(origin);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = palette;
    context.palette.setColor(QPalette::Text, palette.color(QPalette::Text));
    forEachPart(rendered(index.row(), width), [&](QTextDocument *doc, qreal y) {
        const QRectF part(0, y, width, doc->size().height());
        if (!part.intersects(visible))
            return y > visible.bottom(); // below the screen: stop
        painter->save();
        painter->translate(0, y);
        context.clip = visible.intersected(part).translated(0, -y);
        doc->documentLayout()->draw(painter, context);
        painter->restore();
        return false;
    });
    painter->restore();
}

QString TranscriptDelegate::anchorAt(int row, const QRect &rect, const QPoint &pos) const
{
    const QRect card = rect.adjusted(Margin, Margin / 2, -Margin, -Margin / 2);
    const int width = textWidth(rect.width());
    const QPointF local = QPointF(pos - QPoint(card.left() + Padding, card.top() + Padding));
    QString anchor;
    forEachPart(rendered(row, width), [&](QTextDocument *doc, qreal y) {
        if (local.y() < y || local.y() > y + doc->size().height())
            return false;
        anchor = doc->documentLayout()->anchorAt(local - QPointF(0, y));
        return true;
    });
    return anchor;
}

QString TranscriptDelegate::paintedText(int row, int width, int *segments) const
{
    // All of it, whatever the budget: this is what the row reads like once laid out.
    m_unbudgeted = true;
    const CachedDocument &cached = rendered(row, width);
    m_unbudgeted = false;
    if (segments)
        *segments = int(cached.segments.size());
    QStringList parts;
    forEachPart(cached, [&parts](QTextDocument *doc, qreal) {
        parts << doc->toPlainText();
        return false;
    });
    return parts.join(QLatin1Char('\n'));
}

QString TranscriptDelegate::renderedText(int row) const
{
    AgentTextDocument doc;
    EntryRenderer::build(doc, m_model->entry(row), m_context, m_dark);
    return doc.toPlainText();
}

} // namespace Ui
