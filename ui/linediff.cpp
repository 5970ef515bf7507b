#include "linediff.h"

#include <dtl/dtl.hpp>

#include <vector>

namespace Ui {

namespace {

std::vector<QString> splitLines(const QString &text)
{
    std::vector<QString> lines;
    if (text.isEmpty())
        return lines;
    const QStringList parts = text.split(QLatin1Char('\n'));
    lines.reserve(size_t(parts.size()));
    for (const QString &part : parts)
        lines.push_back(part);
    if (text.endsWith(QLatin1Char('\n')))
        lines.pop_back(); // a final newline ends the last line; it is not an empty line
    return lines;
}

} // namespace

QString LineDiff::Hunk::header() const
{
    return QStringLiteral("@@ -%1,%2 +%3,%4 @@")
        .arg(oldStart)
        .arg(oldCount)
        .arg(newStart)
        .arg(newCount);
}

LineDiff LineDiff::compute(const std::optional<QString> &oldText, const QString &newText,
                           int context)
{
    LineDiff result;
    result.m_newFile = !oldText.has_value();
    const std::vector<QString> a = splitLines(oldText.value_or(QString()));
    const std::vector<QString> b = splitLines(newText);
    dtl::Diff<QString, std::vector<QString>> diff(a, b);
    diff.onHuge(); // bounded memory for very large texts, at some cost in minimality
    diff.compose();

    // Walk the edit script once, numbering lines, then cut it into hunks with context.
    QList<Line> all;
    int oldNo = 0, newNo = 0;
    for (const auto &[text, info] : diff.getSes().getSequence()) {
        Line line;
        line.text = text;
        switch (info.type) {
        case dtl::SES_DELETE:
            line.kind = Line::Kind::Removed;
            line.oldNumber = ++oldNo;
            ++result.m_removed;
            break;
        case dtl::SES_ADD:
            line.kind = Line::Kind::Added;
            line.newNumber = ++newNo;
            ++result.m_added;
            break;
        default:
            line.kind = Line::Kind::Context;
            line.oldNumber = ++oldNo;
            line.newNumber = ++newNo;
            break;
        }
        all.append(line);
    }
    qsizetype i = 0;
    while (i < all.size()) {
        if (all.at(i).kind == Line::Kind::Context) {
            ++i;
            continue;
        }
        // A change: start `context` lines before it, extend while changes are close together.
        qsizetype start = qMax<qsizetype>(0, i - context);
        qsizetype end = i;
        qsizetype lastChange = i;
        while (end < all.size()) {
            if (all.at(end).kind != Line::Kind::Context)
                lastChange = end;
            else if (end - lastChange > 2 * context)
                break;
            ++end;
        }
        end = qMin(all.size(), lastChange + context + 1);
        Hunk hunk;
        for (qsizetype k = start; k < end; ++k) {
            const Line &line = all.at(k);
            hunk.lines.append(line);
            if (line.kind != Line::Kind::Added) {
                if (!hunk.oldStart)
                    hunk.oldStart = line.oldNumber;
                ++hunk.oldCount;
            }
            if (line.kind != Line::Kind::Removed) {
                if (!hunk.newStart)
                    hunk.newStart = line.newNumber;
                ++hunk.newCount;
            }
        }
        result.m_hunks.append(hunk);
        i = end;
    }
    return result;
}

QList<LineDiff::Row> LineDiff::sideBySide() const
{
    QList<Row> rows;
    for (const Hunk &hunk : m_hunks) {
        QList<Line> removed, added;
        const auto flush = [&] {
            const qsizetype n = qMax(removed.size(), added.size());
            for (qsizetype k = 0; k < n; ++k) {
                Row row;
                if (k < removed.size())
                    row.left = removed.at(k);
                if (k < added.size())
                    row.right = added.at(k);
                rows.append(row);
            }
            removed.clear();
            added.clear();
        };
        for (const Line &line : hunk.lines) {
            if (line.kind == Line::Kind::Removed) {
                removed.append(line);
            } else if (line.kind == Line::Kind::Added) {
                added.append(line);
            } else {
                flush();
                rows.append(Row{line, line});
            }
        }
        flush();
        rows.append(Row{}); // a gap between hunks
    }
    if (!rows.isEmpty())
        rows.removeLast();
    return rows;
}

QString LineDiff::unifiedText() const
{
    QString text;
    for (const Hunk &hunk : m_hunks) {
        text += hunk.header() + QLatin1Char('\n');
        for (const Line &line : hunk.lines) {
            const QChar mark = line.kind == Line::Kind::Added ? QLatin1Char('+')
                : line.kind == Line::Kind::Removed            ? QLatin1Char('-')
                                                              : QLatin1Char(' ');
            text += mark + line.text + QLatin1Char('\n');
        }
    }
    return text;
}

} // namespace Ui
