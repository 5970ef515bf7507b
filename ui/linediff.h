#pragma once

#include <QList>
#include <QString>

namespace Ui {

// A line diff of a tool call's before/after texts (computed with dtl, Debian's diff template
// library), for the unified and side-by-side views. Line numbers count from 1 within the texts
// the agent sent, which may be a region rather than the whole file (PROTOCOL.md 8.4).
class LineDiff
{
public:
    struct Line
    {
        enum class Kind { Context, Removed, Added };
        Kind kind = Kind::Context;
        QString text;
        int oldNumber = 0; // 0 when the line is not on that side
        int newNumber = 0;
    };
    struct Hunk
    {
        int oldStart = 0, oldCount = 0, newStart = 0, newCount = 0;
        QList<Line> lines;
        QString header() const; // "@@ -a,b +c,d @@"
    };
    // One row of the side-by-side view; an empty side is a gap.
    struct Row
    {
        std::optional<Line> left;
        std::optional<Line> right;
    };

    // `oldText` absent means a new file. `context` lines are kept around each change.
    static LineDiff compute(const std::optional<QString> &oldText, const QString &newText,
                            int context = 3);

    const QList<Hunk> &hunks() const { return m_hunks; }
    int added() const { return m_added; }
    int removed() const { return m_removed; }
    bool isNewFile() const { return m_newFile; }
    QList<Row> sideBySide() const;
    QString unifiedText() const;

private:
    QList<Hunk> m_hunks;
    int m_added = 0;
    int m_removed = 0;
    bool m_newFile = false;
};

} // namespace Ui
