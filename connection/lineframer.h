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
class LineFramer
{
public:
    explicit LineFramer(qsizetype maxLineSize);

    void append(const QByteArray &bytes);

    enum class Status {
        Line, // `line` holds one message, without its '\n' or trailing '\r'
        NeedMoreData, // no complete line is buffered
        LineTooLong, // a line exceeds maxLineSize; the framer is unusable afterwards
    };
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

private:
    void compact();

    const qsizetype m_maxLineSize;
    QByteArray m_buffer;
    qsizetype m_readPos = 0; // start of the first unconsumed line
    qsizetype m_scanPos = 0; // bytes before this (from m_readPos on) hold no '\n'
};

} // namespace Acp
