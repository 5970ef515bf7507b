#include "messagesegmenter.h"

namespace Ui {

namespace {

// "|---|:--:|" or "--- | ---": the line under a table's header.
bool isDelimiterRow(QStringView trimmed)
{
    if (!trimmed.contains(QLatin1Char('-')))
        return false;
    for (const QChar c : trimmed) {
        if (c != QLatin1Char('|') && c != QLatin1Char('-') && c != QLatin1Char(':') && !c.isSpace())
            return false;
    }
    return true;
}

// A line that carries on what the line before it began: a list item, indented text, a table
// row. Cutting above it would change how it renders.
bool continues(QStringView line)
{
    const QChar first = line.front();
    return first.isSpace() || first == QLatin1Char('-') || first == QLatin1Char('*')
        || first == QLatin1Char('+') || first.isDigit() || first == QLatin1Char('|');
}

// The fence that closes one opened by `opener` ("```cpp" -> "```").
QString closingFence(const QString &opener)
{
    qsizetype length = 0;
    while (length < opener.size() && opener.at(length) == opener.at(0))
        ++length;
    return opener.left(length);
}

struct State
{
    bool inFence = false;
    QString fenceOpener;
    bool inTable = false;
    QString tableHeader; // header and delimiter rows, each ending in '\n'
    int tableRows = 0; // rows of the table in this piece

    QString carry() const
    {
        if (inFence)
            return fenceOpener + QLatin1Char('\n');
        return inTable ? tableHeader : QString();
    }
};

} // namespace

bool MessageSegmenter::isFence(QStringView trimmed)
{
    return trimmed.startsWith(QLatin1String("```")) || trimmed.startsWith(QLatin1String("~~~"));
}

QString MessageSegmenter::tail(const QString &text, qsizetype from, const QString &carry)
{
    return carry + QStringView(text).mid(from);
}

std::optional<MessageSegmenter::Piece> MessageSegmenter::next(const QString &text, qsizetype from,
                                                              const QString &carry, Syntax syntax)
{
    const bool markdown = syntax == Syntax::Markdown;
    State state;
    if (markdown && !carry.isEmpty()) {
        const QString first = carry.section(QLatin1Char('\n'), 0, 0).trimmed();
        if (isFence(first)) {
            state.inFence = true;
            state.fenceOpener = first;
        } else {
            state.inTable = true;
            state.tableHeader = carry;
        }
    }
    const State initial = state;
    const auto piece = [&](qsizetype end, const State &at) {
        Piece p;
        p.end = end;
        p.source = carry + QStringView(text).mid(from, end - from);
        if (at.inFence) {
            if (!p.source.endsWith(QLatin1Char('\n')))
                p.source += QLatin1Char('\n');
            p.source += closingFence(at.fenceOpener) + QLatin1Char('\n');
        }
        p.carry = at.carry();
        return p;
    };

    qsizetype safeCut = -1;
    qsizetype lineCut = -1;
    State atLineCut;
    bool previousBlank = false;
    QStringView previousLine;
    qsizetype pos = from;
    // Lines are looked for inside the window only: a message of one 5 MB line must not be
    // searched to its end for every piece.
    const qsizetype windowEnd = qMin(text.size(), from + MaxSegmentChars + 1);
    while (pos < text.size() && pos - from <= MaxSegmentChars) {
        qsizetype end = QStringView(text).mid(pos, windowEnd - pos).indexOf(QLatin1Char('\n'));
        if (end >= 0)
            end += pos;
        else if (windowEnd == text.size())
            break; // the last line is still being written
        else
            end = windowEnd; // a line longer than the window: its start is what counts
        const QStringView line = QStringView(text).mid(pos, end - pos);
        const QStringView trimmed = line.trimmed();
        if (pos > from) {
            if (previousBlank && !line.isEmpty() && pos - from >= MinSegmentChars
                && (!markdown || (!state.inFence && !continues(line))))
                safeCut = pos;
            const bool tableRow
                = state.inTable && !trimmed.isEmpty() && trimmed.contains(QLatin1Char('|'));
            if (!state.inTable || tableRow) {
                lineCut = pos;
                atLineCut = state;
                if (!tableRow)
                    atLineCut.inTable = false;
            }
            if (tableRow && state.tableRows >= MaxTableRows && safeCut < 0)
                return piece(pos, state);
        }
        if (markdown) {
            if (isFence(trimmed)) {
                state.inFence = !state.inFence;
                if (state.inFence)
                    state.fenceOpener = trimmed.toString();
                state.inTable = false;
            } else if (!state.inFence) {
                if (state.inTable) {
                    if (trimmed.isEmpty() || !trimmed.contains(QLatin1Char('|')))
                        state.inTable = false;
                    else
                        ++state.tableRows;
                } else if (isDelimiterRow(trimmed) && previousLine.contains(QLatin1Char('|'))) {
                    state.inTable = true;
                    state.tableRows = 0;
                    state.tableHeader = previousLine.toString() + QLatin1Char('\n')
                        + line.toString() + QLatin1Char('\n');
                }
            }
        }
        previousBlank = trimmed.isEmpty();
        previousLine = line;
        pos = end + 1;
    }
    if (safeCut > 0)
        return piece(safeCut, State{});
    if (text.size() - from <= MaxSegmentChars)
        return std::nullopt; // short enough to stay in the tail
    if (lineCut > 0)
        return piece(lineCut, atLineCut);
    // One line longer than a piece: cut inside it, at a space near the limit if there is one,
    // never between the halves of a surrogate pair.
    qsizetype cut = from + MaxSegmentChars;
    for (qsizetype i = cut; i > cut - 200; --i) {
        if (text.at(i - 1) == QLatin1Char(' ')) {
            cut = i;
            break;
        }
    }
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    State inside = initial;
    inside.inTable = false;
    return piece(cut, inside);
}

} // namespace Ui
