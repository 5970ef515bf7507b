#include "lineframer.h"

namespace Acp {

namespace {

bool isBlank(const char *data, qsizetype size)
{
    for (qsizetype i = 0; i < size; ++i) {
        const char c = data[i];
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

} // namespace

LineFramer::LineFramer(qsizetype maxLineSize)
    : m_maxLineSize(maxLineSize)
{ }

void LineFramer::append(const QByteArray &input)
{
    QByteArray bytes = input;
    if (m_skipping) {
        // The tail of an oversized line: dropped without being kept, up to its newline.
        const qsizetype newline = bytes.indexOf('\n');
        if (newline < 0)
            return;
        m_skipping = false;
        bytes = bytes.mid(newline + 1);
    }
    if (bytes.isEmpty())
        return;
    if (m_readPos == m_buffer.size()) {
        // Everything was consumed: start over without copying.
        m_buffer = bytes;
        m_readPos = 0;
        m_scanPos = 0;
        return;
    }
    m_buffer.append(bytes);
}

bool LineFramer::hasCompleteLine() const
{
    return m_buffer.indexOf('\n', m_scanPos) >= 0;
}

LineFramer::Result LineFramer::next()
{
    for (;;) {
        const qsizetype newline = m_buffer.indexOf('\n', m_scanPos);
        if (newline < 0) {
            m_scanPos = m_buffer.size();
            compact();
            // One byte of grace: a line of exactly the limit may be waiting for the '\n' of
            // its "\r\n" (found writing the oracle of tests/fuzz/fuzz_lineframer.cpp).
            if (bufferedBytes() > m_maxLineSize + 1) {
                // Too long before its end has even arrived: its head goes out, the rest of it
                // is dropped as it comes (append()).
                Result result{Status::LineTooLong, m_buffer.mid(m_readPos, HeadBytes)};
                m_buffer.clear();
                m_readPos = 0;
                m_scanPos = 0;
                m_skipping = true;
                return result;
            }
            return {Status::NeedMoreData, {}};
        }
        const qsizetype start = m_readPos;
        qsizetype length = newline - start;
        m_readPos = newline + 1;
        m_scanPos = m_readPos;
        if (length > 0 && m_buffer.at(start + length - 1) == '\r')
            --length;
        if (length > m_maxLineSize) {
            Result result{Status::LineTooLong, m_buffer.mid(start, qMin(length, HeadBytes))};
            compact();
            return result;
        }
        if (isBlank(m_buffer.constData() + start, length))
            continue;
        Result result{Status::Line, m_buffer.mid(start, length)};
        compact();
        return result;
    }
}

QByteArray LineFramer::takeRemainder()
{
    m_skipping = false;
    QByteArray rest = m_buffer.mid(m_readPos);
    m_buffer.clear();
    m_readPos = 0;
    m_scanPos = 0;
    if (rest.endsWith('\r'))
        rest.chop(1);
    return rest;
}

void LineFramer::compact()
{
    if (m_readPos == 0)
        return;
    if (m_readPos == m_buffer.size()) {
        m_buffer.clear();
        m_scanPos = 0;
        m_readPos = 0;
        return;
    }
    // Drop consumed bytes only once they are at least half of the buffer, so each byte is moved
    // a bounded number of times.
    if (m_readPos >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_readPos);
        m_scanPos -= m_readPos;
        m_readPos = 0;
    }
}

} // namespace Acp
