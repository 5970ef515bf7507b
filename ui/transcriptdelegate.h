#pragma once

#include "transcriptmodel.h"

#include <QElapsedTimer>
#include <QHash>
#include <QStyledItemDelegate>
#include <QTextDocument>

#include <functional>
#include <memory>
#include <unordered_map>

namespace Ui {

class AgentTextDocument;

// Paints transcript rows as cards: user and agent messages (Markdown, code in a monospace
// font), collapsible thoughts, tool calls (kind, title, status, locations, text, line diffs,
// live terminal output), the plan as a checklist, turn ends and errors.
//
// Rendering a row builds a QTextDocument; documents are cached by (entry id, revision, width,
// extra state) and the cache is bounded, so memory follows what is on screen, not the history.
// Row heights are cached separately (cheap), so laying out 10,000 rows builds each document
// once, not on every scroll.
class TranscriptDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    struct Context
    {
        // Live output of a terminal embedded in a tool call.
        std::function<QByteArray(const QString &terminalId)> terminalOutput;
        // A revision for a row's external state (terminal output, expanded thought, ...).
        std::function<quint64(const Acp::TranscriptEntry &)> externalRevision;
        std::function<bool(quint64 entryId)> isExpanded;
        std::function<int(int row)> extraHeight; // room for an inline card (permission)
        // The command a terminal runs and how it ended ("$ make test", then "exit status 2"); empty
        // when the terminal is not known here (a session loaded later).
        std::function<QString(const QString &terminalId)> terminalSummary;
        // Whether the user asked to see all of a long message ("Show all").
        std::function<bool(quint64 entryId)> showsAll;
        // A row is not rendered in full yet (a long message is rendered a few pieces per
        // frame): lay it out again soon.
        std::function<void(int row)> needsAnotherPass;
    };

    explicit TranscriptDelegate(const Acp::TranscriptModel *model, QObject *parent = nullptr);

    void setContext(Context context) { m_context = std::move(context); }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // Inline cards (index widgets) go at the bottom of their row, below the rendered entry.
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;

    // The text a row renders, for tests, search and copying.
    QString renderedText(int row) const;
    // The plain text of the row as painted (its segments joined), and how many segments: for
    // tests that the segmented rendering reads like the whole. Lays out all of the row now,
    // whatever the budget.
    QString paintedText(int row, int width, int *segments = nullptr) const;
    // Whether the row is rendered as far as it will be (the last piece of a long message laid
    // out, or its collapsed part); for tests and benchmarks.
    bool isRenderingComplete(int row, int width) const;
    // The link under `pos` (view coordinates) in the row drawn in `rect`, if any.
    QString anchorAt(int row, const QRect &rect, const QPoint &pos) const;
    // Colours follow the palette: light cards on a light desktop, dark ones on a dark one.
    void setDark(bool dark) { m_dark = dark; }
    void clearCaches();

    // The width text is laid out at in a row `rowWidth` wide.
    static int textWidth(int rowWidth) { return qMax(120, rowWidth - 2 * (Margin + Padding)); }

    static constexpr int Margin = 8;
    static constexpr int Padding = 10;
    static constexpr int MaxCachedDocuments = 300;
    // How much of a command's output a row looks at: its last lines, however long it gets.
    static constexpr qsizetype TerminalTailBytes = 64 * 1024;
    // A longer message shows this much (about 1,500 lines) and "Show all"; the rest stays in
    // the model, for copying, search and export.
    static constexpr qsizetype CollapsedChars = 64 * 1024;
    // Layout work for long messages, for all rows together: at most LayoutBudgetMs in any
    // LayoutFrameMs of wall time (and one piece over), so that the window answers within a
    // frame however much text arrives. Counted in wall time, not per event-loop pass: one pass
    // can deliver a layout, a paint and a timer one after the other.
    static constexpr int LayoutBudgetMs = 8;
    static constexpr int LayoutFrameMs = 16;

private:
    struct Key
    {
        quint64 revision = 0;
        quint64 external = 0;
        int width = 0;
        bool operator==(const Key &other) const = default;
    };
    // A row's rendering: finished segments of a streaming message (each rendered once) and the
    // part still growing (re-rendered as it changes); other rows have only the tail.
    struct CachedDocument
    {
        Key key; // of the tail
        struct Segment
        {
            std::unique_ptr<QTextDocument> document;
            qsizetype start = 0; // in the message text
            QString carry; // what the piece began with (see MessageSegmenter)
            int codeBlocks = 0; // code blocks completed before it
        };
        std::vector<Segment> segments;
        qsizetype stableChars = 0; // message text covered by the segments
        QString carry; // what the next piece begins with
        int codeBlocks = 0; // code blocks completed in the segments, for "copy:N" numbering
        bool complete = true; // false: more pieces to lay out (see LayoutBudgetMs)
        std::unique_ptr<QTextDocument> tail;
        quint64 lastUse = 0;

        void clearSegments()
        {
            segments.clear();
            stableChars = 0;
            carry.clear();
            codeBlocks = 0;
        }
    };
    struct CachedSize
    {
        Key key;
        int height = 0;
    };

    const CachedDocument &rendered(int row, int width) const;
    // Lays out more pieces of a long message, within the layout budget; false if some are left.
    bool extendSegments(CachedDocument &cached, const Acp::TranscriptEntry &entry, int width) const;
    void buildTail(CachedDocument &cached, const Acp::TranscriptEntry &entry, bool caughtUp) const;
    bool budgetLeft() const;
    void spend(const QElapsedTimer &work) const;
    bool isSegmented(const Acp::TranscriptEntry &entry) const;
    qreal heightOf(const CachedDocument &cached) const;
    // Calls `visit(document, y)` for each part of a rendering, top to bottom; stops on true.
    template<typename Visit>
    void forEachPart(const CachedDocument &cached, Visit visit) const;
    Key keyFor(const Acp::TranscriptEntry &entry, int width) const;
    void evict() const;

    const Acp::TranscriptModel *m_model;
    Context m_context;
    bool m_dark = false;
    mutable std::unordered_map<quint64, CachedDocument> m_documents; // move-only values
    mutable QHash<quint64, CachedSize> m_sizes;
    mutable quint64 m_useCounter = 0;
    mutable QElapsedTimer m_layoutFrame; // see LayoutBudgetMs
    mutable qint64 m_layoutSpentNs = 0; // in this frame
    mutable bool m_unbudgeted = false; // paintedText(): everything, now
};

// Strips ANSI escape sequences (colours, cursor moves) from terminal output.
QString stripAnsi(const QString &text);

} // namespace Ui
