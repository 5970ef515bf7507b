// The line framer fed arbitrary bytes in arbitrary chunks. The first two bytes choose the line
// size limit and the chunking; the rest is the stream. Checked: every line taken out is what
// the stream holds between its newlines (without a trailing '\r', blank lines skipped), in
// order, and no line exceeds the limit; nothing is lost or invented.

#include "lineframer.h"

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <cstdlib>

namespace {

bool isBlank(const QByteArray &line) // the framer's notion: spaces, tabs and '\r' only
{
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    const qsizetype maxLine = 1 + data[0] * 4; // 1..1021 bytes
    const int chunkSeed = data[1];
    const QByteArray stream(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));

    // What the framer must produce, computed the obvious way.
    QList<QByteArray> expected;
    bool tooLong = false;
    const QList<QByteArray> pieces = stream.split('\n');
    for (qsizetype i = 0; i + 1 < pieces.size(); ++i) { // the last piece has no newline yet
        QByteArray line = pieces.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.size() > maxLine) {
            tooLong = true;
            break;
        }
        if (!isBlank(line))
            expected.append(line);
    }

    Acp::LineFramer framer(maxLine);
    QList<QByteArray> got;
    bool sawTooLong = false;
    qsizetype offset = 0;
    int step = 0;
    while (offset < stream.size() && !sawTooLong) {
        const qsizetype chunk = 1 + (chunkSeed * 31 + step++ * 17) % 97;
        framer.append(stream.mid(offset, chunk));
        offset += chunk;
        for (;;) {
            const Acp::LineFramer::Result r = framer.next();
            if (r.status == Acp::LineFramer::Status::Line) {
                if (r.line.size() > maxLine)
                    std::abort();
                got.append(r.line);
                continue;
            }
            sawTooLong = r.status == Acp::LineFramer::Status::LineTooLong;
            break;
        }
    }
    // Every complete line before a refused one came out, in order, and nothing else.
    if (got != expected)
        std::abort();
    if (sawTooLong) {
        // Refused only for a real reason: a complete line over the limit, or an unfinished
        // one that already is (one byte more: it may end in the '\r' of a "\r\n").
        if (!tooLong && pieces.constLast().size() <= maxLine + 1)
            std::abort();
        return 0;
    }
    if (tooLong)
        std::abort();
    // The unterminated rest comes out at the end of the stream, as it was (less a '\r').
    QByteArray rest = pieces.constLast();
    if (rest.endsWith('\r'))
        rest.chop(1);
    if (framer.takeRemainder() != rest)
        std::abort();
    return 0;
}
