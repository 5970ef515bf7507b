// The line framer fed arbitrary bytes in arbitrary chunks. The first two bytes choose the line
// size limit and the chunking; the rest is the stream. Checked: every line taken out is what
// the stream holds between its newlines (without a trailing '\r', blank lines skipped), in
// order, and no line exceeds the limit; a line over it is reported once, with its start, and
// the lines after it still come out; nothing is lost or invented.

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

    // What the framer must produce, computed the obvious way: every line in order, blank
    // ones left out, and in place of a line over the limit one "too long" holding its start.
    struct Event
    {
        bool tooLong = false;
        QByteArray line; // tooLong: the whole line, of which the framer hands out a prefix
    };
    QList<Event> expected;
    const QList<QByteArray> pieces = stream.split('\n');
    for (qsizetype i = 0; i + 1 < pieces.size(); ++i) { // the last piece has no newline yet
        QByteArray line = pieces.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.size() > maxLine)
            expected.append({true, pieces.at(i)});
        else if (!isBlank(line))
            expected.append({false, line});
    }
    // An unfinished last line is refused once it is surely too long (one byte of grace: it
    // may still end in the '\r' of a "\r\n"), and then nothing of it remains.
    const bool lastTooLong = pieces.constLast().size() > maxLine + 1;
    if (lastTooLong)
        expected.append({true, pieces.constLast()});

    Acp::LineFramer framer(maxLine);
    QList<Acp::LineFramer::Result> got;
    qsizetype offset = 0;
    int step = 0;
    while (offset < stream.size()) {
        const qsizetype chunk = 1 + (chunkSeed * 31 + step++ * 17) % 97;
        framer.append(stream.mid(offset, chunk));
        offset += chunk;
        for (;;) {
            const Acp::LineFramer::Result r = framer.next();
            if (r.status == Acp::LineFramer::Status::NeedMoreData)
                break;
            if (r.status == Acp::LineFramer::Status::Line && r.line.size() > maxLine)
                std::abort();
            got.append(r);
        }
    }
    if (got.size() != expected.size())
        std::abort();
    for (qsizetype i = 0; i < got.size(); ++i) {
        const bool tooLong = got.at(i).status == Acp::LineFramer::Status::LineTooLong;
        if (tooLong != expected.at(i).tooLong)
            std::abort();
        if (!tooLong && got.at(i).line != expected.at(i).line)
            std::abort();
        // The head of a skipped line: its start, long enough to tell what it was, bounded.
        if (tooLong
            && (!expected.at(i).line.startsWith(got.at(i).line)
                || got.at(i).line.size() > Acp::LineFramer::HeadBytes
                || got.at(i).line.size() < qMin(Acp::LineFramer::HeadBytes, maxLine + 1)))
            std::abort();
    }
    // The unterminated rest comes out at the end of the stream, as it was (less a '\r'),
    // unless it was skipped as too long.
    QByteArray rest = lastTooLong ? QByteArray() : pieces.constLast();
    if (rest.endsWith('\r'))
        rest.chop(1);
    if (framer.takeRemainder() != rest)
        std::abort();
    return 0;
}
