#pragma once

#include <QString>

#include <optional>

namespace Ui {

// Cuts a long message into pieces that are laid out separately, each small enough to lay out
// well within a frame. Qt's text layout grows faster than the text: a Markdown paragraph of
// 32,000 characters in lines takes over 100 ms, 128,000 over 1.5 s, and a table of 400 rows
// 100 ms (see tests/bench), so a 1 MB log froze the window for minutes. Pieces are cut, in
// order of preference:
//   - after a blank line, outside code fences, where no list or table continues: the pieces
//     render exactly like the whole (the only cut a short message ever gets);
//   - every MaxTableRows rows of a table, the header repeated above the next piece;
//   - at the start of a line: a paragraph is split in two, and a code fence is closed and
//     reopened with its info string, so code stays code;
//   - inside a line longer than MaxSegmentChars, at a space if there is one nearby.
// A piece's source is its `carry` (the reopened fence or the repeated header), the text, and
// for a cut inside a fence the closing fence.
class MessageSegmenter
{
public:
    enum class Syntax { Markdown, PlainText };

    static constexpr qsizetype MinSegmentChars = 1500;
    static constexpr qsizetype MaxSegmentChars = 4000;
    static constexpr int MaxTableRows = 25;

    struct Piece
    {
        qsizetype end = 0; // the piece is text[from, end)
        QString source; // what to render: carry, the text, a closing fence
        QString carry; // what the next piece starts with
    };

    // The next piece of `text` from `from` (where the previous piece ended, with its carry),
    // or nothing when the rest should stay in the growing tail: it is short and has no blank
    // line to cut at yet. `from` < text.size().
    static std::optional<Piece> next(const QString &text, qsizetype from, const QString &carry,
                                     Syntax syntax);

    // The source of the tail: the rest of the text from `from`, after `carry`.
    static QString tail(const QString &text, qsizetype from, const QString &carry);
    // A line (trimmed) that opens or closes a fenced code block.
    static bool isFence(QStringView trimmed);
};

} // namespace Ui
