#pragma once

#include "transcriptmodel.h"

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
    // tests that the segmented rendering reads like the whole.
    QString paintedText(int row, int width, int *segments = nullptr) const;
    // The link under `pos` (view coordinates) in the row drawn in `rect`, if any.
    QString anchorAt(int row, const QRect &rect, const QPoint &pos) const;
    // Colours follow the palette: light cards on a light desktop, dark ones on a dark one.
    void setDark(bool dark) { m_dark = dark; }
    void clearCaches();

    static constexpr int Margin = 8;
    static constexpr int Padding = 10;
    static constexpr int MaxCachedDocuments = 300;
    // How much of a command's output a row looks at: its last lines, however long it gets.
    static constexpr qsizetype TerminalTailBytes = 64 * 1024;

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
        std::vector<std::unique_ptr<QTextDocument>> segments;
        qsizetype stableChars = 0; // message text covered by the segments
        int codeBlocks = 0; // code blocks in the segments, for "copy:N" numbering
        int segmentWidth = 0;
        std::unique_ptr<QTextDocument> tail;
        quint64 lastUse = 0;
    };
    struct CachedSize
    {
        Key key;
        int height = 0;
    };

    const CachedDocument &rendered(int row, int width) const;
    void extendSegments(CachedDocument &cached, const QString &text, int width) const;
    qreal heightOf(const CachedDocument &cached) const;
    // Calls `visit(document, y)` for each part of a rendering, top to bottom; stops on true.
    template<typename Visit>
    void forEachPart(const CachedDocument &cached, Visit visit) const;
    void build(AgentTextDocument &doc, const Acp::TranscriptEntry &entry) const;
    Key keyFor(const Acp::TranscriptEntry &entry, int width) const;
    void evict() const;

    const Acp::TranscriptModel *m_model;
    Context m_context;
    bool m_dark = false;
    mutable std::unordered_map<quint64, CachedDocument> m_documents; // move-only values
    mutable QHash<quint64, CachedSize> m_sizes;
    mutable quint64 m_useCounter = 0;
};

// Strips ANSI escape sequences (colours, cursor moves) from terminal output.
QString stripAnsi(const QString &text);

} // namespace Ui
