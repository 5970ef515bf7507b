#pragma once

#include <QByteArray>

namespace Acp {

// Splits a byte stream into newline-delimited messages (ACP framing, PROTOCOL.md section 1).
//
// Bytes are appended as they arrive and taken out a line at a time, so that a reader under
// backpressure can leave complete lines unparsed in the buffer. Reading never re-scans bytes it
// already looked at, and consumed bytes are dropped in amortised O(1), so a long line arriving
// in many small pieces costs linear time. Lines are cut at '\n' bytes only, which cannot occur
// inside a multibyte UTF-8 sequence: a character split across reads is simply joined.
//
// A line longer than the limit is skipped, never buffered whole: its first HeadBytes are
// handed out (LineTooLong) so that the reader can tell what it was, and the rest of it is
// dropped as it arrives, up to its newline. The lines after it come out as usual.
class LineFramer
{
public:
    explicit LineFramer(qsizetype maxLineSize);

    void append(const QByteArray &bytes);

    enum class Status {
        Line, // `line` holds one message, without its '\n' or trailing '\r'
        NeedMoreData, // no complete line is buffered
        LineTooLong, // a line exceeds maxLineSize: `line` holds its first HeadBytes, and the
                     // rest of it is skipped (also what has not arrived yet)
    };
    static constexpr qsizetype HeadBytes = 4096;
    struct Result
    {
        Status status = Status::NeedMoreData;
        QByteArray line;
    };

    // The next non-blank line.
    Result next();

    // At end of stream: a final line that had no '\n' (blank or not), and empties the buffer.
    QByteArray takeRemainder();

    // Bytes received and not yet taken out as lines.
    qsizetype bufferedBytes() const { return m_buffer.size() - m_readPos; }
    // Whether a complete line is waiting (it may still be blank).
    bool hasCompleteLine() const;
    qsizetype maxLineSize() const { return m_maxLineSize; }
    // Whether the rest of an oversized line is still being dropped.
    bool isSkipping() const { return m_skipping; }

private:
    void compact();

    const qsizetype m_maxLineSize;
    QByteArray m_buffer;
    qsizetype m_readPos = 0; // start of the first unconsumed line
    qsizetype m_scanPos = 0; // bytes before this (from m_readPos on) hold no '\n'
    bool m_skipping = false; // dropping an oversized line up to its newline
};

} // namespace Acp
